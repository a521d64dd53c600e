package fr.accueil.domain.routing;

import java.util.Map;
import java.util.Set;

/**
 * Port: the staffing of several queues at once, by queue key, for a dispatch run (one read for all its
 * queues). On AWS, Amazon Connect's GetCurrentMetricData grouped by queue; locally, {@link SimulatedQueueLoad}.
 */
@FunctionalInterface
public interface AgentAvailability {
    /** A key missing from the answer is unknown (metrics unavailable): no call is placed for it. */
    Map<String, QueueStaffing> staffing(Set<String> queues);
}
