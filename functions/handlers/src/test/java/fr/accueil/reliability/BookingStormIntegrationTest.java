package fr.accueil.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotFullException;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.storage.dynamodb.DynamoAppointmentStore;
import fr.accueil.storage.dynamodb.DynamoSlotStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Bookings, cancellations and moves from 16 threads on the same few slots for a fixed time (and
 * until each was done a few times), without and with DynamoDB faults injected at the SDK level —
 * throttling, 500s, transaction conflicts, writes applied whose answer was lost. Afterwards, read from the table:
 * each slot's counter equals its live appointments and never exceeds its capacity, FreeSlots
 * lists exactly the slots with room, and every answer a citizen got is what the table holds
 * (no appointment lost, none cancelled or moved without the citizen being told so).
 */
class BookingStormIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private static final Duration RETENTION = Duration.ofDays(365);
    private static final int THREADS = 16;
    /** Each operation at least this many times, however slow the machine. */
    private static final int MIN_EACH = 5;

    private final String permanence = "storm-" + UUID.randomUUID();
    private final String site = "storm-site-" + UUID.randomUUID();

    private Slot slot(int index, int capacity) {
        ZonedDateTime start = LocalDateTime.parse("2026-12-08T09:00").plusMinutes(30L * index).atZone(PARIS);
        return new Slot(Slot.idOf(permanence, start.toLocalDateTime()), permanence, site, "carsat",
                List.of("retraite"), start, start.plusMinutes(30), capacity, 0);
    }

    private static Appointment appointment(Slot slot) {
        return new Appointment(UUID.randomUUID().toString(), slot.id(), slot.permanenceId(), slot.siteId(),
                slot.partnerId(), "retraite", slot.start(), slot.end(), "Jeanne Martin", "+33612345678", null, null,
                AppointmentStatus.BOOKED, Channel.WEB, CLOCK.instant(), "hash", null);
    }

    @ParameterizedTest(name = "faults on {0} of the calls")
    @ValueSource(doubles = {0.0, 0.1})
    void countersMatchLiveAppointmentsAndNoAnswerIsLost(double faultShare) throws Exception {
        DynamoFaults faults = new DynamoFaults(faultShare);
        DynamoDbClient client = faults.client(STACK);
        String table = STACK.table("BookingTable");
        DynamoSlotStore slots = new DynamoSlotStore(client, table, CLOCK, RETENTION);
        DynamoAppointmentStore store = new DynamoAppointmentStore(client, table, CLOCK, RETENTION);
        List<Slot> all = List.of(slot(0, 1), slot(1, 2), slot(2, 3), slot(3, 1), slot(4, 2));
        faults.enabled(false);
        slots.save(all);
        faults.enabled(true);

        // What each citizen was told: appointment id → the slot it holds, or null once cancelled.
        Map<String, String> told = new ConcurrentHashMap<>();
        ConcurrentLinkedQueue<Appointment> held = new ConcurrentLinkedQueue<>();
        LongAdder booked = new LongAdder(), full = new LongAdder(), cancelled = new LongAdder(), moved = new LongAdder(),
                moveRefused = new LongAdder(), gaveUp = new LongAdder(), operations = new LongAdder();
        long started = System.nanoTime();
        boolean enough = Storm.run(THREADS, Storm.duration(2), () -> booked.sum() >= MIN_EACH && cancelled.sum() >= MIN_EACH
                && moved.sum() >= MIN_EACH && (faultShare == 0 || Arrays.stream(DynamoFaults.Kind.values()).allMatch(k -> faults.injected(k) > 0)),
                worker -> {
            ThreadLocalRandom random = ThreadLocalRandom.current();
            operations.increment();
            int action = random.nextInt(10);
            Appointment mine = action < 5 ? null : held.poll();
            try {
                if (mine == null) {
                    // The slot as first listed: its counter is stale, as a citizen's page is.
                    Slot slot = all.get(random.nextInt(all.size()));
                    Appointment got = store.book(slot, appointment(slot), "storm-" + UUID.randomUUID());
                    told.put(got.id(), got.slotId());
                    held.add(got);
                    booked.increment();
                } else if (action < 8) {
                    if (store.cancel(mine)) {
                        told.put(mine.id(), "");
                        cancelled.increment();
                    } else {
                        held.add(mine);
                    }
                } else {
                    Slot target = all.get(random.nextInt(all.size()));
                    if (target.id().equals(mine.slotId())) {
                        held.add(mine);
                        return;
                    }
                    Appointment next = mine.movedTo(target);
                    store.reschedule(mine, next, List.of());
                    told.put(next.id(), next.slotId());
                    held.add(next);
                    moved.increment();
                }
            } catch (SlotFullException e) {
                (mine == null ? full : moveRefused).increment();
                if (mine != null) {
                    held.add(mine);
                }
            } catch (SdkException | IllegalStateException | ValidationException e) {
                // The store gave up (retries exhausted): the citizen is told it failed, and nothing must have changed.
                gaveUp.increment();
                if (mine != null) {
                    held.add(mine);
                }
            }
        });
        faults.enabled(false);
        double seconds = (System.nanoTime() - started) / 1e9;

        int lost = 0;
        Set<String> freeListed = slots.freeSlots(permanence, Instant.parse("2026-12-01T00:00:00Z"),
                Instant.parse("2026-12-31T00:00:00Z"), 50, null).items().stream().map(Slot::id).collect(Collectors.toSet());
        Map<String, List<Appointment>> liveBySlot = store.bySiteAndDate(site, LocalDate.parse("2026-12-08")).stream()
                .filter(a -> a.status() == AppointmentStatus.BOOKED)
                .collect(Collectors.groupingBy(Appointment::slotId));
        for (Slot slot : all) {
            Slot stored = slots.find(slot.id()).orElseThrow();
            int live = liveBySlot.getOrDefault(slot.id(), List.of()).size();
            assertEquals(live, stored.booked(), "counter of " + slot.id());
            assertTrue(stored.booked() <= slot.capacity(), "capacity of " + slot.id());
            assertEquals(stored.booked() < slot.capacity(), freeListed.contains(slot.id()), "FreeSlots for " + slot.id());
        }
        Set<String> liveIds = new HashSet<>();
        liveBySlot.values().forEach(list -> list.forEach(a -> liveIds.add(a.id())));
        for (Map.Entry<String, String> answer : told.entrySet()) {
            Appointment stored = store.find(answer.getKey()).orElse(null);
            boolean kept = answer.getValue().isEmpty()
                    ? stored != null && stored.status() == AppointmentStatus.CANCELLED
                    : stored != null && stored.status() == AppointmentStatus.BOOKED && stored.slotId().equals(answer.getValue());
            lost += kept ? 0 : 1;
        }
        List<String> unexplained = new ArrayList<>(liveIds);
        unexplained.removeIf(id -> !told.getOrDefault(id, "").isEmpty());
        Storm.report("storm.booking", "faultShare", faultShare, "threads", THREADS, "seconds", String.format(java.util.Locale.ROOT, "%.1f", seconds),
                "operations", operations.sum(),
                "booked", booked.sum(), "slotFull", full.sum(), "cancelled", cancelled.sum(), "moved", moved.sum(),
                "moveRefused", moveRefused.sum(), "gaveUp", gaveUp.sum(), "sdkCalls", faults.calls(),
                "faultsInjected", faults.injected(), "throttling", faults.injected(DynamoFaults.Kind.THROTTLING),
                "serverErrors", faults.injected(DynamoFaults.Kind.SERVER_ERROR),
                "transactionConflicts", faults.injected(DynamoFaults.Kind.TRANSACTION_CONFLICT),
                "lostAnswers", faults.injected(DynamoFaults.Kind.APPLIED_ANSWER_LOST),
                "dataLost", lost + unexplained.size());
        assertEquals(0, lost, "answers the table does not hold");
        assertEquals(List.of(), unexplained, "live appointments nobody was told of");
        assertTrue(enough, "within " + Storm.CAP + ", at least " + MIN_EACH + " bookings, cancellations and moves"
                + (faultShare > 0 ? " and every kind of fault" : ""));
    }
}
