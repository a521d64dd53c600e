package fr.accueil.domain.booking;

import fr.accueil.domain.RuleException;
import fr.accueil.domain.directory.Permanence;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When a slot may be booked, and an appointment cancelled or moved.
 *
 * @param cancellationDelay an appointment can be cancelled or moved until this long before it starts,
 *                          so the site can still offer the place to someone else
 */
public record BookingRules(Duration cancellationDelay) {
    public BookingRules {
        Objects.requireNonNull(cancellationDelay, "cancellationDelay");
        if (cancellationDelay.isNegative()) {
            throw new IllegalArgumentException("a cancellation delay cannot be negative");
        }
    }

    /**
     * The booking window: at least the permanence's minimum notice ahead, and no later than its horizon,
     * counted in days from today at the site.
     */
    public static boolean inWindow(Permanence permanence, Slot slot, Instant now) {
        LocalDate today = now.atZone(slot.start().getZone()).toLocalDate();
        return !Duration.between(now, slot.startInstant()).minus(permanence.minNotice()).isNegative()
                && !slot.date().isAfter(today.plusDays(permanence.horizonDays()));
    }

    /** The slot is in its booking window; whether a place is free is the store's atomic concern. */
    public static void checkInWindow(Permanence permanence, Slot slot, Instant now) {
        if (!permanence.id().equals(slot.permanenceId())) {
            throw new IllegalArgumentException("slot " + slot.id() + " is not of permanence " + permanence.id());
        }
        if (!inWindow(permanence, slot, now)) {
            throw new RuleException("slotId", "Ce créneau n’est pas ouvert à la réservation.");
        }
    }

    /** A slot can be booked now: in the window, with a free place as last read. */
    public static void checkBookable(Permanence permanence, Slot slot, Instant now) {
        checkInWindow(permanence, slot, now);
        if (slot.full()) {
            throw new SlotFullException(slot.id());
        }
    }

    public boolean cancellable(Appointment appointment, Instant now) {
        return appointment.status() == AppointmentStatus.BOOKED && !now.isAfter(changeDeadline(appointment.start()).toInstant());
    }

    /** The last moment an appointment starting then can be cancelled or moved online. */
    public ZonedDateTime changeDeadline(ZonedDateTime start) {
        return start.minus(cancellationDelay);
    }

    public void checkCancellable(Appointment appointment, Instant now) {
        if (appointment.status() != AppointmentStatus.BOOKED) {
            throw new RuleException("status", "Ce rendez-vous n’est plus actif.");
        }
        if (!cancellable(appointment, now)) {
            throw new RuleException("status", "Ce rendez-vous commence dans moins de " + cancellationDelay.toHours()
                    + " heures : il ne peut plus être annulé ni déplacé en ligne.");
        }
    }

    /**
     * Moving keeps the citizen's partner and reason: the new slot is another slot of the same partner
     * offering the appointment's theme, bookable now, and the appointment itself still cancellable.
     */
    public void checkReschedule(Appointment appointment, Slot target, Permanence targetPermanence, Instant now) {
        checkCancellable(appointment, now);
        if (target.id().equals(appointment.slotId())) {
            throw new RuleException("slotId", "Choisissez un autre créneau que celui du rendez-vous.");
        }
        if (!target.partnerId().equals(appointment.partnerId()) || !target.themeIds().contains(appointment.themeId())) {
            throw new RuleException("slotId", "Ce créneau ne concerne pas le même partenaire ou le même motif.");
        }
        checkBookable(targetPermanence, target, now);
    }
}
