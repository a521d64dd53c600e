package fr.accueil.simulation;

import fr.accueil.storage.Environment;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The time the functions of the local runner decide by: the system's, unless {@code FIXED_CLOCK} (an ISO
 * instant, "2026-12-25T10:00:00Z") is set (--fixed-clock), so that a caller can be walked to the closed
 * message at any hour; it is read on every call so that tests can move time in a running stack. On
 * Lambda the functions take the system clock (no deployment package holds this class).
 */
public final class ConfiguredClock extends Clock {
    @Override
    public Instant instant() {
        return Environment.optional("FIXED_CLOCK").map(Instant::parse).orElseGet(Instant::now);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.fixed(instant(), zone);
    }
}
