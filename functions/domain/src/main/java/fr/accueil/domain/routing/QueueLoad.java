package fr.accueil.domain.routing;

import java.util.Optional;

/**
 * Port: the current load of a queue, by queue key. On AWS, Amazon Connect's GetCurrentMetricData
 * cached a few seconds; locally, {@link SimulatedQueueLoad}.
 */
public interface QueueLoad {
    /** Empty when the load is not known (metrics unavailable): callers then transfer anyway. */
    Optional<QueueMetrics> current(String queue);
}
