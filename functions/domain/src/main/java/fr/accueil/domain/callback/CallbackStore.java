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
     * The callback and attempt an outbound contact was placed for, as {@link #markDialing} recorded it when the call
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
     * PENDING → DIALING (lease taken), or DIALING → DIALING (lapsed lease taken up again, or call placed: then the
     * contact id is also kept for {@link #findByContact}).
     * One call at a time per number: also false, writing nothing, while another callback of the same number is
     * DIALING or CLAIMED (in the same conditional write, so two runs racing cannot both call the citizen).
     */
    boolean markDialing(Callback dialing);

    /** DIALING → PENDING (retry), COMPLETED, FAILED or CANCELLED once the outcome of an automated call is known. */
    boolean recordAttempt(Callback next);

    /**
     * PENDING or lapsed CLAIMED → CLAIMED by one agent. A claim is never refused for its number (the agent
     * decides), but it holds the number: the dispatcher dials none of its other callbacks until it is over.
     */
    boolean claim(Callback claimed);

    /** CLAIMED → PENDING (retry), COMPLETED, FAILED or CANCELLED with the claiming agent's outcome and note. */
    boolean complete(Callback next);

    /** CLAIMED → PENDING, by the agent or once the claim lapsed. */
    boolean release(Callback released);

    /** PENDING → PENDING at a later time, or FAILED when the site has no opening left. */
    boolean reschedule(Callback next);

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
