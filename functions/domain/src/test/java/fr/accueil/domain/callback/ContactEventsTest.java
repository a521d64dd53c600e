package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.CALENDAR;
import static fr.accueil.domain.callback.Fixtures.PHONE;
import static fr.accueil.domain.callback.Fixtures.RETRAITE;
import static fr.accueil.domain.callback.Fixtures.metz;
import static fr.accueil.domain.callback.Fixtures.paris;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Site;
import fr.accueil.domain.queue.ContactEvent;
import fr.accueil.domain.queue.ContactEvents;
import fr.accueil.domain.queue.QueueCount;
import fr.accueil.domain.queue.QueueHour;
import fr.accueil.domain.queue.QueueStatsStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The outcome of an automated call and the queue figures, from Connect's contact events. */
class ContactEventsTest {
    private static final String QUEUE_ARN = "arn:aws:connect:eu-central-1:111122223333:instance/i-1/queue/q-retraite";

    private final Fixtures.TestClock clock = new Fixtures.TestClock(paris("2025-11-24T08:00"));
    private final InMemoryCallbackStore store = new InMemoryCallbackStore();
    private final Site metz = metz();
    private final CallbackService service = new CallbackService(store,
            new CallbackScheduler(CALENDAR, store, new SchedulingRules(Duration.ofHours(1), 2, Duration.ofMinutes(15), 14)),
            new CallbackRecorder(store, new Fixtures.Contacts(), Fixtures.directory(metz), CALENDAR, RetryPolicy.defaults()),
            Duration.ofMinutes(15), clock);
    private final Counted stats = new Counted();
    private final ContactEvents events = new ContactEvents("t57", store, service, stats,
            arn -> arn.equals(QUEUE_ARN) ? Optional.of("retraite") : Optional.empty(), Duration.ofSeconds(60), clock);

    /** The port's contract in memory: once per contact and event type. */
    static final class Counted implements QueueStatsStore {
        final Set<String> seen = new HashSet<>();
        final List<QueueCount> counts = new ArrayList<>();

        @Override
        public boolean count(String territoryId, String contactId, String eventType, QueueCount count) {
            if (!seen.add(contactId + "#" + eventType)) {
                return false;
            }
            counts.add(count);
            return true;
        }

        @Override
        public List<QueueHour> hours(String territoryId, Instant from, Instant to) {
            return counts.stream().map(c -> new QueueHour(c.queue(), c.hour(), c.counters(), c.waitSeconds(), c.serviceLevelSeconds())).toList();
        }
    }

    private Callback dialed(String contactId) {
        String id = service.request(new CallbackRequest(metz, RETRAITE, PHONE, null, null, null)).callback().id();
        clock.set(paris("2025-11-24T09:00"));
        Callback pending = store.find(id).orElseThrow();
        Callback dialing = pending.startDialing(clock.instant(), clock.instant().plusSeconds(120));
        store.replace(pending, dialing);
        Callback placed = dialing.dialed(contactId, clock.instant().plus(Duration.ofMinutes(30)));
        store.replace(dialing, placed);
        return placed;
    }

    private static ContactEvent outbound(String contactId, Instant start, Instant answered, Instant enqueued, Instant agent, Instant end) {
        return new ContactEvent(contactId, "DISCONNECTED", "VOICE", "API", enqueued == null ? null : QUEUE_ARN, start, answered,
                enqueued, agent, end, "CUSTOMER_DISCONNECT");
    }

    @Test
    void anOutboundCallNobodyAnsweredIsANoAnswerAttemptAtOnce() {
        Callback placed = dialed("c-1");
        Instant now = clock.instant();
        ContactEvents.Applied applied = events.apply(outbound("c-1", now, null, null, null, now.plusSeconds(30)));

        Callback after = store.find(placed.id()).orElseThrow();
        assertEquals(CallOutcome.NO_ANSWER, applied.outcome());
        assertEquals(CallbackStatus.PENDING, after.status());
        assertEquals(CallOutcome.NO_ANSWER, after.outcome());
        assertEquals(after, service.find(placed.id()));
        events.apply(outbound("c-1", now, null, null, null, now.plusSeconds(30)));
        assertEquals(after, store.find(placed.id()).orElseThrow(), "a replayed event changes nothing");
        assertTrue(stats.counts.isEmpty(), "never queued: no queue figure");
    }

