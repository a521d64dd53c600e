package fr.accueil.handlers.events;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.queue.ContactEvent;
import fr.accueil.domain.queue.ContactEvents;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.handlers.Log;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoQueueStatsStore;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Amazon Connect's contact events (EventBridge, default bus, source {@code aws.connect}, detail-type
 * {@code Amazon Connect Contact Event}, the stack's instance, DISCONNECTED only): the outcome of an automated
 * callback's call and the queue figures ({@link ContactEvents}). Field names as in the Administrator Guide's
 * "Amazon Connect contact events" (Contact events data model).
 *
 * <p>EventBridge invokes the function asynchronously: an error makes Lambda try the event again (twice, about a
 * minute then two later), then it goes to FailedRunsQueue. So a failure is thrown, never swallowed: a store that
 * fails, or an outbound contact the dispatcher has not stored yet. A malformed or foreign event is logged and
 * ignored (trying it again would not help).
 */
public final class EventsContactHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    static final String DETAIL_TYPE = "Amazon Connect Contact Event";

    private final ContactEvents events;

    public EventsContactHandler() {
        this(contactEvents(AppContext.get()));
    }

    public EventsContactHandler(ContactEvents events) {
        this.events = events;
    }

    private static ContactEvents contactEvents(AppContext app) {
        ConnectQueues queues = app.queues();
        return new ContactEvents(app.territoryId(), CallbackContext.get().store(), CallbackContext.get().service(),
                new DynamoQueueStatsStore(app.dynamo(), Environment.required("STATS_TABLE"), app.clock()),
                arn -> keyOf(queues, arn),
                Duration.ofSeconds(Long.parseLong(Environment.optional("SERVICE_LEVEL_SECONDS").orElse("60"))), app.clock());
    }

    /** The queue key whose ARN this is; the general queue's ARN is the key {@code general} unless a key names it. */
    static Optional<String> keyOf(ConnectQueues queues, String arn) {
        Optional<String> named = queues.arnsByKey().entrySet().stream().filter(e -> e.getValue().equals(arn))
                .map(Map.Entry::getKey).sorted().findFirst();
        return named.isPresent() || !arn.equals(queues.generalArn()) ? named : Optional.of(ConnectQueues.GENERAL);
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        Map<String, Object> answer = new LinkedHashMap<>();
        Optional<ContactEvent> parsed = parse(event);
        if (parsed.isEmpty()) {
            Log.warn("events.contact.ignored", Map.of("reason", "not an Amazon Connect contact event",
                    "detailType", String.valueOf(event == null ? null : event.get("detail-type"))));
            answer.put("applied", false);
            return answer;
        }
        ContactEvent contact = parsed.get();
        ContactEvents.Applied applied = events.apply(contact);
        Map<String, Object> log = new LinkedHashMap<>();
        log.put("contactId", contact.contactId());
        log.put("eventType", contact.eventType());
        log.put("initiationMethod", String.valueOf(contact.initiationMethod()));
        if (applied.callbackId() != null) {
            log.put("callbackId", applied.callbackId());
            log.put("outcome", applied.outcome().name());
        }
        if (applied.queue() != null) {
            log.put("queue", applied.queue());
            log.put("counted", applied.counted());
        }
        Log.info("events.contact.applied", log);
        answer.put("applied", true);
        answer.putAll(log);
        return answer;
    }

    @SuppressWarnings("unchecked")
    static Optional<ContactEvent> parse(Map<String, Object> event) {
        if (event == null || !"aws.connect".equals(event.get("source")) || !DETAIL_TYPE.equals(event.get("detail-type"))
                || !(event.get("detail") instanceof Map<?, ?> raw)) {
            return Optional.empty();
        }
        Map<String, Object> detail = (Map<String, Object>) raw;
        Map<String, Object> queue = detail.get("queueInfo") instanceof Map<?, ?> q ? (Map<String, Object>) q : Map.of();
        Map<String, Object> agent = detail.get("agentInfo") instanceof Map<?, ?> a ? (Map<String, Object>) a : Map.of();
        try {
            if (!(detail.get("contactId") instanceof String id) || !(detail.get("eventType") instanceof String type)) {
                return Optional.empty();
            }
            return Optional.of(new ContactEvent(id, type, text(detail.get("channel")), text(detail.get("initiationMethod")),
                    text(queue.get("queueArn")), instant(detail.get("initiationTimestamp")),
                    instant(detail.get("connectedToSystemTimestamp")), instant(queue.get("enqueueTimestamp")),
                    instant(agent.get("connectedToAgentTimestamp")), instant(detail.get("disconnectTimestamp")),
                    text(detail.get("disconnectReason"))));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String text(Object value) {
        return value instanceof String s && !s.isEmpty() ? s : null;
    }

    private static Instant instant(Object value) {
        return value instanceof String s && !s.isEmpty() ? Instant.parse(s) : null;
    }
}
