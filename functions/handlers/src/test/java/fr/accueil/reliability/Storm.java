package fr.accueil.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs an action from many threads for a fixed time. The time is a few seconds by default, so
 * the suite stays within the test command; {@code -Daccueil.storm.seconds=60} storms longer.
 */
final class Storm {
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

    /** Runs {@code step} in a loop on {@code threads} threads until {@code duration} has passed; rethrows the first unexpected failure. */
    static void run(int threads, Duration duration, Step step) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + duration.toNanos();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int worker = t;
                workers.add(pool.submit(() -> {
                    while (System.nanoTime() < end) {
                        step.run(worker);
                    }
                    return null;
                }));
            }
            for (Future<?> worker : workers) {
                worker.get(duration.toMillis() + 120_000, TimeUnit.MILLISECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** The line README quotes: {@code storm.<name> key=value …}. */
    static void report(String name, Object... keyValues) {
        StringBuilder line = new StringBuilder("[reliability] ").append(name);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            line.append(' ').append(keyValues[i]).append('=').append(keyValues[i + 1]);
        }
        System.out.println(line);
    }
}
