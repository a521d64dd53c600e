package fr.accueil.domain.booking;

/** Tells citizens by sending the French messages on the channel asked, through a {@link MessageSender}. */
public final class MessagingNotifier implements Notifier {
    private final BookingMessages messages;
    private final MessageSender sender;

    public MessagingNotifier(BookingMessages messages, MessageSender sender) {
        this.messages = messages;
        this.sender = sender;
    }

    @Override
    public void confirmation(Appointment appointment, Channel channel, String managementToken) {
        sender.send(channel, recipient(appointment, channel), messages.confirmation(appointment, managementToken));
    }

    @Override
    public void reminder(Appointment appointment, Channel channel) {
        sender.send(channel, recipient(appointment, channel), messages.reminder(appointment));
    }

    @Override
    public void cancellation(Appointment appointment, Channel channel, CancellationReason reason) {
        sender.send(channel, recipient(appointment, channel), messages.cancellation(appointment, reason));
    }

    private static String recipient(Appointment appointment, Channel channel) {
        return channel == Channel.SMS ? appointment.phone() : appointment.email();
    }
}
