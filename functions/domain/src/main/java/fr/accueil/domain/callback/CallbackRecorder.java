package fr.accueil.domain.callback;

import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.SiteDirectory;
import java.time.Instant;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Records what happens to a callback: the conditional write, then an entry in the contact's
 * history (which also updates the contact's profile, see {@code ContactProfile}). Shared by the service (flow and agent reports) and the dispatcher (dial failures).
 */
public final class CallbackRecorder {
    static final String CHANNEL = "callback";

    private final CallbackStore store;
    private final ContactStore contacts;
    private final SiteDirectory sites;
    private final SiteCalendar calendar;
    private final RetryPolicy retry;

    public CallbackRecorder(CallbackStore store, ContactStore contacts, SiteDirectory sites, SiteCalendar calendar, RetryPolicy retry) {
        this.store = store;
        this.contacts = contacts;
        this.sites = sites;
        this.calendar = calendar;
        this.retry = retry;
    }

    /** The request, once stored. */
    public void requested(Callback callback) {
        record(interaction(callback, "callback-requested", callback.requestedAt(), null));
    }

    /**
     * Applies the retry policy to an attempt's outcome; empty when another writer came first.
     *
     * @param by the agent who reports it (in the history entry); null for the contact flow's report
     */
    public Optional<Callback> outcome(Callback current, CallOutcome outcome, String note, Instant now, Actor by) {
        Callback next = sites.site(current.siteId())
                .map(site -> retry.after(current, outcome, note, now, site, calendar))
                .orElseGet(() -> current.fail(outcome, "Site introuvable : " + current.siteId() + ".", now, note));
        return write(current, next, now, by);
    }

    /** Fails it at once (a call that can never be placed, no opening left); empty when another writer came first. */
    public Optional<Callback> fail(Callback current, CallOutcome outcome, String reason, Instant now) {
        return write(current, current.fail(outcome, reason, now, null), now, null);
    }

    private Optional<Callback> write(Callback current, Callback next, Instant now, Actor by) {
        if (!store.replace(current, next)) {
            return Optional.empty();
        }
        String kind = next.status() == CallbackStatus.PENDING
                ? "callback-retry"
                : "callback-" + next.status().name().toLowerCase(Locale.ROOT);
        record(interaction(next, kind, now, by));
        return Optional.of(next);
    }

    /** The callback's own item is the record, already written: its history entry is derived ({@link ContactStore#recordDerived}). */
    private void record(Interaction entry) {
        contacts.recordDerived(entry, "callbackId");
    }

    /** Keyed by callback and version, so a replayed write does not add a second entry. */
    private static Interaction interaction(Callback callback, String kind, Instant at, Actor by) {
        Map<String, String> details = by == null ? new HashMap<>() : new HashMap<>(by.details());
        details.put("callbackId", callback.id());
        details.put("siteId", callback.siteId());
        details.put("themeId", callback.themeId());
        details.put("attempts", Integer.toString(callback.attempts()));
        details.put("requestedAt", callback.requestedAt().toString());
        if (callback.outcome() != null) {
            details.put("outcome", callback.outcome().name());
        }
        return new Interaction(callback.id() + "#" + callback.version(), callback.phone(), at, CHANNEL, kind, details);
    }
}
