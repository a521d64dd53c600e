package fr.accueil.bench;

import fr.accueil.domain.booking.BookingRequest;
import fr.accueil.domain.booking.BookingService;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotFullException;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.handlers.AppContext;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoSlotStore;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;

/**
 * Booking through BookingService and the DynamoDB adapters: many attempts on one slot, and the
 * throughput on disjoint slots against the very writes each booking made (the booking transaction,
 * its history and counters, its confirmation), recorded from its own requests and sent again raw
 * onto fresh slots and keys.
 */
final class BookingBench {
    private static final int THREADS = 16;

    private BookingBench() {
    }

    static void run(Report report, int contenders, int disjoint) throws Exception {
        Recorder recorder = new Recorder();
        DynamoDbClient dynamo = AwsClients.configure(DynamoDbClient.builder(), "DYNAMODB")
                .overrideConfiguration(c -> c.addExecutionInterceptor(recorder)).build();
        // The functions' own stores and services, on a client that sees every request a booking makes.
        AppContext app = AppContext.fromEnvironment(dynamo);
        BookingService service = app.booking().service();
        DynamoSlotStore slots = new DynamoSlotStore(dynamo, Environment.required("BOOKING_TABLE"), app.clock(), app.retention());
        Permanence permanence = app.directory().permanences(app.territoryId()).get(0);
        Site site = app.directory().site(app.territoryId(), permanence.siteId()).orElseThrow();
        // Starts every minute from two days on: inside the booking window, apart from the generated slots' ids.
        ZonedDateTime base = app.clock().instant().plus(Duration.ofDays(2)).atZone(site.zone()).truncatedTo(ChronoUnit.HOURS).plusMinutes(7);

        // 1. Contention: one place, many callers at once.
        Slot contended = slot(permanence, base, 0);
        slots.save(List.of(contended));
        AtomicInteger won = new AtomicInteger();
        AtomicInteger full = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        java.util.concurrent.atomic.AtomicReference<RuntimeException> firstError = new java.util.concurrent.atomic.AtomicReference<>();
        ExecutorService crowd = Executors.newFixedThreadPool(contenders);
        CountDownLatch ready = new CountDownLatch(contenders);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> attempts = new ArrayList<>();
        for (int i = 0; i < contenders; i++) {
            int caller = i;
            attempts.add(crowd.submit(() -> {
                ready.countDown();
                go.await();
                try {
                    service.book(request(contended, caller), "contention-" + caller, null);
                    won.incrementAndGet();
                } catch (SlotFullException e) {
                    full.incrementAndGet();
                } catch (RuntimeException e) {
                    failed.incrementAndGet();
                    firstError.compareAndSet(null, e);
                }
                return null;
            }));
        }
        ready.await();
        long start = System.nanoTime();
        go.countDown();
        for (Future<?> attempt : attempts) {
            try {
                attempt.get();
            } catch (Exception ignored) {
                // counted in failed
            }
        }
        double contentionMillis = (System.nanoTime() - start) / 1e6;
        crowd.shutdown();
        int booked = slots.find(contended.id()).orElseThrow().booked();
        report.figure("booking", contenders + " concurrent attempts on one place: " + won.get() + " won, " + full.get()
                        + " full, " + failed.get() + " errors, booked = " + booked,
                Report.ms(contentionMillis) + " in all", "", Double.NaN);
        if (won.get() != 1 || booked != 1 || failed.get() != 0 || full.get() != contenders - 1) {
            throw new IllegalStateException("capacity broken under contention: " + won.get() + " won, " + full.get()
                    + " full, " + failed.get() + " errors, booked " + booked, firstError.get());
        }

        // 2. Throughput on disjoint slots: ours, recording every request of each booking.
        List<Slot> ourSlots = new ArrayList<>();
        List<Slot> rawSlots = new ArrayList<>();
        for (int i = 0; i < disjoint; i++) {
            ourSlots.add(slot(permanence, base, 1 + i));
            rawSlots.add(slot(permanence, base, 1 + disjoint + i));
        }
        slots.save(ourSlots);
        slots.save(rawSlots);
        recorder.start(disjoint);
        double ours = throughput(disjoint, i -> recorder.during(i, () -> service.book(request(ourSlots.get(i), i), "disjoint-" + i, null)));
        List<List<DynamoDbRequest>> writes = new ArrayList<>();
        for (int i = 0; i < disjoint; i++) {
            String ourSlot = ourSlots.get(i).id();
            String rawSlot = rawSlots.get(i).id();
            writes.add(recorder.writesOf(i).stream().map(write -> Replay.moved(write, ourSlot, rawSlot)).toList());
        }
        // The same writes, raw: no read, no rule, no retry but DynamoDB's own.
        DynamoDbClient plain = AppContext.get().dynamo();
        AtomicInteger conflicts = new AtomicInteger();
        double raw = throughput(disjoint, i -> writes.get(i).forEach(write -> Replay.send(plain, write, conflicts)));
        report.atLeast("booking", disjoint + " bookings on disjoint slots, " + THREADS + " threads",
                Report.number(ours) + " /s", Report.number(raw) + " /s (its writes, raw)", ours / raw, 0.5);
        report.note("requests per booking on disjoint slots: " + recorder.perBooking(disjoint)
                + "; the raw baseline sends the same writes (" + Replay.describe(writes.get(0))
                + ") with fresh keys, and met " + conflicts.get() + " transaction conflicts on the day's counters");
    }

