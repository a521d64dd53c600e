package fr.accueil.domain.queue;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one contact that waited in a queue adds to that queue's hour (the hour it entered the queue, UTC):
 * counters only ever added, and the longest wait, kept as a maximum; with the service level's threshold it was counted
 * against, so that the figures say what they measure.
 */
public record QueueCount(String queue, Instant hour, Map<String, Long> counters, long waitSeconds, long serviceLevelSeconds) {
    public static final String QUEUED = "queued";
    public static final String ANSWERED = "answered";
    public static final String ABANDONED = "abandoned";
    /** Taken out of the queue by the flow: the caller chose to be called back rather than wait. */
    public static final String CALLBACK_CHOSEN = "callbackChosen";
    public static final String WITHIN_SERVICE_LEVEL = "answeredWithinServiceLevel";
    public static final String ANSWERED_WAIT = "answeredWaitSeconds";
    public static final String ABANDONED_WAIT = "abandonedWaitSeconds";

    public QueueCount {
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(hour, "hour");
        counters = Map.copyOf(counters);
    }

    /** The counts of a contact's DISCONNECTED event, the service level being an answer within {@code serviceLevel}. */
    public static QueueCount of(String queue, ContactEvent event, Duration serviceLevel) {
        Duration waited = event.waited();
        Map<String, Long> counters = new LinkedHashMap<>();
        counters.put(QUEUED, 1L);
        if (event.servedByAgent()) {
            counters.put(ANSWERED, 1L);
            counters.put(ANSWERED_WAIT, waited.toSeconds());
            if (waited.compareTo(serviceLevel) <= 0) {
                counters.put(WITHIN_SERVICE_LEVEL, 1L);
            }
        } else if (ContactEvent.FLOW_DISCONNECT.equals(event.disconnectReason())) {
            counters.put(CALLBACK_CHOSEN, 1L);
        } else {
            counters.put(ABANDONED, 1L);
            counters.put(ABANDONED_WAIT, waited.toSeconds());
        }
        return new QueueCount(queue, event.enqueueTimestamp().truncatedTo(ChronoUnit.HOURS), counters, waited.toSeconds(),
                serviceLevel.toSeconds());
    }
}
