package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.ALLOCATIONS;
import static fr.accueil.domain.callback.Fixtures.CALENDAR;
import static fr.accueil.domain.callback.Fixtures.PHONE;
import static fr.accueil.domain.callback.Fixtures.RETRAITE;
import static fr.accueil.domain.callback.Fixtures.metz;
import static fr.accueil.domain.callback.Fixtures.paris;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallbackServiceTest {
    private final Fixtures.TestClock clock = new Fixtures.TestClock(paris("2025-11-24T08:00"));
    private final InMemoryCallbackStore store = new InMemoryCallbackStore();
    private final Fixtures.Contacts contacts = new Fixtures.Contacts();
    private final Site metz = metz();
    private final CallbackService service = new CallbackService(store,
            new CallbackScheduler(CALENDAR, store, new SchedulingRules(Duration.ofHours(1), 2, Duration.ofMinutes(15), 14)),
            new CallbackRecorder(store, contacts, Fixtures.directory(metz), CALENDAR, RetryPolicy.defaults()),
            Duration.ofMinutes(15), clock);

    private CallbackRequested request(String callerId, Theme theme) {
        return service.request(new CallbackRequest(metz, theme, callerId, null, "contact-in-1", null));
    }

    @Test
    void booksTheEarliestWindowAndConfirmsIt() {
        CallbackRequested requested = request(PHONE, RETRAITE);
        Callback callback = requested.callback();
        assertFalse(requested.alreadyPending());
        assertEquals("Nous vous rappellerons aujourd'hui entre 9 h et 10 h.", requested.prompt());
        assertEquals(window("2025-11-24T09:00", "2025-11-24T10:00"), callback.window());
        assertEquals("contact-in-1", callback.contactRef());
        Interaction entry = contacts.recorded.get(0);
        assertEquals("callback-requested", entry.kind());
        assertEquals(PHONE, entry.phone());
        assertEquals(callback.id(), entry.details().get("callbackId"));
    }

    @Test
    void oneActiveCallbackPerNumberAndTheme() {
        Callback first = request(PHONE, RETRAITE).callback();
        CallbackRequested again = request("06 12 34 56 78", RETRAITE);
        assertTrue(again.alreadyPending());
        assertEquals(first, again.callback());
        assertTrue(again.prompt().startsWith("Vous avez déjà une demande de rappel en cours."));
        assertNotEquals(first.id(), request(PHONE, ALLOCATIONS).callback().id(), "another theme is another callback");
        assertEquals(2, store.all().size());
        assertEquals(2, contacts.recorded.size(), "no history entry for the repeated request");
    }

    @Test
    void aNewCallbackOnceTheLastOneIsOver() {
        Callback first = request(PHONE, RETRAITE).callback();
        clock.set(paris("2025-11-24T09:05"));
        service.claim(first.id(), "agent-a");
        service.complete(first.id(), new Actor("agent-a", "anne@example.fr"), CallOutcome.REACHED, "RDV pris");
        Interaction completed = contacts.recorded.get(contacts.recorded.size() - 1);
        assertEquals("callback-completed", completed.kind());
        assertEquals("agent-a", completed.details().get("actorSub"), "the agent behind the outcome, in the history");
        assertEquals("anne@example.fr", completed.details().get("actorName"));
        assertFalse(request(PHONE, RETRAITE).alreadyPending());
    }

    @Test
    void windowsFillUpToTheirCapacity() {
        request("+33612345671", RETRAITE);
        request("+33612345672", RETRAITE);
        assertEquals(paris("2025-11-24T10:00"), request("+33612345673", RETRAITE).callback().window().from());
    }

    @Test
    void theCallersChoiceIsHonoured() {
        CallbackChoice afternoon = service.choices(metz, RETRAITE).stream()
                .filter(c -> c.label().equals("cet après-midi")).findFirst().orElseThrow();
        CallbackRequested requested = service.request(
                new CallbackRequest(metz, RETRAITE, PHONE, null, null, afternoon.window().from()));
        assertEquals("Nous vous rappellerons aujourd'hui entre 13 h 30 et 14 h 30.", requested.prompt());
    }

    @Test
    void aWithheldNumberIsRefusedAndNothingStored() {
        ValidationException e = assertThrows(ValidationException.class, () -> request("anonymous", RETRAITE));
        assertEquals(CallbackPhone.WITHHELD, e.getMessage());
        assertTrue(store.all().isEmpty());
        assertTrue(contacts.recorded.isEmpty());
    }

    @Test
    void aKeyedNumberReplacesTheCallerId() {
        CallbackRequested requested = service.request(new CallbackRequest(metz, RETRAITE, "anonymous", "0387123456", null, null));
        assertEquals("+33387123456", requested.callback().phone());
    }

    @Test
    void noWindowLeftIsSaidPlainly() {
        CallbackService oneWindow = new CallbackService(store,
                new CallbackScheduler(CALENDAR, store, new SchedulingRules(Duration.ofHours(1), 1, Duration.ZERO, 1)),
                new CallbackRecorder(store, contacts, Fixtures.directory(metz), CALENDAR, RetryPolicy.defaults()),
                Duration.ofMinutes(15), clock);
        clock.set(paris("2025-11-24T16:30"));
        oneWindow.request(new CallbackRequest(metz, RETRAITE, "+33612345671", null, null, null));
        ValidationException e = assertThrows(ValidationException.class,
                () -> oneWindow.request(new CallbackRequest(metz, RETRAITE, "+33612345672", null, null, null)));
        assertEquals(CallbackService.NO_WINDOW, e.getMessage());
    }

    @Test
    void oneAgentClaimsUntilTheLeaseLapses() {
        String id = request(PHONE, RETRAITE).callback().id();
        clock.set(paris("2025-11-24T09:00"));
        Callback claimed = service.claim(id, "agent-a");
        assertEquals(paris("2025-11-24T09:15"), claimed.claimExpiresAt());
        assertThrows(CallbackConflictException.class, () -> service.claim(id, "agent-b"));
        assertThrows(CallbackConflictException.class, () -> service.complete(id, new Actor("agent-b", null), CallOutcome.REACHED, null));

        clock.set(paris("2025-11-24T09:15"));
        assertEquals("agent-b", service.claim(id, "agent-b").claimedBy());
        assertThrows(CallbackConflictException.class, () -> service.release(id, "agent-a"));
    }

    @Test
    void aReleasedCallbackIsBackInTheList() {
        String id = request(PHONE, RETRAITE).callback().id();
        clock.set(paris("2025-11-24T09:00"));
        service.claim(id, "agent-a");
        service.release(id, "agent-a");
        CallbackStore.Page page = service.list(new CallbackStore.Listing("metz", null, CallbackStatus.PENDING, 500, null));
        assertEquals(List.of(id), page.callbacks().stream().map(Callback::id).toList());
        assertNull(page.nextPageToken());
    }

    @Test
    void anAgentsUnansweredCallIsRetriedAndWrittenInTheHistory() {
        String id = request(PHONE, RETRAITE).callback().id();
        clock.set(paris("2025-11-24T09:00"));
        service.claim(id, "agent-a");
        Callback retry = service.complete(id, new Actor("agent-a", null), CallOutcome.NO_ANSWER, "messagerie");
        assertEquals(CallbackStatus.PENDING, retry.status());
        assertEquals(1, retry.attempts());
        assertEquals(paris("2025-11-24T09:30"), retry.nextAttemptAt());
        assertEquals("CLAIMED → PENDING", store.writes.get(store.writes.size() - 1));
        Interaction entry = contacts.recorded.get(contacts.recorded.size() - 1);
        assertEquals("callback-retry", entry.kind());
        assertEquals("NO_ANSWER", entry.details().get("outcome"));
    }

    @Test
    void aFlowReportForAnotherAttemptIsAReplay() {
        String id = request(PHONE, RETRAITE).callback().id();
        clock.set(paris("2025-11-24T09:00"));
        Callback pending = store.find(id).orElseThrow();
        Callback dialing = pending.startDialing(clock.instant(), clock.instant().plusSeconds(120));
        store.replace(pending, dialing);

        assertEquals(dialing, service.recordOutcome(id, 2, CallOutcome.REACHED));
        Callback done = service.recordOutcome(id, 1, CallOutcome.REACHED);
        assertEquals(CallbackStatus.COMPLETED, done.status());
        assertEquals(done, service.recordOutcome(id, 1, CallOutcome.NO_ANSWER), "a repeated report changes nothing");
        assertEquals("callback-completed", contacts.recorded.get(contacts.recorded.size() - 1).kind());
    }

    @Test
    void anUnknownCallbackIsNotFound() {
        assertThrows(CallbackNotFoundException.class, () -> service.claim("nope", "agent-a"));
    }
}
