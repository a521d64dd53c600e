package fr.accueil.domain.callback;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Port: where callbacks live. Reads go by key or index, never by scan.
 *
 * <p>Every write below is one conditional write: it stores {@code next} in full if and only if
 * the stored callback's version is still {@code next.version() - 1}, and answers false when
 * another writer got there first (nothing is written then). The domain computes {@code next}
 * and checks the transition; the condition makes it safe against races. A write that makes a
 * callback final also frees its dedupe key, in the same transaction.
 */
public interface CallbackStore {

    /**
     * Stores a new callback unless an active one (not final) holds the same
     * {@link Callback#dedupeKey() dedupe key} (a transaction with a condition on a key item),
     * and counts it in its window (same transaction).
     */
    Creation createIfNoPending(Callback callback);

    Optional<Callback> find(String id);

    /**
     * The callback and attempt an outbound contact was placed for, as {@link #replace} recorded it when the call
     * was placed (kept after the attempt ends, so a late or replayed contact event still finds it).
     */
    Optional<Dialed> findByContact(String contactId);

    /** An outbound contact's callback and attempt. */
    record Dialed(String callbackId, int attempt) {
    }

    /** PENDING callbacks with {@code nextAttemptAt <= now}, earliest first: a sparse index on nextAttemptAt. */
    List<Callback> due(Instant now, int limit);

    /** DIALING or CLAIMED callbacks whose lease expired at or before {@code now}: a sparse index on the lease expiry. */
    List<Callback> leasesExpired(Instant now, int limit);

    /**
     * DIALING or CLAIMED callbacks whose lease still runs after {@code now}: the calls under way, few (at most the
     * dispatcher's share of the concurrent calls, and the agents' claims), read on the same index.
     */
    List<Callback> underWay(Instant now, int limit);

    /** Callbacks booked per window (by window start) for a site and theme, windows starting in [from, to). */
    Map<Instant, Integer> bookedPerWindow(String siteId, String themeId, Instant from, Instant to);

    /**
     * Replaces {@code current}, as it was read, by {@code next}, the transition the domain computed from it:
     * <ul>
     * <li>PENDING → DIALING (lease taken), or DIALING → DIALING (lapsed lease taken up again, or call placed: then
     * the contact id is also kept for {@link #findByContact});</li>
     * <li>DIALING → PENDING (retry), COMPLETED, FAILED or CANCELLED once the outcome of an automated call is known;</li>
     * <li>PENDING or lapsed CLAIMED → CLAIMED by one agent;</li>
     * <li>CLAIMED → PENDING (retry or release), COMPLETED, FAILED or CANCELLED with the agent's outcome and note;</li>
     * <li>PENDING → PENDING at a later time, or FAILED when the site has no opening left.</li>
     * </ul>
     * One call at a time per number: a callback holds its number while DIALING or CLAIMED. Taking it to dial
     * (DIALING, no call placed yet) also answers false, writing nothing, while another callback of the same number
     * holds it (in the same conditional write, so two runs racing cannot both call the citizen); a claim is never
     * refused for its number (the agent decides), but it holds the number until it is over.
     */
    boolean replace(Callback current, Callback next);

    /** Agents' callback list: a site's callbacks in one status, optionally one theme, by due window. */
    Page list(Listing listing);

    /** What {@link #createIfNoPending} did: stored the new callback, or found the active one holding its key. */
    sealed interface Creation {
        Callback callback();

        record Created(Callback callback) implements Creation {
        }

        record Existing(Callback callback) implements Creation {
        }
    }

    /**
     * @param themeId   null for every theme
     * @param pageToken the previous page's {@link Page#nextPageToken()}, or null for the first page
     */
    record Listing(String siteId, String themeId, CallbackStatus status, int pageSize, String pageToken) {
        public Listing {
            Objects.requireNonNull(siteId, "siteId");
            Objects.requireNonNull(status, "status");
        }
    }

    /** @param nextPageToken opaque, null on the last page */
    record Page(List<Callback> callbacks, String nextPageToken) {
        public Page {
            callbacks = List.copyOf(callbacks);
        }
    }
}