    @Test
    void anAnsweredCallPutThroughToAnAgentIsReachedAndCountedInItsQueue() {
        Callback placed = dialed("c-2");
        Instant now = clock.instant();
        events.apply(outbound("c-2", now, now.plusSeconds(5), now.plusSeconds(10), now.plusSeconds(40), now.plusSeconds(400)));

        assertEquals(CallbackStatus.COMPLETED, store.find(placed.id()).orElseThrow().status());
        QueueCount count = stats.counts.get(0);
        assertEquals("retraite", count.queue());
        assertEquals(Map.of("queued", 1L, "answered", 1L, "answeredWaitSeconds", 30L, "answeredWithinServiceLevel", 1L), count.counters());
    }

    @Test
    void anAnsweredCallThatEndedBeforeAnAgentIsLeftToTheFlowsReport() {
        Callback placed = dialed("c-3");
        Instant now = clock.instant();
        ContactEvents.Applied applied = events.apply(outbound("c-3", now, now.plusSeconds(5), null, null, now.plusSeconds(20)));
        assertNull(applied.outcome());
        assertEquals(CallbackStatus.DIALING, store.find(placed.id()).orElseThrow().status());
    }

    @Test
    void anUnknownOutboundContactIsTriedAgainWhileRecentThenIgnored() {
        Instant now = clock.instant();
        assertThrows(ContactEvents.NotYetKnownException.class,
                () -> events.apply(outbound("c-unknown", now, null, null, null, now)));
        clock.set(now.plus(Duration.ofMinutes(11)));
        assertNull(events.apply(outbound("c-unknown", now, null, null, null, now)).outcome());
    }

    @Test
    void inboundCallersAreCountedOnceAsAnsweredAbandonedOrCalledBack() {
        Instant t = Instant.parse("2025-11-24T08:12:00Z");
        ContactEvent abandoned = new ContactEvent("in-1", "DISCONNECTED", "VOICE", "INBOUND", QUEUE_ARN, t, t, t.plusSeconds(20),
                null, t.plusSeconds(200), "CUSTOMER_DISCONNECT");
        ContactEvent late = new ContactEvent("in-2", "DISCONNECTED", "VOICE", "INBOUND", QUEUE_ARN, t, t, t.plusSeconds(20),
                t.plusSeconds(120), t.plusSeconds(500), "AGENT_DISCONNECT");
        ContactEvent callback = new ContactEvent("in-3", "DISCONNECTED", "VOICE", "INBOUND",
                "arn:aws:connect:eu-central-1:111122223333:instance/i-1/queue/q-gone", t, t, t.plusSeconds(20), null,
                t.plusSeconds(80), "CONTACT_FLOW_DISCONNECT");
        assertTrue(events.apply(abandoned).counted());
        assertFalse(events.apply(abandoned).counted(), "delivered twice, counted once");
        events.apply(late);
        assertEquals("q-gone", events.apply(callback).queue());
        assertFalse(events.apply(new ContactEvent("in-4", "QUEUED", "VOICE", "INBOUND", QUEUE_ARN, t, t, t, null, null, null)).counted());

        QueueHour hour = stats.hours("t57", t, t).get(0).plus(stats.hours("t57", t, t).get(1));
        assertEquals(Instant.parse("2025-11-24T08:00:00Z"), hour.hour());
        assertEquals(2, hour.count("queued"));
        assertEquals(0.5, hour.abandonmentRate());
        assertEquals(0.0, hour.serviceLevel(), "answered after 100 s, beyond 60 s");
        assertEquals(100.0, hour.averageAnswerWaitSeconds());
        assertEquals(180, hour.maxWaitSeconds());
        assertEquals(Map.of("queued", 1L, "callbackChosen", 1L), stats.counts.get(2).counters());
    }
}
