package fr.accueil.domain.queue;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A queue's figures over an hour (UTC) or any sum of hours: contacts queued, answered by an agent, abandoned
 * (the caller hung up while waiting), taken out for a callback; the waits; answers within the service level.
 *
 * @param maxWaitSeconds      the longest wait of the period, answered or not
 * @param serviceLevelSeconds the threshold of the service level (an answer within it counts)
 */
public record QueueHour(String queue, Instant hour, Map<String, Long> counters, long maxWaitSeconds, long serviceLevelSeconds) {
    public QueueHour {
        Objects.requireNonNull(queue, "queue");
        counters = Map.copyOf(counters);
    }

    public long count(String name) {
        return counters.getOrDefault(name, 0L);
    }

    /** Both periods summed (the hour of the first kept): for a day or the whole range. */
    public QueueHour plus(QueueHour other) {
        Map<String, Long> sum = new HashMap<>(counters);
        other.counters.forEach((name, value) -> sum.merge(name, value, Long::sum));
        return new QueueHour(queue, hour, sum, Math.max(maxWaitSeconds, other.maxWaitSeconds),
                Math.max(serviceLevelSeconds, other.serviceLevelSeconds));
    }

    /** Mean wait of the answered calls, in seconds; null when none was answered. */
    public Double averageAnswerWaitSeconds() {
        long answered = count(QueueCount.ANSWERED);
        return answered == 0 ? null : (double) count(QueueCount.ANSWERED_WAIT) / answered;
    }

    /** Share of the queued callers who hung up while waiting (a callback taken is no abandonment); null when none queued. */
    public Double abandonmentRate() {
        long queued = count(QueueCount.QUEUED);
        return queued == 0 ? null : (double) count(QueueCount.ABANDONED) / queued;
    }

    /** Share of the queued callers answered within the service level, as Connect's "service level X": null when none queued. */
    public Double serviceLevel() {
        long queued = count(QueueCount.QUEUED);
        return queued == 0 ? null : (double) count(QueueCount.WITHIN_SERVICE_LEVEL) / queued;
    }
}
