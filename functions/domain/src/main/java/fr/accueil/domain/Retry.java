package fr.accueil.domain;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;

/**
 * Tries an action again while what it throws is worth another try, a bounded number of times, waiting between
 * two tries a delay that doubles from {@code first} up to {@code cap}. The delay is jittered (half of it fixed,
 * half random) so that writers who collided do not collide again at the same moment.
 */
public final class Retry {
    /** Waits; tests pass one that records the waits or advances their clock. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration);

        static Sleeper threadSleep() {
            return duration -> {
                try {
                    Thread.sleep(duration.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting to try again", e);
                }
            };
        }
    }

    /** One try; {@code attempt} counts from 0 (a write keeps its own token per try, for instance). */
    @FunctionalInterface
    public interface Attempt<T, E extends Exception> {
        T run(int attempt) throws E;
    }

    private final int maxAttempts;
    private final Duration first;
    private final Duration cap;
    private final Sleeper sleeper;
    private final RandomGenerator random;

    public Retry(int maxAttempts, Duration first, Duration cap, Sleeper sleeper, RandomGenerator random) {
        if (maxAttempts < 1 || first.isNegative() || cap.compareTo(first) < 0) {
            throw new IllegalArgumentException("a retry needs one attempt at least and a cap no shorter than the first delay");
        }
        this.maxAttempts = maxAttempts;
        this.first = first;
        this.cap = cap;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Waiting on the thread, with the thread's own random numbers. */
    public static Retry of(int maxAttempts, Duration first, Duration cap) {
        return new Retry(maxAttempts, first, cap, Sleeper.threadSleep(), () -> ThreadLocalRandom.current().nextLong());
    }

    /** The same bounds and jitter, waiting with {@code sleeper}. */
    public Retry waitingWith(Sleeper sleeper) {
        return new Retry(maxAttempts, first, cap, sleeper, random);
    }

    /**
     * Runs {@code attempt} until it returns; what it throws goes to the caller at once unless {@code retryable}
     * accepts it and attempts remain (the last one's exception goes to the caller then).
     */
    public <T, E extends Exception> T call(Predicate<? super Exception> retryable, Attempt<T, E> attempt) throws E {
        for (int n = 0; ; n++) {
            try {
                return attempt.run(n);
            } catch (Exception e) {
                if (n + 1 >= maxAttempts || !retryable.test(e)) {
                    throw e;
                }
                sleeper.sleep(delay(n));
            }
        }
    }

    /** The wait after try {@code attempt} (from 0): between half and all of {@code first × 2^attempt}, at most {@code cap}. */
    Duration delay(int attempt) {
        long full = first.toNanos();
        for (int i = 0; i < attempt && full < cap.toNanos(); i++) {
            full *= 2;
        }
        full = Math.min(full, cap.toNanos());
        long half = full / 2;
        return Duration.ofNanos(full - half + (half == 0 ? 0 : random.nextLong(half + 1)));
    }
}
