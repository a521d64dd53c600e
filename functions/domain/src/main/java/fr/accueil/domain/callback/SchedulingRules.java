package fr.accueil.domain.callback;

import java.time.Duration;
import java.util.Objects;

/**
 * How callback windows are cut and filled.
 *
 * @param windowLength      length of a due window; opening spans are cut from their start, the last piece may be shorter
 * @param capacityPerWindow callbacks promised per window, per site and theme
 * @param minNotice         a window is offered only if it ends more than this long after now
 * @param horizonDays       how many days ahead to look for a window
 */
public record SchedulingRules(Duration windowLength, int capacityPerWindow, Duration minNotice, int horizonDays) {
    public SchedulingRules {
        Objects.requireNonNull(windowLength, "windowLength");
        Objects.requireNonNull(minNotice, "minNotice");
        if (windowLength.toMinutes() < 5 || capacityPerWindow < 1 || minNotice.isNegative() || horizonDays < 1) {
            throw new IllegalArgumentException("callback windows need 5 minutes at least, a capacity and a horizon");
        }
    }

    public static SchedulingRules defaults() {
        return new SchedulingRules(Duration.ofHours(1), 10, Duration.ofMinutes(15), 14);
    }
}
