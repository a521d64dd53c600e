package fr.accueil.domain.queue;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.CallbackStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/**
 * What Amazon Connect's contact events tell the service, once a contact has ended (its DISCONNECTED event, which
 * carries every step): the outcome of an automated callback's call, and the figures of the queue it waited in.
 *
 * <ul>
 *   <li>An outbound call placed by the dispatcher (initiation method API) that ended without being answered
 *       (never CONNECTED_TO_SYSTEM) is a NO_ANSWER attempt, known within seconds; one put through to an agent is
 *       REACHED (the outbound flow reports it first; the event confirms it when that report was lost). The
 *       service's {@code recordOutcome} ignores a replay (another attempt, no longer dialing).</li>
 *   <li>A voice contact that waited in a queue adds to that queue's hour once, whatever the deliveries.</li>
 * </ul>
 *
 * <p>A contact event may come before the dispatcher has stored the contact id it got from StartOutboundVoiceContact:
 * an unknown outbound contact younger than {@link #UNKNOWN_CONTACT_RETRY} is {@link NotYetKnownException}, which
 * fails the invocation so that Lambda's retries of an asynchronous event bring it again; older, it is ignored (the
 * dialing lease still brings the callback back, the last resort when events are lost).
 */
public final class ContactEvents {
    static final Duration UNKNOWN_CONTACT_RETRY = Duration.ofMinutes(10);

    /** What one event changed, for the log. */
    public record Applied(String callbackId, CallOutcome outcome, String queue, boolean counted) {
        static final Applied NOTHING = new Applied(null, null, null, false);
    }

    /** An outbound contact whose callback is not known yet: to be tried again. */
    public static final class NotYetKnownException extends RuntimeException {
        NotYetKnownException(String contactId) {
            super("no callback is known yet for the outbound contact " + contactId);
        }
    }

    private final String territoryId;
    private final CallbackStore callbacks;
    private final CallbackService service;
    private final QueueStatsStore stats;
    private final Function<String, Optional<String>> queueKeyOfArn;
    private final Duration serviceLevel;
    private final Clock clock;

    /**
     * @param queueKeyOfArn the queue key of a queue ARN, from the queues' configuration
     * @param serviceLevel  an answer within this wait counts in the service level
     */
    public ContactEvents(String territoryId, CallbackStore callbacks, CallbackService service, QueueStatsStore stats,
            Function<String, Optional<String>> queueKeyOfArn, Duration serviceLevel, Clock clock) {
        this.territoryId = territoryId;
        this.callbacks = callbacks;
        this.service = service;
        this.stats = stats;
        this.queueKeyOfArn = queueKeyOfArn;
        this.serviceLevel = serviceLevel;
        this.clock = clock;
    }

    public Applied apply(ContactEvent event) {
        if (!ContactEvent.DISCONNECTED.equals(event.eventType()) || !event.voice()) {
            return Applied.NOTHING;
        }
        Applied callback = event.outboundByApi() ? callbackOutcome(event) : Applied.NOTHING;
        if (!event.queued()) {
            return callback;
        }
        // A queue the configuration does not name (removed since) is still counted, under its ARN's last part.
        String arn = event.queueArn();
        String queue = queueKeyOfArn.apply(arn).orElse(arn.substring(arn.lastIndexOf('/') + 1));
        boolean counted = stats.count(territoryId, event.contactId(), event.eventType(), QueueCount.of(queue, event, serviceLevel));
        return new Applied(callback.callbackId(), callback.outcome(), queue, counted);
    }

    private Applied callbackOutcome(ContactEvent event) {
        CallOutcome outcome = !event.answered() ? CallOutcome.NO_ANSWER : event.servedByAgent() ? CallOutcome.REACHED : null;
        if (outcome == null) {
            return Applied.NOTHING; // answered, then ended before an agent: the flow's own report says what happened
        }
        Optional<CallbackStore.Dialed> dialed = callbacks.findByContact(event.contactId());
        if (dialed.isEmpty()) {
            boolean recent = event.disconnectTimestamp() == null
                    || event.disconnectTimestamp().plus(UNKNOWN_CONTACT_RETRY).isAfter(clock.instant());
            if (recent && outcome == CallOutcome.NO_ANSWER) {
                throw new NotYetKnownException(event.contactId());
            }
            return Applied.NOTHING;
        }
        service.recordOutcome(dialed.get().callbackId(), dialed.get().attempt(), outcome);
        return new Applied(dialed.get().callbackId(), outcome, null, false);
    }
}
