package fr.accueil.handlers.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackRecorder;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.callback.CallbackScheduler;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.callback.RetryPolicy;
import fr.accueil.domain.callback.SchedulingRules;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.queue.ContactEvents;
import fr.accueil.domain.queue.QueueHour;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.storage.dynamodb.DynamoCallbackStore;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoQueueStatsStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * EventsContactFunction fed with the Amazon Connect contact events of events/, on DynamoDB Local, at Tuesday
 * 3 March 2026, 10:00 in Metz: queue figures counted once per contact, an unanswered outbound call recorded.
 */
class EventsContactHandlerIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Clock CLOCK = Clock.fixed(LocalDateTime.parse("2026-03-03T10:00").atZone(PARIS).toInstant(), ZoneOffset.UTC);
    private static final String INSTANCE = "arn:aws:connect:eu-central-1:111122223333:instance/9a6f4b8e-2c1d-4e3f-8a7b-1c2d3e4f5a6b";

    private final String territory = "t-" + UUID.randomUUID();
    private final DirectoryStore directory = new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
    private final SiteCalendar calendar = new SiteCalendar(new FrenchHolidays());
    private final CallbackStore store = new DynamoCallbackStore(STACK.client(), STACK.table("CallbacksTable"), CLOCK, Duration.ofDays(365));
    private final CallbackService service = new CallbackService(store, new CallbackScheduler(calendar, store, SchedulingRules.defaults()),
            new CallbackRecorder(store, new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"), CLOCK, Duration.ofDays(365)),
                    new SiteDirectory(directory, territory), calendar, RetryPolicy.defaults()),
            Duration.ofMinutes(15), CLOCK);
    private final DynamoQueueStatsStore stats = new DynamoQueueStatsStore(STACK.client(), STACK.table("StatsTable"), CLOCK);
    private final ConnectQueues queues = new ConnectQueues(
            Map.of("retraite", INSTANCE + "/queue/4c8e2a1b-6d3f-4b9e-8c7a-5e1f2d3c4b5a"), INSTANCE + "/queue/general");
    private final EventsContactHandler handler = new EventsContactHandler(new ContactEvents(territory, store, service, stats,
            arn -> EventsContactHandler.keyOf(queues, arn), Duration.ofSeconds(60), CLOCK));
    private final Site site;

    EventsContactHandlerIntegrationTest() {
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("13:30-17:00")));
        }
        site = new Site("metz-borny", territory, "France Services Metz-Borny", new Address("2 rue Théodore de Gargan", "57070", "Metz"),
                List.of("57070"), PARIS, new WeeklyHours(hours), List.of(), null, "general");
        directory.save(territory, site);
        directory.save(territory, new Theme("retraite", "Retraite", "retraite"));
    }

    private Map<String, Object> handle(String file) throws Exception {
        return handler.handleRequest(Json.readObject(new String(SampleEvents.bytes(file), StandardCharsets.UTF_8)), null);
    }

    @Test
    void queuedCallersAreCountedOnceEachInTheirQueuesHour() throws Exception {
        assertEquals(true, handle("EventsContactFunction.json").get("counted"));
        assertEquals(false, handle("EventsContactFunction.json").get("counted"), "EventBridge delivered it twice: counted once");
        assertEquals("retraite", handle("EventsContactFunction.answered.json").get("queue"));
        assertEquals(Map.of("applied", true, "contactId", "2b4d6f8a-0c1e-4a3b-8d5f-7e9a1c3b5d70", "eventType", "QUEUED",
                "initiationMethod", "API"), handle("EventsContactFunction.chat.json"), "a chat, and not its end: nothing counted");
        assertEquals(false, handler.handleRequest(Map.of("source", "aws.events", "detail-type", "Scheduled Event"), null).get("applied"));

        List<QueueHour> hours = stats.hours(territory, Instant.parse("2026-03-03T00:00:00Z"), Instant.parse("2026-03-04T00:00:00Z"));
        assertEquals(1, hours.size());
        QueueHour hour = hours.get(0);
        assertEquals("retraite", hour.queue());
        assertEquals(Instant.parse("2026-03-03T08:00:00Z"), hour.hour());
        assertEquals(2, hour.count("queued"));
        assertEquals(1, hour.count("abandoned"));
        assertEquals(268, hour.count("abandonedWaitSeconds"), "08:43:02 to 08:47:30");
        assertEquals(41, hour.count("answeredWaitSeconds"), "08:50:15 to 08:50:57");
        assertEquals(1, hour.count("answeredWithinServiceLevel"));
        assertEquals(268, hour.maxWaitSeconds());
        assertEquals(0.5, hour.abandonmentRate());
    }

    @Test
    void anUnansweredOutboundCallIsANoAnswerAttemptAndAReplayChangesNothing() throws Exception {
        assertThrows(ContactEvents.NotYetKnownException.class, () -> handle("EventsContactFunction.outbound-no-answer.json"),
                "before the dispatcher stored the contact: failed, so that Lambda tries it again");
        Callback requested = service.request(new CallbackRequest(site, new Theme("retraite", "Retraite", "retraite"),
                "+33687" + String.format("%06d", Math.floorMod(territory.hashCode(), 1_000_000)), null, null, null)).callback();
        Callback dialing = requested.startDialing(CLOCK.instant(), CLOCK.instant().plusSeconds(120));
        store.replace(requested, dialing);
        store.replace(dialing, dialing.dialed("e8b2d4f6-1a3c-4e5b-9d7f-2c4a6e8b0d12", CLOCK.instant().plus(Duration.ofMinutes(30))));

        Map<String, Object> applied = handle("EventsContactFunction.outbound-no-answer.json");
        assertEquals("NO_ANSWER", applied.get("outcome"));
        Callback after = store.find(requested.id()).orElseThrow();
        assertEquals(CallbackStatus.PENDING, after.status());
        assertEquals(CallOutcome.NO_ANSWER, after.outcome());
        handle("EventsContactFunction.outbound-no-answer.json");
        assertEquals(after, store.find(requested.id()).orElseThrow(), "a replay changes nothing");
    }
}