    private interface Task {
        void run(int index) throws Exception;
    }

    /** Operations per second over {@code count} tasks on {@link #THREADS} threads. */
    private static double throughput(int count, Task task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        AtomicInteger next = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        long start = System.nanoTime();
        for (int t = 0; t < THREADS; t++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                    task.run(i);
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        pool.shutdown();
        return count / seconds;
    }

    private static Slot slot(Permanence permanence, ZonedDateTime base, int minutes) {
        ZonedDateTime start = base.plusMinutes(minutes);
        return new Slot(Slot.idOf(permanence.id(), start.toLocalDateTime()) + "b", permanence.id(), permanence.siteId(),
                permanence.partnerId(), permanence.themeIds(), start, start.plusMinutes(permanence.slotMinutes()), 1, 0);
    }

    private static BookingRequest request(Slot slot, int caller) {
        return new BookingRequest(slot.id(), slot.themeIds().get(0), "Jeanne Martin", String.format("+3361%07d", caller), null, null, Channel.WEB);
    }

    /** Every request of each booking, by booking: the interceptor runs on the thread that books. */
    private static final class Recorder implements ExecutionInterceptor {
        private final ThreadLocal<Integer> booking = new ThreadLocal<>();
        private final Map<String, AtomicInteger> requests = new java.util.concurrent.ConcurrentHashMap<>();
        private List<Queue<DynamoDbRequest>> byBooking = List.of();

        void start(int bookings) {
            requests.clear();
            List<Queue<DynamoDbRequest>> queues = new ArrayList<>();
            for (int i = 0; i < bookings; i++) {
                queues.add(new ConcurrentLinkedQueue<>());
            }
            byBooking = queues;
        }

        void during(int index, Runnable work) {
            booking.set(index);
            try {
                work.run();
            } finally {
                booking.remove();
            }
        }

        List<DynamoDbRequest> writesOf(int index) {
            return byBooking.get(index).stream().filter(Replay::isWrite).toList();
        }

        String perBooking(int bookings) {
            return new java.util.TreeMap<>(requests).entrySet().stream()
                    .map(e -> e.getKey() + " " + Report.number((double) e.getValue().get() / bookings))
                    .reduce((a, b) -> a + ", " + b).orElse("none");
        }

        @Override
        public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
            Integer index = booking.get();
            if (index != null && context.request() instanceof DynamoDbRequest request) {
                requests.computeIfAbsent(request.getClass().getSimpleName().replace("Request", ""), o -> new AtomicInteger())
                        .incrementAndGet();
                byBooking.get(index).add(request);
            }
        }
    }
}
