package fr.accueil.domain.booking;

import java.util.List;

/** Tells citizens by sending the French messages on each of their channels, through a {@link MessageSender}. */
public final class MessagingNotifier implements Notifier {
    private final BookingMessages messages;
    private final MessageSender sender;

    public MessagingNotifier(BookingMessages messages, MessageSender sender) {
        this.messages = messages;
        this.sender = sender;
    }

    @Override
    public List<Outgoing> confirmationOf(Appointment appointment, String managementToken) {
        return outgoing(appointment, messages.confirmation(appointment, managementToken));
    }

    @Override
    public void reminder(Appointment appointment) {
        send(appointment, messages.reminder(appointment));
    }

    @Override
    public List<Outgoing> cancellationOf(Appointment appointment, CancellationReason reason) {
        return outgoing(appointment, messages.cancellation(appointment, reason));
    }

    /** One message, composed once (it reads the directory), to each channel the citizen gave. */
    private static List<Outgoing> outgoing(Appointment appointment, BookingMessages.Message message) {
        return appointment.contactChannels().stream().map(channel -> new Outgoing(channel, recipient(appointment, channel), message)).toList();
    }

    /** One message, composed once (it reads the directory), sent on each channel the citizen gave. */
    private void send(Appointment appointment, BookingMessages.Message message) {
        appointment.contactChannels().forEach(channel -> sender.send(channel, recipient(appointment, channel), message));
    }

    private static String recipient(Appointment appointment, Channel channel) {
        return channel == Channel.SMS ? appointment.phone() : appointment.email();
    }
}
