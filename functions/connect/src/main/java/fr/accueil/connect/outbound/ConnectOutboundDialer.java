package fr.accueil.connect.outbound;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.domain.phone.PhoneNumbers;
import java.util.Map;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.connect.ConnectClient;
import software.amazon.awssdk.services.connect.model.ConnectException;
import software.amazon.awssdk.services.connect.model.LimitExceededException;
import software.amazon.awssdk.services.connect.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.connect.model.StartOutboundVoiceContactRequest;
import software.amazon.awssdk.services.connect.model.TooManyRequestsException;

/**
 * The outbound port on Amazon Connect: {@code StartOutboundVoiceContact}. The queue key of a
 * callback (its theme's) is turned into the queue's id by configuration; the client token makes
 * a retried request place the call once.
 */
public final class ConnectOutboundDialer implements OutboundDialer {
    private final ConnectClient connect;
    private final String instanceId;
    private final ConnectQueues queues;
    private final String sourcePhoneNumber;

    /**
     * @param queues            queue ARN by queue key, the general queue's for a key with no queue of its own
     * @param sourcePhoneNumber the caller ID shown to the citizen (the territory's number), or null for the queue's
     */
    public ConnectOutboundDialer(ConnectClient connect, String instanceId, ConnectQueues queues,
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
        StartOutboundVoiceContactRequest.Builder request = StartOutboundVoiceContactRequest.builder()
                .instanceId(instanceId)
                .contactFlowId(contactFlowId)
                .destinationPhoneNumber(destination)
                .queueId(queueId)
                .attributes(attributes)
                .clientToken(clientToken);
        if (sourcePhoneNumber != null && !sourcePhoneNumber.isBlank()) {
            request.sourcePhoneNumber(sourcePhoneNumber);
        }
        try {
            return connect.startOutboundVoiceContact(request.build()).contactId();
        } catch (TooManyRequestsException e) {
            throw new Throttled("Connect throttled the call to " + PhoneNumbers.mask(destination), e);
        } catch (ServiceQuotaExceededException | LimitExceededException e) {
            // The limit of concurrent calls: it passes as calls end.
            throw new TransientFailure("Connect limit reached: " + e.awsErrorDetails().errorCode(), e);
        } catch (ConnectException e) {
            if (e.statusCode() == 429) {
                throw new Throttled("Connect throttled the call to " + PhoneNumbers.mask(destination), e);
            }
            if (e.statusCode() >= 500) {
                throw new TransientFailure("Connect failed with " + e.statusCode(), e);
            }
            // Destination not allowed, unknown flow or queue, bad parameters: trying again will not help.
            throw new PermanentFailure("Connect refused the call: " + errorCode(e), e);
        } catch (SdkClientException e) {
            // Network trouble before an answer: the client token keeps a retry from calling twice.
            throw new TransientFailure("Connect unreachable", e);
        }
    }

    private static String errorCode(ConnectException e) {
        return e.awsErrorDetails() == null ? Integer.toString(e.statusCode()) : e.awsErrorDetails().errorCode();
    }
}
