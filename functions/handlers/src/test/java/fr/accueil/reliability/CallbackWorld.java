package fr.accueil.reliability;

import fr.accueil.connect.outbound.ConnectOutboundDialer;
import fr.accueil.domain.Retry;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.callback.CallbackDispatcher;
import fr.accueil.domain.callback.CallbackRecorder;
import fr.accueil.domain.callback.CallbackScheduler;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.DispatchSettings;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.domain.callback.RetryPolicy;
import fr.accueil.domain.callback.SchedulingRules;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.storage.dynamodb.DynamoCallbackStore;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A territory with one site open on weekdays, its callback store, service and dispatcher, wired
 * as CallbackContext wires them, on a DynamoDB client that may inject faults and a Connect stub.
 * The clock starts on Tuesday 5 March 2030, 10:00 in Metz.
 */
final class CallbackWorld {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Theme RETRAITE = new Theme("retraite", "Retraite", "retraite");
    static final Theme GENERAL = new Theme("general", "Accueil général", "general");

    final MutableClock clock = new MutableClock(LocalDateTime.parse("2030-03-05T10:00").atZone(PARIS).toInstant());
    final String territory = "rel-" + UUID.randomUUID();
    final Site site;
    final DynamoCallbackStore store;
    final CallbackRecorder recorder;
    final CallbackService service;
    private final SiteDirectory sites;
    private final SiteCalendar calendar = new SiteCalendar(new FrenchHolidays());

    CallbackWorld(EmbeddedStack stack, DynamoDbClient dynamo) {
        DirectoryStore directory = new DynamoDirectoryStore(stack.client(), stack.table("DirectoryTable"), clock);
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("13:30-17:00")));
        }
        site = new Site("metz-borny", territory, "France Services Metz-Borny",
                new Address("2 rue Théodore de Gargan", "57070", "Metz"), List.of("57070"), PARIS, new WeeklyHours(hours),
                List.of(), null, "general");
        directory.save(territory, site);
        directory.save(territory, RETRAITE);
        agents.setAgents(RETRAITE.queue(), 50);
        agents.setAgents(GENERAL.queue(), 50);
        sites = new SiteDirectory(directory, territory);
        Duration retention = Duration.ofDays(365);
        store = new DynamoCallbackStore(dynamo, stack.table("CallbacksTable"), clock, retention);
        recorder = new CallbackRecorder(store, new DynamoContactStore(dynamo, stack.table("ContactsTable"), clock, retention),
                sites, calendar, RetryPolicy.defaults());
        service = new CallbackService(store, new CallbackScheduler(calendar, store, SchedulingRules.defaults()),
                recorder, Duration.ofMinutes(15), clock);
    }

    /** The agents free in every queue, as the dispatcher reads them (50 each: the storms' calls are not held for want of one). */
    final SimulatedQueueLoad agents = new SimulatedQueueLoad();

    /** A dispatcher on Connect (through {@code stub}) at a fast pace, waits really slept. */
    CallbackDispatcher dispatcher(OutboundDialer dialer) {
        DispatchSettings defaults = DispatchSettings.defaults("outbound-flow");
        DispatchSettings fast = new DispatchSettings(defaults.contactFlowId(), 1000, 20, 50,
                defaults.dialingLease(), defaults.outcomeWait(), 3, Duration.ofMillis(20));
        return new CallbackDispatcher(store, dialer, recorder, sites, calendar, agents, fast, clock, Retry.Sleeper.threadSleep());
    }

    static OutboundDialer connect(ConnectStub stub) {
        return new ConnectOutboundDialer(stub.client(), "9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa",
                new fr.accueil.connect.ConnectQueues(Map.of(), "general-queue-id"), "+33970000000");
    }
}
