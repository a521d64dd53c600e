package fr.accueil.connect.outbound;

import fr.accueil.connect.AwsJsonClient;
import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.domain.phone.PhoneNumbers;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The outbound port on Amazon Connect: {@code StartOutboundVoiceContact}. The queue key of a
 * callback (its theme's) is turned into the queue's id by configuration; the client token makes
 * a retried request place the call once: the client tries a throttled, failed or unanswered request again with
 * the same token while its bounds allow, and what still fails is told the dispatcher as throttled, transient or
 * permanent.
 */
public final class ConnectOutboundDialer implements OutboundDialer {
    private final AwsJsonClient connect;
    private final String instanceId;
    private final ConnectQueues queues;
    private final String sourcePhoneNumber;

    /**
     * @param queues            queue ARN by queue key, the general queue's for a key with no queue of its own
     * @param sourcePhoneNumber the caller ID shown to the citizen (the territory's number), or null for the queue's
     */
    public ConnectOutboundDialer(AwsJsonClient connect, String instanceId, ConnectQueues queues,
            String sourcePhoneNumber) {
        this.connect = connect;
        this.instanceId = instanceId;
        this.queues = queues;
        this.sourcePhoneNumber = sourcePhoneNumber;
    }

    @Override
    public String dial(String destination, String contactFlowId, String queue, Map<String, String> attributes, String clientToken)
            throws Throttled, TransientFailure, PermanentFailure {
        String queueId = queues.arn(queue)
                .orElseThrow(() -> new PermanentFailure("no Connect queue configured for " + queue, null));
        // StartOutboundVoiceContact (Amazon Connect API Reference): PUT /contact/outbound-voice.
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("InstanceId", instanceId);
        request.put("ContactFlowId", contactFlowId);
        request.put("DestinationPhoneNumber", destination);
        request.put("QueueId", queueId);
        request.put("Attributes", attributes);
        request.put("ClientToken", clientToken);
        if (sourcePhoneNumber != null && !sourcePhoneNumber.isBlank()) {
            request.put("SourcePhoneNumber", sourcePhoneNumber);
        }
        try {
            Object contactId = connect.call("StartOutboundVoiceContact", "PUT", "/contact/outbound-voice", request).get("ContactId");
            if (contactId == null) {
                throw new TransientFailure("Connect answered no contact id", null);
            }
            return contactId.toString();
        } catch (AwsJsonClient.Failure e) {
            String code = e.errorCode();
            if (e.status() == 429 || code.equals("TooManyRequestsException") || code.equals("ThrottlingException")) {
                throw new Throttled("Connect throttled the call to " + PhoneNumbers.mask(destination), e);
            }
            if (code.equals("ServiceQuotaExceededException") || code.equals("LimitExceededException")) {
                // The limit of concurrent calls: it passes as calls end.
                throw new TransientFailure("Connect limit reached: " + code, e);
            }
            if (e.status() == 0) {
                // Network trouble before an answer: the client token keeps a retry from calling twice.
                throw new TransientFailure("Connect unreachable", e);
            }
            if (e.status() >= 500) {
                throw new TransientFailure("Connect failed with " + e.status(), e);
            }
            // Destination not allowed, unknown flow or queue, bad parameters: trying again will not help.
            throw new PermanentFailure("Connect refused the call: " + code, e);
        }
    }
}
