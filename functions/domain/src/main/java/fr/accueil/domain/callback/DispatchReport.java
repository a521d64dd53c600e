package fr.accueil.domain.callback;

import java.util.List;

/**
 * What one dispatch run did, for logs and metrics.
 *
 * @param claimsReleased lapsed agent claims put back in the list
 * @param outcomesMissed placed calls whose outcome never came, counted as dial errors
 * @param deferred       due callbacks of a closed site moved to its next opening (or failed when it has none)
 * @param dialed         calls placed
 * @param dialFailures   calls refused by the dialer (transient or permanent)
 * @param skipped        callbacks another run or an agent took first
 * @param throttled      true when the run stopped because the dialer kept throttling
 * @param heldNoAgent     due callbacks not dialed: their queue had no free agent
 * @param heldSameCitizen due callbacks not dialed: their number was already called or claimed
 * @param heldQuota       due callbacks not dialed: the dispatcher's share of the concurrent calls was used
 * @param heldNoFigures   due callbacks not dialed: their queue's figures were unknown
 * @param unknownQueues   the keys of those queues
 */
public record DispatchReport(int claimsReleased, int outcomesMissed, int deferred, int dialed, int dialFailures,
        int skipped, boolean throttled, int heldNoAgent, int heldSameCitizen, int heldQuota, int heldNoFigures,
        List<String> unknownQueues) {
    public DispatchReport {
        unknownQueues = List.copyOf(unknownQueues);
    }
}
