package fr.accueil.domain.booking;

import java.util.Objects;

/**
 * The outcome of a booking.
 *
 * @param managementToken the management link's secret, shown this once; null when the idempotency key was
 *                        already used, since only its hash was kept (the first confirmation carries it)
 * @param linkResent      a replay sent a new link to the contact the appointment was booked with
 */
public record Booking(Appointment appointment, String managementToken, boolean linkResent) {
    public Booking {
        Objects.requireNonNull(appointment, "appointment");
    }

    public Booking(Appointment appointment, String managementToken) {
        this(appointment, managementToken, false);
    }

    public boolean replayed() {
        return managementToken == null;
    }

    @Override
    public String toString() {
        return "Booking[" + appointment + ", replayed=" + replayed() + ", linkResent=" + linkResent + "]";
    }
}
