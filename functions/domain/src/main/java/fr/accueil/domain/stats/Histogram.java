package fr.accueil.domain.stats;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A duration distribution kept as counters with fixed bounds, so it adds up like any counter (across days,
 * weeks, scopes) and a percentile is read back without the raw values. A value counts in the first bucket
 * whose bound it does not exceed ({@code name.le<bound>}), or in {@code name.over<last bound>}.
 * A percentile is thus known to a bucket: it lies between the bucket's lower and upper bound.
 */
public enum Histogram {
    /** Delay from a callback's request to the call that reached the citizen, in minutes. */
    CALLBACK_DELAY("callbackDelay", "minutes", 60, new long[] {5, 15, 30, 60, 120, 240, 480, 1440, 2880, 4320, 10080}),
    /** Time from booking to the appointment's start, in hours. */
    BOOKING_LEAD_TIME("bookingLeadTime", "hours", 3600, new long[] {4, 24, 48, 72, 120, 168, 336, 504, 720, 1440});

    private final String name;
    private final String unit;
    private final long secondsPerUnit;
    private final long[] bounds;

    Histogram(String name, String unit, long secondsPerUnit, long[] bounds) {
        this.name = name;
        this.unit = unit;
        this.secondsPerUnit = secondsPerUnit;
        this.bounds = bounds;
    }

    public String counterName() {
        return name;
    }

    /** Whether a counter is one of a histogram's buckets rather than a count of events. */
    public static boolean isBucket(String counter) {
        for (Histogram histogram : values()) {
            if (counter.startsWith(histogram.name + ".")) {
                return true;
            }
        }
        return false;
    }

    public String unit() {
        return unit;
    }

    /** The duration in this histogram's unit, rounded up (a 61-second delay is 2 minutes, so above 1). */
    public long inUnits(Duration duration) {
        long seconds = Math.max(0, duration.toSeconds());
        return (seconds + secondsPerUnit - 1) / secondsPerUnit;
    }

    /** The counter a duration adds one to. */
    public String bucketOf(Duration duration) {
        long value = inUnits(duration);
        for (long bound : bounds) {
            if (value <= bound) {
                return name + ".le" + bound;
            }
        }
        return name + ".over" + bounds[bounds.length - 1];
    }

    /** Bucket counters by name, in bound order (the open bucket last), zero when absent. */
    public Map<String, Long> buckets(Map<String, Long> counters) {
        Map<String, Long> buckets = new LinkedHashMap<>();
        for (long bound : bounds) {
            buckets.put(name + ".le" + bound, counters.getOrDefault(name + ".le" + bound, 0L));
        }
        String over = name + ".over" + bounds[bounds.length - 1];
        buckets.put(over, counters.getOrDefault(over, 0L));
        return buckets;
    }

    /** Values counted. */
    public long count(Map<String, Long> counters) {
        return buckets(counters).values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * The bucket holding the q-quantile (nearest rank), empty when nothing was counted.
     *
     * @param q in (0, 1]: 0.5 for the median, 0.9 for the 90th percentile
     */
    public Optional<Estimate> quantile(Map<String, Long> counters, double q) {
        long total = count(counters);
        if (total == 0) {
            return Optional.empty();
        }
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        long lower = 0;
        for (long bound : bounds) {
            seen += counters.getOrDefault(name + ".le" + bound, 0L);
            if (seen >= rank) {
                return Optional.of(new Estimate(lower, bound));
            }
            lower = bound;
        }
        return Optional.of(new Estimate(lower, null));
    }

    /**
     * Where a quantile lies: above {@code above} and at most {@code atMost} (in the histogram's unit).
     *
     * @param atMost null when it lies beyond the last bound
     */
    public record Estimate(long above, Long atMost) {
    }
}
