package fr.accueil.domain.queue;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One Amazon Connect contact event, the fields the service reads (Amazon Connect Administrator Guide,
 * "Amazon Connect contact events", Contact events data model): {@code eventType} (INITIATED,
 * CONNECTED_TO_SYSTEM, QUEUED, CONNECTED_TO_AGENT, DISCONNECTED, CONTACT_DATA_UPDATED, COMPLETED…),
 * {@code initiationMethod} (INBOUND, API for StartOutboundVoiceContact…), the queue's ARN and the
 * timestamps each step adds. A DISCONNECTED event carries every step the contact went through.
 */
public record ContactEvent(
        String contactId,
        String eventType,
        String channel,
        String initiationMethod,
        String queueArn,
        Instant initiationTimestamp,
        Instant connectedToSystemTimestamp,
        Instant enqueueTimestamp,
        Instant connectedToAgentTimestamp,
        Instant disconnectTimestamp,
        String disconnectReason) {

    public static final String DISCONNECTED = "DISCONNECTED";
    /** The flow ended the contact (in a queue: the caller took a callback offered while waiting). */
    public static final String FLOW_DISCONNECT = "CONTACT_FLOW_DISCONNECT";

    public ContactEvent {
        Objects.requireNonNull(contactId, "contactId");
        Objects.requireNonNull(eventType, "eventType");
    }

    /** Placed by StartOutboundVoiceContact: an automated callback. */
    public boolean outboundByApi() {
        return "API".equals(initiationMethod);
    }

    public boolean voice() {
        return "VOICE".equals(channel);
    }

    /** Media was established: someone (or a voicemail) answered an outbound call. */
    public boolean answered() {
        return connectedToSystemTimestamp != null;
    }

    public boolean queued() {
        return queueArn != null && enqueueTimestamp != null;
    }

    public boolean servedByAgent() {
        return connectedToAgentTimestamp != null;
    }

    /** How long the caller waited in the queue: until an agent took the call, or until the call ended. */
    public Duration waited() {
        Instant end = servedByAgent() ? connectedToAgentTimestamp : disconnectTimestamp;
        if (enqueueTimestamp == null || end == null || end.isBefore(enqueueTimestamp)) {
            return Duration.ZERO;
        }
        return Duration.between(enqueueTimestamp, end);
    }
}
