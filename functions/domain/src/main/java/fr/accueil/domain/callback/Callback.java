package fr.accueil.domain.callback;

import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.phone.PhoneNumbers;
import java.time.Instant;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * A promise to call a citizen back. Immutable: every transition returns the next state with
 * {@code version + 1}, and the store writes it only if the stored version is still the one it
 * came from, so two writers never both win.
 *
 * @param phone            where to call, E.164
 * @param queue            the Amazon Connect queue key the call is put through to (the theme's)
 * @param contactRef       the Connect contact id of the call in which the citizen asked, or null
 * @param attempts         calls placed so far, the one under way included
 * @param nextAttemptAt    when a PENDING callback becomes due; null in any other status (a sparse index key)
 * @param outcome          the outcome of the last attempt, or null before any
 * @param failureReason    why it FAILED, in French for agents
 * @param claimExpiresAt   end of the agent's claim lease (CLAIMED only)
 * @param dialingExpiresAt end of the dialing lease (DIALING only): to place the call, then to hear its outcome
 * @param contactId        the Connect contact id of the call under way, once placed (DIALING only)
 * @param note             the agent's note, or the dispatcher's on a call whose outcome never came
 */
public record Callback(
        String id,
        String phone,
        String themeId,
        String siteId,
        String queue,
        String contactRef,
        Instant requestedAt,
        DueWindow window,
        CallbackStatus status,
        int attempts,
        Instant lastAttemptAt,
        Instant nextAttemptAt,
        CallOutcome outcome,
        String failureReason,
        String claimedBy,
        Instant claimExpiresAt,
        Instant dialingExpiresAt,
        String contactId,
        String note,
        long version) {

    public Callback {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(themeId, "themeId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(queue, "queue");
        Objects.requireNonNull(requestedAt, "requestedAt");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(status, "status");
    }

    /** The phone number masked: a callback may end up in a log line. */
    @Override
    public String toString() {
        return "Callback[id=" + id + ", phone=" + PhoneNumbers.mask(phone) + ", themeId=" + themeId + ", siteId=" + siteId
                + ", status=" + status + ", attempts=" + attempts + ", version=" + version + "]";
    }

    /** A new PENDING callback, due from the start of its window (or now, inside the window). */
    public static Callback requested(String id, String phone, Theme theme, String siteId, String contactRef,
            Instant now, DueWindow window) {
        Instant due = window.from().isAfter(now) ? window.from() : now;
        return new Callback(id, phone, theme.id(), siteId, theme.queue(), contactRef, now, window,
                CallbackStatus.PENDING, 0, null, due, null, null, null, null, null, null, null, 0);
    }

    /** One pending callback per number and theme: the store makes this key unique among active callbacks. */
    public static String dedupeKey(String phone, String themeId) {
        return phone + "#" + themeId;
    }

    public String dedupeKey() {
        return dedupeKey(phone, themeId);
    }

    /** Not final: holds the dedupe key. */
    public boolean isActive() {
        return !status.isFinal();
    }

    /** The lease that holds the callback, if any: the key of the sparse index the dispatcher sweeps. */
    public Instant leaseExpiresAt() {
        return switch (status) {
            case DIALING -> dialingExpiresAt;
            case CLAIMED -> claimExpiresAt;
            default -> null;
        };
    }

    public boolean leaseExpired(Instant now) {
        Instant expiry = leaseExpiresAt();
        return expiry != null && !expiry.isAfter(now);
    }

    /**
     * The number of the attempt a call made now would be: while DIALING, the one under way (so a
     * retaken lease re-dials with the same client token), otherwise the next one.
     */
    public int attemptNumber() {
        return status == CallbackStatus.DIALING ? attempts : attempts + 1;
    }

    /** Outbound calls are placed once per attempt: Connect de-duplicates on this token. */
    public String clientToken() {
        return ClientTokens.of(id, attemptNumber());
    }

    /** An agent may claim it when pending, when the claim has lapsed, or to renew their own claim. */
    public boolean claimableBy(String agentId, Instant now) {
        return status == CallbackStatus.PENDING
                || status == CallbackStatus.CLAIMED && (agentId.equals(claimedBy) || leaseExpired(now));
    }

    /**
     * Takes the dialing lease: a new attempt from PENDING, or the same attempt again when a
     * previous run left it DIALING, its lease expired, before the call was placed.
     */
    public Callback startDialing(Instant now, Instant leaseExpiry) {
        if (status == CallbackStatus.DIALING) {
            if (!leaseExpired(now) || contactId != null) {
                throw new CallbackConflictException("Ce rappel est déjà en cours d’appel.");
            }
            return change(CallbackStatus.DIALING, d -> d.dialingExpiresAt = leaseExpiry);
        }
        if (status == CallbackStatus.PENDING && nextAttemptAt.isAfter(now)) {
            throw new CallbackConflictException("Ce rappel n’est pas encore dû.");
        }
        return change(CallbackStatus.DIALING, d -> {
            d.attempts = attempts + 1;
            d.lastAttemptAt = now;
            d.dialingExpiresAt = leaseExpiry;
        });
    }

    /** The call is placed: remember its contact and wait for its outcome until {@code outcomeDeadline}. */
    public Callback dialed(String contactId, Instant outcomeDeadline) {
        if (status != CallbackStatus.DIALING) {
            throw new CallbackConflictException("Ce rappel n’est pas en cours d’appel.");
        }
        return change(CallbackStatus.DIALING, d -> {
            d.contactId = contactId;
            d.dialingExpiresAt = outcomeDeadline;
        });
    }

    public Callback claim(String agentId, Instant now, Instant leaseExpiry) {
        if (!claimableBy(agentId, now)) {
            throw new CallbackConflictException(status == CallbackStatus.CLAIMED
                    ? "Ce rappel est déjà pris en charge par un autre agent."
                    : "Ce rappel ne peut pas être pris en charge : il est déjà " + status.label() + ".");
        }
        return change(CallbackStatus.CLAIMED, d -> {
            d.claimedBy = agentId;
            d.claimExpiresAt = leaseExpiry;
        });
    }

    /** Back to the list, due at once: by the agent, or by the dispatcher once the claim has lapsed. */
    public Callback release(Instant now) {
        if (status != CallbackStatus.CLAIMED) {
            throw new CallbackConflictException("Ce rappel n’est pas pris en charge.");
        }
        return change(CallbackStatus.PENDING, d -> d.nextAttemptAt = now);
    }

    /** Moves a pending callback to a later time (its site closed when it fell due). */
    public Callback deferTo(Instant at) {
        if (status != CallbackStatus.PENDING) {
            throw new CallbackConflictException("Seul un rappel en attente peut être reporté.");
        }
        return change(CallbackStatus.PENDING, d -> d.nextAttemptAt = at);
    }

    /** After an attempt that may be tried again: pending until {@code at}. */
    public Callback retryAt(CallOutcome outcome, Instant at, Instant now, String note) {
        return concluding(CallbackStatus.PENDING, outcome, now, note, d -> d.nextAttemptAt = at);
    }

    /** Reached (COMPLETED) or cancelled by the citizen during the call (CANCELLED). */
    public Callback close(CallOutcome outcome, Instant now, String note) {
        CallbackStatus target = switch (outcome) {
            case REACHED -> CallbackStatus.COMPLETED;
            case CANCELLED_BY_CITIZEN -> CallbackStatus.CANCELLED;
            default -> throw new IllegalArgumentException("not a closing outcome: " + outcome);
        };
        return concluding(target, outcome, now, note, d -> { });
    }

    public Callback fail(CallOutcome outcome, String reason, Instant now, String note) {
        return concluding(CallbackStatus.FAILED, outcome, now, note, d -> d.failureReason = reason);
    }

    /** An agent's call counts as an attempt here; an automated one was counted when dialing began. */
    private Callback concluding(CallbackStatus target, CallOutcome outcome, Instant now, String note, Consumer<Draft> edit) {
        return change(target, d -> {
            if (status == CallbackStatus.CLAIMED) {
                d.attempts = attempts + 1;
                d.lastAttemptAt = now;
            }
            d.outcome = outcome;
            if (note != null) {
                d.note = note;
            }
            edit.accept(d);
        });
    }

    private Callback change(CallbackStatus target, Consumer<Draft> edit) {
        if (!status.canMoveTo(target)) {
            throw new CallbackConflictException(status.isFinal()
                    ? "Ce rappel est déjà " + status.label() + " : il ne peut plus être modifié."
                    : "Ce rappel est " + status.label() + " : cette action n’est plus possible.");
        }
        Draft draft = new Draft(this, target);
        edit.accept(draft);
        return draft.build();
    }

    /** The next state under construction; leases and the due time only live in their own status. */
    private static final class Draft {
        private final Callback from;
        private final CallbackStatus status;
        private int attempts;
        private Instant lastAttemptAt;
        private Instant nextAttemptAt;
        private CallOutcome outcome;
        private String failureReason;
        private String claimedBy;
        private Instant claimExpiresAt;
        private Instant dialingExpiresAt;
        private String contactId;
        private String note;

        private Draft(Callback from, CallbackStatus status) {
            this.from = from;
            this.status = status;
            attempts = from.attempts;
            lastAttemptAt = from.lastAttemptAt;
            nextAttemptAt = from.nextAttemptAt;
            outcome = from.outcome;
            failureReason = from.failureReason;
            claimedBy = from.claimedBy;
            claimExpiresAt = from.claimExpiresAt;
            dialingExpiresAt = from.dialingExpiresAt;
            contactId = from.contactId;
            note = from.note;
        }

        private Callback build() {
            boolean pending = status == CallbackStatus.PENDING;
            boolean claimed = status == CallbackStatus.CLAIMED;
            boolean dialing = status == CallbackStatus.DIALING;
            return new Callback(from.id, from.phone, from.themeId, from.siteId, from.queue, from.contactRef,
                    from.requestedAt, from.window, status, attempts, lastAttemptAt,
                    pending ? nextAttemptAt : null, outcome, failureReason,
                    claimed ? claimedBy : null, claimed ? claimExpiresAt : null,
                    dialing ? dialingExpiresAt : null, dialing ? contactId : null,
                    note, from.version + 1);
        }
    }
}
