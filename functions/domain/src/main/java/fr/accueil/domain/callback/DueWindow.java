package fr.accueil.domain.callback;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When a callback is promised: [from, to) in absolute time, with the site's time zone to say
 * it the way the citizen lives it ("demain entre 9 h et 10 h").
 */
public record DueWindow(Instant from, Instant to, ZoneId zone) {
    public DueWindow {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(zone, "zone");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("due window ends before it starts: " + from + "-" + to);
        }
    }

    public ZonedDateTime localFrom() {
        return from.atZone(zone);
    }

    public ZonedDateTime localTo() {
        return to.atZone(zone);
    }
}
