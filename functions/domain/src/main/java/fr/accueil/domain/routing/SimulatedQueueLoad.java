package fr.accueil.domain.routing;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** A queue load set by hand, for the local runner and tests: queues not set are empty. */
public final class SimulatedQueueLoad implements QueueLoad {
    private final Map<String, QueueMetrics> loads = new ConcurrentHashMap<>();

    public void set(String queue, QueueMetrics metrics) {
        loads.put(queue, metrics);
    }

    @Override
    public Optional<QueueMetrics> current(String queue) {
        return Optional.of(loads.getOrDefault(queue, QueueMetrics.EMPTY));
    }
}
