package fr.accueil.domain.callback;

import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.ValidationException;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;

/** Callbacks as citizens ask for them, agents work them, and the contact flow reports on them. */
public final class CallbackService {
    static final String NO_WINDOW = "Aucun créneau de rappel n'est disponible dans les prochains jours. Merci de nous rappeler plus tard.";
    static final String CHANGED = "Ce rappel vient d’être modifié par ailleurs. Rechargez la liste et réessayez.";
    /** A flow report may race with the dispatcher noting the call as placed: read again and retry, a few times. */
    private static final int OUTCOME_TRIES = 3;
    private static final int MAX_PAGE_SIZE = 100;

    private final CallbackStore store;
    private final CallbackScheduler scheduler;
    private final CallbackRecorder recorder;
    private final Duration claimLease;
    private final Clock clock;

    /** @param claimLease how long an agent's claim holds before the callback returns to the list */
    public CallbackService(CallbackStore store, CallbackScheduler scheduler, CallbackRecorder recorder, Duration claimLease, Clock clock) {
        this.store = store;
        this.scheduler = scheduler;
        this.recorder = recorder;
        this.claimLease = claimLease;
        this.clock = clock;
    }

    /** The half-days to offer, by voice or on the web, empty when none has room. */
    public List<CallbackChoice> choices(Site site, Theme theme) {
        return scheduler.choices(site, theme.id(), clock.instant());
    }

    /** The label of the choice starting at {@code windowStart}, as {@link #choices} words it now. */
    public String label(Site site, Instant windowStart) {
        return CallbackSpeech.halfDay(windowStart.atZone(site.zone()).toLocalDateTime(), clock.instant().atZone(site.zone()).toLocalDate());
    }

    /**
     * Books a callback in the earliest window with room (from the caller's choice, if any), or
     * returns the active one the number already has on that theme.
     *
     * @throws ValidationException withheld or undialable number, or no window left
     */
    public CallbackRequested request(CallbackRequest request) {
        Instant now = clock.instant();
        String phone = CallbackPhone.resolve(request.callerId(), request.keyedNumber());
        DueWindow window = scheduler.earliest(request.site(), request.theme().id(), now, request.notBefore())
                .orElseThrow(() -> new ValidationException(null, NO_WINDOW));
        Callback callback = Callback.requested(UUID.randomUUID().toString(), phone, request.theme(),
                request.site().id(), request.contactRef(), now, window);
        CallbackStore.Creation creation = store.createIfNoPending(callback);
        if (creation instanceof CallbackStore.Creation.Existing existing) {
            return new CallbackRequested(existing.callback(), true, CallbackSpeech.alreadyPending(existing.callback().window(), now));
        }
        recorder.requested(callback);
        return new CallbackRequested(callback, false, CallbackSpeech.confirmation(window, now));
    }

    /** @throws CallbackConflictException when another agent holds it (or won the race) */
    public Callback claim(String id, String agentId) {
        Instant now = clock.instant();
        return write(id, c -> c.claim(agentId, now, now.plus(claimLease)));
    }

    public Callback release(String id, String agentId) {
        Instant now = clock.instant();
        return write(id, c -> heldBy(c, agentId).release(now));
    }

    /** The claiming agent's outcome and note; the retry policy decides what follows. */
    public Callback complete(String id, Actor agent, CallOutcome outcome, String note) {
        Callback current = heldBy(find(id), agent.sub());
        return recorder.outcome(current, outcome, note, clock.instant(), agent)
                .orElseThrow(() -> new CallbackConflictException(CHANGED));
    }

    /**
     * The outcome of an automated call as the contact flow reports it. A report for another
     * attempt, or for a callback no longer dialing, is a replay: the callback is returned as is.
     */
    public Callback recordOutcome(String id, int attempt, CallOutcome outcome) {
        for (int i = 0; i < OUTCOME_TRIES; i++) {
            Callback current = find(id);
            if (current.status() != CallbackStatus.DIALING || current.attempts() != attempt) {
                return current;
            }
            Optional<Callback> recorded = recorder.outcome(current, outcome, null, clock.instant(), null);
            if (recorded.isPresent()) {
                return recorded.get();
            }
        }
        throw new CallbackConflictException(CHANGED);
    }

    /** The agents' list; the page size is kept between 1 and 100. */
    public CallbackStore.Page list(CallbackStore.Listing listing) {
        int size = Math.max(1, Math.min(MAX_PAGE_SIZE, listing.pageSize()));
        return store.list(new CallbackStore.Listing(listing.siteId(), listing.themeId(), listing.status(), size, listing.pageToken()));
    }

    /** @throws CallbackNotFoundException when no callback has this id */
    public Callback find(String id) {
        return store.find(id).orElseThrow(() -> new CallbackNotFoundException(id));
    }

    private static Callback heldBy(Callback callback, String agentId) {
        if (callback.status() != CallbackStatus.CLAIMED || !agentId.equals(callback.claimedBy())) {
            throw new CallbackConflictException("Ce rappel n’est pas pris en charge par vous.");
        }
        return callback;
    }

    private Callback write(String id, UnaryOperator<Callback> transition) {
        Callback current = find(id);
        Callback next = transition.apply(current);
        if (!store.replace(current, next)) {
            throw new CallbackConflictException(CHANGED);
        }
        return next;
    }
}
