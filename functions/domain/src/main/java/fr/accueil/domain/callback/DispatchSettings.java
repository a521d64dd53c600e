package fr.accueil.domain.callback;

import java.time.Duration;
import java.util.Objects;

/**
 * How a dispatch run places calls.
 *
 * @param contactFlowId         the outbound contact flow that puts an answered call through to the queue
 * @param callsPerSecond        pace of StartOutboundVoiceContact requests (Connect's default quota is 2 per second)
 * @param maxPerRun             calls one run may place; with the pace, bounds the run's duration
 * @param maxCallsInProgress    calls the dispatcher may have in progress at once, all queues together: its share
 *                              of the instance's concurrent active calls quota (inbound calls need the rest)
 * @param dialingLease          how long a run holds a callback to place its call; a lapsed one is taken up again
 * @param outcomeWait           how long a placed call may go without its outcome before it counts as a dial error
 * @param throttleRetries       how many times a throttled request is tried again before the run stops
 * @param throttleBackoff       wait before the first retry of a throttled request, doubled at each retry
 */
public record DispatchSettings(
        String contactFlowId,
        double callsPerSecond,
        int maxPerRun,
        int maxCallsInProgress,
        Duration dialingLease,
        Duration outcomeWait,
        int throttleRetries,
        Duration throttleBackoff) {

    public DispatchSettings {
        Objects.requireNonNull(contactFlowId, "contactFlowId");
        Objects.requireNonNull(dialingLease, "dialingLease");
        Objects.requireNonNull(outcomeWait, "outcomeWait");
        Objects.requireNonNull(throttleBackoff, "throttleBackoff");
        if (callsPerSecond <= 0 || maxPerRun < 1 || maxCallsInProgress < 0 || throttleRetries < 0) {
            throw new IllegalArgumentException("dispatch needs a positive pace and room for one call per run");
        }
    }

    public static DispatchSettings defaults(String contactFlowId) {
        return new DispatchSettings(contactFlowId, 2, 50, sharedCalls(10, 50),
                Duration.ofMinutes(2), Duration.ofMinutes(30), 3, Duration.ofSeconds(1));
    }

    /**
     * The dispatcher's share of the instance's quota of concurrent active calls ("Concurrent active calls per
     * instance", Amazon Connect service quotas), rounded down.
     */
    public static int sharedCalls(int quota, int sharePercent) {
        if (quota < 0 || sharePercent < 0 || sharePercent > 100) {
            throw new IllegalArgumentException("a quota and a share between 0 and 100 % are expected");
        }
        return quota * sharePercent / 100;
    }
}
