package fr.accueil.domain.callback;

import java.util.List;

/**
 * What a dispatch run will dial, and what it holds back, and why.
 *
 * @param heldNoAgent     due callbacks whose queue has no free agent now
 * @param heldSameCitizen due callbacks of a number already called (or claimed by an agent)
 * @param heldQuota       due callbacks held because the dispatcher's share of the concurrent calls is used
 * @param heldNoFigures   due callbacks of queues whose figures are unknown (metrics unavailable)
 * @param unknownQueues   those queues' keys, in order, for the warning
 */
public record DispatchPlan(List<PlannedDial> dials, int heldNoAgent, int heldSameCitizen, int heldQuota, int heldNoFigures,
        List<String> unknownQueues) {
    public DispatchPlan {
        dials = List.copyOf(dials);
        unknownQueues = List.copyOf(unknownQueues);
    }
}
