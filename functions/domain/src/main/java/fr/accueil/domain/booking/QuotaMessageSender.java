package fr.accueil.domain.booking;

/** Hands SMS on only within the {@link SmsQuota}; email always. Every message to citizens goes through it. */
public final class QuotaMessageSender implements MessageSender {
    private final MessageSender sender;
    private final SmsQuota quota;

    public QuotaMessageSender(MessageSender sender, SmsQuota quota) {
        this.sender = sender;
        this.quota = quota;
    }

    @Override
    public void send(Notifier.Channel channel, String to, BookingMessages.Message message) {
        if (channel == Notifier.Channel.EMAIL || quota.take(to)) {
            sender.send(channel, to, message);
        }
    }
}
