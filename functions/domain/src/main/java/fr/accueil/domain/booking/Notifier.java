package fr.accueil.domain.booking;

/** Port: tells citizens about their appointments, on every channel they gave ({@link Appointment#contactChannels()}). */
public interface Notifier {

    enum Channel { SMS, EMAIL }

    /** Why an appointment was cancelled: the message differs, and a site cancellation invites to rebook. */
    enum CancellationReason { BY_CITIZEN, BY_SITE }

    /**
     * A booking's or a move's confirmation, with the management link's token (the only time it is known), composed
     * not sent: the store writes it in the booking's or the move's own transaction, so the change and its message
     * are stored together or not at all.
     */
    java.util.List<Outgoing> confirmationOf(Appointment appointment, String managementToken);

    /** Sent ahead of the appointment; without the token, which is not stored. */
    void reminder(Appointment appointment);

    /** A cancellation's message, composed for the cancellation's own transaction. */
    java.util.List<Outgoing> cancellationOf(Appointment appointment, CancellationReason reason);
}
