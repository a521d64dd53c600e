package fr.accueil.domain.routing;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A queue load set by hand, for the local runner and tests: queues not set are empty, and staffed
 * by {@code defaultAgents} available agents unless set otherwise. Every key is a queue of its own.
 */
public final class SimulatedQueueLoad implements LiveQueues {
    /** Agents available in a queue not set: enough for the demo to dial. */
    public static final int DEFAULT_AGENTS = 2;

    private final Map<String, QueueMetrics> loads = new ConcurrentHashMap<>();
    private final Map<String, Integer> agents = new ConcurrentHashMap<>();

    public void set(String queue, QueueMetrics metrics) {
        loads.put(queue, metrics);
    }

    public void setAgents(String queue, int available) {
        if (available < 0) {
            throw new IllegalArgumentException("agents available cannot be negative");
        }
        agents.put(queue, available);
    }

    @Override
    public Optional<QueueMetrics> current(String queue) {
        return Optional.of(loads.getOrDefault(queue, QueueMetrics.EMPTY));
    }

    @Override
    public Map<String, QueueStaffing> staffing(Set<String> queues) {
        Map<String, QueueStaffing> staffing = new HashMap<>();
        for (String queue : queues) {
            staffing.put(queue, new QueueStaffing(queue, agents.getOrDefault(queue, DEFAULT_AGENTS),
                    loads.getOrDefault(queue, QueueMetrics.EMPTY).contactsInQueue()));
        }
        return staffing;
    }
}
