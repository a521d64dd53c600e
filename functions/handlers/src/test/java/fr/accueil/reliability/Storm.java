package fr.accueil.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * Runs an action from many threads for a fixed time, and on until every kind of operation was done
 * a few times (a loaded machine does less in the same time), within a cap. The time is a few
 * seconds by default, so the suite stays within the test command; {@code -Daccueil.storm.seconds=60}
 * storms longer.
 */
final class Storm {
    /** However slow the machine, a storm stops here. */
    static final Duration CAP = Duration.ofSeconds(90);

    private Storm() {
    }

    static Duration duration(double defaultSeconds) {
        String configured = System.getProperty("accueil.storm.seconds");
        double seconds = configured == null || configured.isBlank() ? defaultSeconds : Double.parseDouble(configured);
        return Duration.ofMillis((long) (seconds * 1000));
    }

    /** One step of a worker; returns nothing, records what it did itself. */
    @FunctionalInterface
    interface Step {
        void run(int worker) throws Exception;
    }

    /**
     * Runs {@code step} in a loop on {@code threads} threads until {@code duration} has passed and
     * {@code enough} holds, or {@link #CAP} has passed (then longer than {@code duration}); rethrows
     * the first unexpected failure.
     *
     * @return whether {@code enough} held when the storm stopped
     */
    static boolean run(int threads, Duration duration, BooleanSupplier enough, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        long cap = start + Math.max(duration.toNanos(), CAP.toNanos());
        AtomicBoolean stop = new AtomicBoolean();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        long now = System.nanoTime();
                        if (now >= cap || now >= end && enough.getAsBoolean()) {
                            stop.set(true);
                            break;
                        }
                        step.run(worker);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(cap - System.nanoTime() + TimeUnit.SECONDS.toNanos(120), TimeUnit.NANOSECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        return enough.getAsBoolean();
    }

    /** The line docs/reliability-and-security.md quotes: {@code storm.<name> key=value …}. */
    static void report(String name, Object... keyValues) {
        StringBuilder line = new StringBuilder("[reliability] ").append(name);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
        }
        System.out.println(line);
    }
}
