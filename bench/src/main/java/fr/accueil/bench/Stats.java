package fr.accueil.bench;

import java.util.Arrays;
import java.util.List;

/** Percentiles of durations measured in nanoseconds, reported in milliseconds. */
record Stats(long[] sortedNanos) {
    static Stats of(List<Long> nanos) {
        long[] values = nanos.stream().mapToLong(Long::longValue).toArray();
        Arrays.sort(values);
        return new Stats(values);
    }

    /** Nearest-rank percentile, 0 < p <= 100. */
    double percentileMillis(double p) {
        int rank = (int) Math.ceil(p / 100.0 * sortedNanos.length);
        return sortedNanos[Math.max(0, rank - 1)] / 1e6;
    }

    double medianMillis() {
        return percentileMillis(50);
    }

    int count() {
        return sortedNanos.length;
    }
}
