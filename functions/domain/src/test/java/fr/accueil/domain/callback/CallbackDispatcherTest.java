package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.ALLOCATIONS;
import static fr.accueil.domain.callback.Fixtures.CALENDAR;
import static fr.accueil.domain.callback.Fixtures.RETRAITE;
import static fr.accueil.domain.callback.Fixtures.metz;
import static fr.accueil.domain.callback.Fixtures.paris;
import static fr.accueil.domain.callback.Fixtures.pending;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Site;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import java.time.Duration;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CallbackDispatcherTest {
    private static final DueWindow NINE = window("2025-11-24T09:00", "2025-11-24T10:00");

    private final Fixtures.TestClock clock = new Fixtures.TestClock(paris("2025-11-24T09:00"));
    private final InMemoryCallbackStore store = new InMemoryCallbackStore();
    private final Fixtures.Contacts contacts = new Fixtures.Contacts();
    private final FakeDialer dialer = new FakeDialer();
    private final List<Duration> pauses = new ArrayList<>();
    /** Two agents free in every queue unless a test says otherwise. */
    private final SimulatedQueueLoad queues = new SimulatedQueueLoad();
    private final CallbackDispatcher dispatcher = new CallbackDispatcher(store, dialer,
            new CallbackRecorder(store, contacts, Fixtures.directory(metz()), CALENDAR, RetryPolicy.defaults()),
            Fixtures.directory(metz()), CALENDAR, queues,
            new DispatchSettings("flow-callback", 2, 10, 10, Duration.ofMinutes(2), Duration.ofMinutes(30), 3, Duration.ofSeconds(1)),
            clock, duration -> {
                pauses.add(duration);
                clock.advance(duration);
            });

    private Callback stored(String id, DueWindow window) {
        return store.createIfNoPending(pending(id, "+3361234567" + id.charAt(id.length() - 1), RETRAITE, window)).callback();
    }

    private Callback current(String id) {
        return store.find(id).orElseThrow();
    }

    @Test
    void dialsDueCallbacksWithinTheQueuesFreeAgentsAtThePace() {
        stored("cb1", NINE);
        stored("cb2", NINE);
        stored("cb3", NINE);
        stored("cb4", window("2025-11-24T10:00", "2025-11-24T11:00"));

        DispatchReport report = dispatcher.run();

        assertEquals(new DispatchReport(0, 0, 0, 2, 0, 0, false, 1, 0, 0, 0, List.of()), report, "two agents free, the third waits");
        assertEquals(List.of(Duration.ofMillis(500)), pauses);
        Callback first = current("cb1");
        assertEquals(CallbackStatus.DIALING, first.status());
        assertEquals("contact-1", first.contactId());
        assertEquals(paris("2025-11-24T09:30"), first.dialingExpiresAt(), "waits 30 minutes for the outcome");
        assertEquals(Map.of("callbackId", "cb1", "attempt", "1", "siteId", "metz", "themeId", "retraite"), dialer.requests.get(0));
        assertEquals(CallbackStatus.PENDING, current("cb3").status());
    }

    @Test
    void aRunThatDiedAfterTakingTheLeaseIsTakenUpWithTheSameToken() throws Exception {
        Callback pending = stored("cb1", NINE);
        Callback dialing = pending.startDialing(clock.instant(), clock.instant().plus(Duration.ofMinutes(2)));
        store.replace(pending, dialing);
        dialer.dial(dialing.phone(), "flow-callback", dialing.queue(), Map.of(), dialing.clientToken());

        clock.advance(Duration.ofMinutes(1));
        assertEquals(0, dispatcher.run().dialed(), "the lease still holds");

        clock.advance(Duration.ofMinutes(1));
        assertEquals(1, dispatcher.run().dialed());
        assertEquals(1, current("cb1").attempts());
        assertEquals(Map.of(ClientTokens.of("cb1", 1), "contact-1"), dialer.callsByToken, "Connect placed one call");
        assertEquals("contact-1", current("cb1").contactId());
    }

    @Test
    void aThrottledRequestIsTriedAgainAfterABackoff() {
        stored("cb1", NINE);
        dialer.failures.add(new OutboundDialer.Throttled("TooManyRequests", null));
        dialer.failures.add(new OutboundDialer.Throttled("TooManyRequests", null));

        assertEquals(1, dispatcher.run().dialed());
        assertEquals(2, pauses.size());
        // Jittered: between half and all of 1 s, then of 2 s.
        assertTrue(pauses.get(0).compareTo(Duration.ofMillis(500)) >= 0 && pauses.get(0).compareTo(Duration.ofSeconds(1)) <= 0, pauses.toString());
        assertTrue(pauses.get(1).compareTo(Duration.ofSeconds(1)) >= 0 && pauses.get(1).compareTo(Duration.ofSeconds(2)) <= 0, pauses.toString());
    }

    @Test
    void theRunStopsWhenThrottlingLastsAndTheLeaseBringsTheCallbackBack() {
        stored("cb1", NINE);
        stored("cb2", NINE);
        for (int i = 0; i < 4; i++) {
            dialer.failures.add(new OutboundDialer.Throttled("TooManyRequests", null));
        }

        DispatchReport report = dispatcher.run();

        assertTrue(report.throttled());
        assertEquals(CallbackStatus.DIALING, current("cb1").status());
        assertEquals(CallbackStatus.PENDING, current("cb2").status());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(2, dispatcher.run().dialed());
        assertEquals(1, current("cb1").attempts());
    }

    @Test
    void aTransientFailureIsAnAttemptTriedAgainLater() {
        stored("cb1", NINE);
        dialer.failures.add(new OutboundDialer.TransientFailure("ServiceUnavailable", null));

        assertEquals(1, dispatcher.run().dialFailures());
        Callback retry = current("cb1");
        assertEquals(CallbackStatus.PENDING, retry.status());
        assertEquals(1, retry.attempts());
        assertEquals(CallOutcome.DIAL_ERROR, retry.outcome());
        assertEquals(paris("2025-11-24T09:30"), retry.nextAttemptAt());
        assertEquals("callback-retry", contacts.recorded.get(0).kind());
    }

    @Test
    void aPermanentFailureFailsTheCallback() {
        stored("cb1", NINE);
        dialer.failures.add(new OutboundDialer.PermanentFailure("DestinationNotAllowed", null));

        dispatcher.run();
        assertEquals(CallbackStatus.FAILED, current("cb1").status());
        assertEquals(CallbackDispatcher.DIAL_REFUSED, current("cb1").failureReason());
    }

    @Test
    void aCallbackDueWhileTheSiteIsClosedMovesToItsNextOpening() {
        stored("cb1", window("2025-11-24T11:00", "2025-11-24T12:00"));
        clock.set(paris("2025-11-24T12:10"));

        DispatchReport report = dispatcher.run();

        assertEquals(1, report.deferred());
        assertEquals(0, report.dialed());
        assertEquals(paris("2025-11-24T13:30"), current("cb1").nextAttemptAt());
    }

    @Test
    void callbacksOfAClosedSiteDoNotHoldBackThoseOfAnOpenOne() {
        Site cayenne = Fixtures.site("cayenne", ZoneId.of("America/Cayenne"));
        CallbackDispatcher twoSites = new CallbackDispatcher(store, dialer,
                new CallbackRecorder(store, contacts, Fixtures.directory(metz(), cayenne), CALENDAR, RetryPolicy.defaults()),
                Fixtures.directory(metz(), cayenne), CALENDAR, queues,
                new DispatchSettings("flow-callback", 2, 10, 10, Duration.ofMinutes(2), Duration.ofMinutes(30), 3, Duration.ofSeconds(1)),
                clock, clock::advance);
        // Twelve callbacks due earlier at a site where it is 5 a.m., more than a run reads at once.
        DueWindow early = window("2025-11-24T08:00", "2025-11-24T09:00");
        for (int i = 10; i < 22; i++) {
            store.createIfNoPending(Callback.requested("early" + i, "+336123456" + i, RETRAITE, "cayenne", null, early.from(), early));
        }
        stored("cb1", NINE);

        DispatchReport report = twoSites.run();

        assertEquals(12, report.deferred());
        assertEquals(1, report.dialed(), "Metz is open: its callback is dialled in the same run");
        assertEquals(CallbackStatus.DIALING, current("cb1").status());
    }

    @Test
    void onAClockThatDoesNotMoveCallsAreStillSpacedByThePaceOnly() {
        List<Duration> slept = new ArrayList<>();
        CallbackDispatcher fixedClock = new CallbackDispatcher(store, dialer,
                new CallbackRecorder(store, contacts, Fixtures.directory(metz()), CALENDAR, RetryPolicy.defaults()),
                Fixtures.directory(metz()), CALENDAR, queues,
                new DispatchSettings("flow-callback", 2, 10, 10, Duration.ofMinutes(2), Duration.ofMinutes(30), 3, Duration.ofSeconds(1)),
                java.time.Clock.fixed(clock.instant(), java.time.ZoneOffset.UTC), slept::add);
        stored("cb1", NINE);
        stored("cb2", NINE);
        stored("cb3", NINE);
        queues.setAgents("q-carsat", 3);

        assertEquals(3, fixedClock.run().dialed());
        assertEquals(List.of(Duration.ofMillis(500), Duration.ofMillis(500)), slept, "not 0.5 s more before each next call");
    }

    @Test
    void aLapsedClaimReturnsToTheList() {
        Callback pending = stored("cb1", NINE);
        Callback claimed = pending.claim("agent-a", clock.instant(), clock.instant().plus(Duration.ofMinutes(15)));
        store.replace(pending, claimed);
        clock.advance(Duration.ofMinutes(15));
        queues.setAgents("q-carsat", 0);

        DispatchReport report = dispatcher.run();

        assertEquals(1, report.claimsReleased());
        assertEquals(CallbackStatus.PENDING, current("cb1").status());
        assertTrue(current("cb1").claimableBy("agent-b", clock.instant()));
    }

    @Test
    void aPlacedCallWhoseOutcomeNeverCameCountsAsADialError() {
        stored("cb1", NINE);
        dispatcher.run();
        clock.advance(Duration.ofMinutes(30));

        DispatchReport report = dispatcher.run();

        assertEquals(1, report.outcomesMissed());
        Callback retry = current("cb1");
        assertEquals(CallbackStatus.PENDING, retry.status());
        assertEquals(CallOutcome.DIAL_ERROR, retry.outcome());
        assertEquals(CallbackDispatcher.OUTCOME_MISSED, retry.note());
        assertEquals(1, dialer.callsByToken.size());
    }

    @Test
    void noFreeAgentNoCall() {
        stored("cb1", NINE);
        stored("cb2", NINE);
        queues.setAgents("q-carsat", 0);

        DispatchReport report = dispatcher.run();

        assertEquals(0, report.dialed());
        assertEquals(2, report.heldNoAgent());
        assertEquals(List.of(), dialer.requests, "no one is called while no agent is free");
        assertEquals(CallbackStatus.PENDING, current("cb1").status());

        queues.setAgents("q-carsat", 1);
        assertEquals(1, dispatcher.run().dialed(), "an agent is free: one call");
        assertEquals(0, dispatcher.run().dialed(), "that agent is kept for the call under way");
    }

    @Test
    void callersAlreadyWaitingInTheQueueGoFirst() {
        stored("cb1", NINE);
        stored("cb2", NINE);
        queues.setAgents("q-carsat", 3);
        queues.set("q-carsat", new QueueMetrics(2, Duration.ofSeconds(40)));

        DispatchReport report = dispatcher.run();

        assertEquals(1, report.dialed(), "3 agents available, 2 callers waiting: one agent for a callback");
        assertEquals(1, report.heldNoAgent());
    }

    @Test
    void aCitizenWithCallbacksOnTwoThemesIsCalledOnceAtATime() {
        Callback retraite = stored("cb1", NINE);
        Callback allocations = store.createIfNoPending(pending("cb9", retraite.phone(), ALLOCATIONS, NINE)).callback();

        DispatchReport first = dispatcher.run();
        assertEquals(1, first.dialed());
        assertEquals(1, first.heldSameCitizen());
        assertEquals(CallbackStatus.PENDING, current(allocations.id()).status());

        assertEquals(0, dispatcher.run().dialed(), "the first call is still under way");

        Callback dialing = current("cb1");
        assertTrue(store.replace(dialing, dialing.close(CallOutcome.REACHED, clock.instant(), null)));
        assertEquals(1, dispatcher.run().dialed(), "the first call is over: the second theme's call follows");
        assertEquals(CallbackStatus.DIALING, current(allocations.id()).status());
    }

    @Test
    void aCitizenAnAgentHoldsIsNotDialled() {
        Callback pending = stored("cb1", NINE);
        Callback claimed = pending.claim("agent-a", clock.instant(), clock.instant().plus(Duration.ofMinutes(15)));
        store.replace(pending, claimed);
        store.createIfNoPending(pending("cb9", claimed.phone(), ALLOCATIONS, NINE));

        DispatchReport report = dispatcher.run();

        assertEquals(0, report.dialed());
        assertEquals(1, report.heldSameCitizen());
    }

    @Test
    void theDispatchersShareOfTheConcurrentCallsIsNeverExceeded() {
        CallbackDispatcher oneLine = new CallbackDispatcher(store, dialer,
                new CallbackRecorder(store, contacts, Fixtures.directory(metz()), CALENDAR, RetryPolicy.defaults()),
                Fixtures.directory(metz()), CALENDAR, queues,
                new DispatchSettings("flow-callback", 2, 10, 1, Duration.ofMinutes(2), Duration.ofMinutes(30), 3, Duration.ofSeconds(1)),
                clock, clock::advance);
        stored("cb1", NINE);
        stored("cb2", NINE);

        DispatchReport report = oneLine.run();
        assertEquals(1, report.dialed());
        assertEquals(1, report.heldQuota());
        assertEquals(0, oneLine.run().dialed(), "the call under way still uses the share");
    }
}
