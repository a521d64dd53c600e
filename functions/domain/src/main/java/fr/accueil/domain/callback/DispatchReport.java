package fr.accueil.domain.callback;

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
 */
public record DispatchReport(int claimsReleased, int outcomesMissed, int deferred, int dialed, int dialFailures,
        int skipped, boolean throttled) {
}
