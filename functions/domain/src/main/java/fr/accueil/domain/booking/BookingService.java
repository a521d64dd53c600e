package fr.accueil.domain.booking;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Permanence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

/** Books, shows, cancels and moves appointments of one territory, and records attendance. */
public final class BookingService {
    /** How long a booking's first confirmation is left to arrive before a replay sends a new link. */
    public static final Duration LINK_RESEND_AFTER = Duration.ofMinutes(2);

    private final String territoryId;
    private final DirectoryStore directory;
    private final SlotStore slots;
    private final AppointmentStore appointments;
    private final Notifier notifier;
    private final AppointmentHistory history;
    private final BookingRules rules;
    private final Clock clock;

    public BookingService(String territoryId, DirectoryStore directory, SlotStore slots, AppointmentStore appointments,
            Notifier notifier, AppointmentHistory history, BookingRules rules, Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.slots = slots;
        this.appointments = appointments;
        this.notifier = notifier;
        this.history = history;
        this.rules = rules;
        this.clock = clock;
    }

    /**
     * Books the request's slot: input first (every problem at once), then the booking window, then the
     * place, taken atomically by the store.
     *
     * @param idempotencyKey a client's retry key; null or blank when the client sends none
     * @throws InvalidInputException with every problem of the input
     * @throws ValidationException     when the slot is outside its booking window
     * @throws SlotFullException       when the last place was taken
     * @throws NotFoundException       when the slot or its permanence is unknown
     */
    /** @param by the agent booking for a caller or a visitor, recorded in the history; null for the citizen themselves */
    public Booking book(BookingRequest request, String idempotencyKey, Actor by) {
        Slot slot = slot(request.slotId());
        BookingRequest valid = request.validFor(slot);
        Instant now = clock.instant();
        // Not checkBookable: a retry of a booking that filled the slot must reach the store to get its appointment.
        BookingRules.checkInWindow(permanence(slot), slot, now);
        ManagementToken.Issued token = ManagementToken.issue();
        Appointment appointment = Appointment.book(UUID.randomUUID().toString(), slot, valid, now, token.hash(),
                by == null ? null : by.name());
        String key = idempotencyKey == null || idempotencyKey.isBlank() ? appointment.id() : idempotencyKey;
        // The confirmation is written with the booking: both are stored, or neither.
        Appointment stored = appointments.book(slot, appointment, key, notifier.confirmationOf(appointment, token.token()));
        if (!stored.id().equals(appointment.id())) {
            return new Booking(stored, null, resendLink(stored, now));
        }
        history.booked(stored, now, by);
        return new Booking(stored, token.token());
    }

    /**
     * A replay of a booking made a while ago (its client lost the answer, or the citizen the message): a new link
     * is sent to the contact the appointment was booked with, once, and never shown to whoever repeats the key.
     * Sooner, the first confirmation is still on its way and its link must keep working.
     */
    private boolean resendLink(Appointment stored, Instant now) {
        if (stored.status() != AppointmentStatus.BOOKED || now.isBefore(stored.created().plus(LINK_RESEND_AFTER))) {
            return false;
        }
        ManagementToken.Issued token = ManagementToken.issue();
        Appointment relinked = stored.withTokenHash(token.hash());
        return appointments.reissueLink(stored, token.hash(), notifier.confirmationOf(relinked, token.token()));
    }

    /** The appointment behind a management link. */
    public Appointment view(String appointmentId, String token) {
        return appointments.find(appointmentId)
                .filter(appointment -> ManagementToken.verify(token, appointment.tokenHash()))
                .orElseThrow(() -> new NotFoundException("Rendez-vous introuvable."));
    }

    /** Cancels by the management link; cancelling again returns the cancelled appointment. */
    public Appointment cancel(String appointmentId, String token) {
        Appointment appointment = view(appointmentId, token);
        if (appointment.status() == AppointmentStatus.CANCELLED) {
            return appointment;
        }
        rules.checkCancellable(appointment, clock.instant());
        Appointment cancelled = appointment.withStatus(AppointmentStatus.CANCELLED);
        if (!appointments.cancel(appointment, notifier.cancellationOf(cancelled, Notifier.CancellationReason.BY_CITIZEN))) {
            throw new ValidationException("status", "Ce rendez-vous vient de changer : rechargez la page.");
        }
        history.cancelled(cancelled, clock.instant(), "citizen");
        return cancelled;
    }

    /** Moves the appointment to another slot of the same partner and theme; the link stays the same. */
    public Appointment reschedule(String appointmentId, String token, String newSlotId) {
        Appointment appointment = view(appointmentId, token);
        Slot target = slot(newSlotId);
        rules.checkReschedule(appointment, target, permanence(target), clock.instant());
        Appointment moved = appointment.movedTo(target);
        appointments.reschedule(appointment, moved, notifier.confirmationOf(moved, token));
        history.rescheduled(moved, appointment, clock.instant());
        return moved;
    }

    /** An agent records whether the citizen came; coming or not can only be told once the slot has started. */
    /** @param by who noted it, recorded in the history */
    public Appointment recordAttendance(String appointmentId, AppointmentStatus attendance, Actor by) {
        if (!attendance.isAttendance()) {
            throw new ValidationException("status", "Indiquez si la personne est venue, absente ou excusée.");
        }
        Appointment appointment = appointments.find(appointmentId)
                .orElseThrow(() -> new NotFoundException("Rendez-vous introuvable."));
        if (attendance != AppointmentStatus.EXCUSED && clock.instant().isBefore(appointment.start().toInstant())) {
            throw new ValidationException("status", "Le rendez-vous n’a pas encore commencé.");
        }
        Appointment updated = appointment.withStatus(attendance);
        if (!appointments.changeStatus(appointment, attendance)) {
            throw new ValidationException("status", "Ce rendez-vous vient de changer : rechargez la page.");
        }
        history.attendance(updated, appointment.status(), clock.instant(), by);
        return updated;
    }

    /** Reminds the citizens booked at a site on a date; returns how many appointments were reminded. */
    public int sendReminders(String siteId, LocalDate date) {
        List<Appointment> booked = appointments.bySiteAndDate(siteId, date).stream()
                .filter(appointment -> appointment.status() == AppointmentStatus.BOOKED).toList();
        booked.forEach(notifier::reminder);
        return booked.size();
    }

    private Slot slot(String slotId) {
        return slots.find(slotId).orElseThrow(() -> new NotFoundException("Créneau introuvable."));
    }

    private Permanence permanence(Slot slot) {
        return directory.permanence(territoryId, slot.permanenceId())
                .orElseThrow(() -> new NotFoundException("Créneau introuvable."));
    }
}
