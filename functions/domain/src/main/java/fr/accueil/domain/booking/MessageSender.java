package fr.accueil.domain.booking;

/** Port: hands one message to an SMS or email service (or, locally, to the outbox). */
public interface MessageSender {
    /** @param to an E.164 number for SMS, an address for email */
    void send(Notifier.Channel channel, String to, BookingMessages.Message message);
}
