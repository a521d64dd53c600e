package fr.accueil.domain.booking;

/** A message to one recipient on one channel, composed to be written in the same transaction as its cause. */
public record Outgoing(Notifier.Channel channel, String to, BookingMessages.Message message) {
    /** The recipient stays out of logs. */
    @Override
    public String toString() {
        return "Outgoing[" + channel + ", " + message.appointmentId() + "]";
    }
}
