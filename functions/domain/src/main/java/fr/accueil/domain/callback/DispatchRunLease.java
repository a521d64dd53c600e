package fr.accueil.domain.callback;

import java.time.Instant;

/**
 * One dispatch run at a time, whatever the number of containers the schedule starts: a run holds
 * the lease from its start until it gives it back or until the lease's end, set past the longest a
 * run can last (its function's timeout), so a run that died never blocks the next ones for longer.
 * Not to be confused with a callback's dialing or claim lease ({@link Callback#leaseExpiresAt()}),
 * which holds one callback, not the run.
 */
public interface DispatchRunLease {
    /** Takes the lease for {@code runId} until {@code until} if no other run holds it; false if one does. */
    boolean acquire(String runId, Instant until);

    /** Gives the lease back if {@code runId} still holds it (a run that outlived its lease has nothing to give). */
    void release(String runId);
}
