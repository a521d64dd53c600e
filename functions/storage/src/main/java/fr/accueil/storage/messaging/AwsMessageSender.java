package fr.accueil.storage.messaging;

import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.MessageSender;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import java.util.Map;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Sends booking messages on AWS: SMS through SNS (transactional, so they are not dropped as marketing),
 * email through SES v2 from a verified sender address.
 *
 * <p>Configuration: {@code EMAIL_FROM} (the verified address), {@code EMAIL_CONFIGURATION_SET} (optional),
 * {@code SMS_SENDER_ID} (alphanumeric sender shown in France, 11 characters at most); endpoints as
 * {@link AwsClients} reads them.
 */
public final class AwsMessageSender implements MessageSender {
    private final SnsClient sns;
    private final SesV2Client ses;
    private final String emailFrom;
    private final String smsSenderId;
    private final String configurationSet;

    /** @param configurationSet the SES configuration set (its event destinations see bounces and complaints), or null */
    public AwsMessageSender(SnsClient sns, SesV2Client ses, String emailFrom, String smsSenderId, String configurationSet) {
        this.sns = sns;
        this.ses = ses;
        this.emailFrom = emailFrom;
        this.smsSenderId = smsSenderId;
        this.configurationSet = configurationSet;
    }

    public static AwsMessageSender fromEnvironment() {
        return new AwsMessageSender(AwsClients.configure(SnsClient.builder(), "SNS").overrideConfiguration(AwsClients::messagingBounds).build(),
                AwsClients.configure(SesV2Client.builder(), "SESV2").overrideConfiguration(AwsClients::messagingBounds).build(),
                Environment.required("EMAIL_FROM"), Environment.optional("SMS_SENDER_ID").orElse("Accueil"),
                Environment.optional("EMAIL_CONFIGURATION_SET").orElse(null));
    }

    @Override
    public void send(Notifier.Channel channel, String to, BookingMessages.Message message) {
        if (channel == Notifier.Channel.SMS) {
            sns.publish(r -> r.phoneNumber(to).message(message.smsText()).messageAttributes(Map.of(
                    "AWS.SNS.SMS.SMSType", text("Transactional"),
                    "AWS.SNS.SMS.SenderID", text(smsSenderId))));
        } else {
            ses.sendEmail(r -> r.fromEmailAddress(emailFrom).configurationSetName(configurationSet)
                    .destination(d -> d.toAddresses(to))
                    .content(c -> c.simple(m -> m
                            .subject(s -> s.data(message.subject()).charset("UTF-8"))
                            .body(b -> b.text(t -> t.data(message.text()).charset("UTF-8"))))));
        }
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
