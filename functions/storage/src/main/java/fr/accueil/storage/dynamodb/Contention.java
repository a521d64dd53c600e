package fr.accueil.storage.dynamodb;

import fr.accueil.domain.Retry;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * A transaction cancelled because another was in flight on the same items (TransactionConflict) is tried again
 * after a short jittered wait (DynamoDB Developer Guide, Transaction conflict handling): the stores' busy items
 * (a slot's counter, the day's figures, a callback two agents claim) see such collisions.
 */
final class Contention {
    private Contention() {
    }

    /** Waits of a few milliseconds, doubling, at most 50 ms: the transaction in the way lasts about that long. */
    static Retry retry(int maxAttempts) {
        return Retry.of(maxAttempts, Duration.ofMillis(5), Duration.ofMillis(50));
    }

    static boolean conflicted(Exception e) {
        return e instanceof TransactionCanceledException cancelled && cancelled.hasCancellationReasons()
                && cancelled.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
    }
}
