package fr.accueil.domain.booking;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Port: appointments, written together with their slot's booked count so a slot is never overbooked. */
public interface AppointmentStore {

    /**
     * In one transaction: adds one to the slot's booked count on condition that it stays within capacity,
     * puts the appointment and queues its messages. A key already used returns the appointment first booked with it, without
     * booking again.
     *
     * <p>{@code slot} is the appointment's slot as the caller has just read it from {@link SlotStore#find}
     * (a strongly consistent read): its booked count is where the store starts, so a booking reads the
     * slot once unless another booking of it came in between.
     *
     * @throws SlotFullException when the slot has no free place
     * @throws NotFoundException when the slot does not exist
     * @throws ErasedBookingException when the key's booking was erased at the citizen's request
     */
    Appointment book(Slot slot, Appointment appointment, String idempotencyKey, List<Outgoing> messages);

    /** A booking that sends nothing (tests, the smoke tier's test booking). */
    default Appointment book(Slot slot, Appointment appointment, String idempotencyKey) {
        return book(slot, appointment, idempotencyKey, List.of());
    }

    /**
     * In one transaction: marks the appointment CANCELLED on condition that it is still BOOKED, frees its place in
     * its slot and queues its messages.
     *
     * @return false when it was no longer BOOKED (nothing changed)
     */
    boolean cancel(Appointment appointment, List<Outgoing> messages);

    /** A cancellation that tells no one (an erasure). */
    default boolean cancel(Appointment appointment) {
        return cancel(appointment, List.of());
    }

    /**
     * In one transaction, taking the new place before freeing the old: adds one to {@code moved}'s slot
     * within its capacity, frees {@code current}'s slot, and replaces the appointment on condition that it is
     * still BOOKED at {@code current}'s slot, and queues its messages. Either all happens or nothing.
     *
     * @throws SlotFullException when the new slot has no free place
     */
    void reschedule(Appointment current, Appointment moved, List<Outgoing> messages);

    /**
     * Puts a new management link's hash on a booked appointment, with the messages that carry the link, once per
     * appointment, on condition that its link and status are still {@code appointment}'s.
     *
     * @return false when it was already done, or the appointment changed
     */
    boolean reissueLink(Appointment appointment, String newTokenHash, List<Outgoing> messages);

    /**
     * Records an attendance, on condition that the stored status is still {@code from}'s. In the same transaction,
     * becoming EXCUSED frees the place in the slot ({@link AppointmentStatus#holdsPlace}); a correction from EXCUSED
     * takes it back while the slot has one (once the slot has started nobody else can book it, so none missing is
     * only a count of a past slot).
     */
    boolean changeStatus(Appointment from, AppointmentStatus to);

    Optional<Appointment> find(String appointmentId);

    /** The appointments at a site on a date of the site's calendar, by start time, whatever their status. */
    List<Appointment> bySiteAndDate(String siteId, LocalDate date);
}
