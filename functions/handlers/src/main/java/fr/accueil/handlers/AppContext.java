package fr.accueil.handlers;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.connect.QueueLoads;
import fr.accueil.domain.audit.AuditTrail;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.routing.LiveQueues;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.stats.QualityCounters;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoAuditTrail;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoStatsStore;
import fr.accueil.storage.dynamodb.DynamoVoiceMenuStore;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every function of a container shares, built once on first use (outside the handler
 * call, so SnapStart snapshots it): the SDK client, the clock and the stores.
 */
public final class AppContext {
    private static AppContext instance;

    private final String territoryId;
    private final Clock clock;
    private final DynamoDbClient dynamo;
    private final Duration retention;
    private final SiteCalendar calendar = new SiteCalendar(new FrenchHolidays());
    private final DirectoryStore directory;
    private final ContactStore contacts;
    private BookingContext booking;
    private SatisfactionContext satisfaction;
    private AuditTrail audit;
    private final VoiceMenuStore voiceMenus;
    private final TerritoryVoices voices;
    /** Read on first use, by the functions that route to queues (Parameter Store, not every function's role). */
    private ConnectQueues queues;
    private LiveQueues queueLoad;
    /** Held here: a CRaC context may hold its resources weakly. */
    private Priming priming;
    private Resource queuesReload;

    /** @param queues the queues, or null to read them from the configuration on first use (as {@code queueLoad}) */
    public AppContext(String territoryId, Clock clock, DynamoDbClient dynamo, Duration retention,
                      DirectoryStore directory, ContactStore contacts,
                      VoiceMenuStore voiceMenus, ConnectQueues queues, LiveQueues queueLoad) {
        this.territoryId = territoryId;
        this.clock = clock;
        this.dynamo = dynamo;
        this.retention = retention;
        this.directory = directory;
        this.contacts = contacts;
        this.voiceMenus = voiceMenus;
        this.voices = new TerritoryVoices(territoryId, AppContext::regionTerritoryIds, directory, voiceMenus);
        this.queues = queues;
        this.queueLoad = queueLoad;
    }

    public static synchronized AppContext get() {
        if (instance == null) {
            Warmup.tls();
            instance = fromEnvironment(AwsClients.dynamoDb());
        }
        return instance;
    }

    /**
     * Registers, once, the SnapStart priming of the territory's voice data, and adds a function's priming calls
     * ({@link Priming}): what the functions Amazon Connect invokes do on a first call.
     */
    public synchronized void primeBeforeSnapshot(Runnable functionCalls) {
        if (priming == null) {
            priming = Priming.register(this);
        }
        priming.add(functionCalls);
    }

    /** Every store and service of the environment on that client (the container's one, or a benchmark's). */
    public static AppContext fromEnvironment(DynamoDbClient dynamo) {
        return of(Environment.required("TERRITORY_ID"), Simulation.installed().map(Simulation::clock).orElseGet(Clock::systemUTC), dynamo,
                Duration.ofDays(Long.parseLong(Environment.optional("RETENTION_DAYS").orElse("365"))),
                Environment.required("DIRECTORY_TABLE"), Environment.required("CONTACTS_TABLE"), Environment.required("STATS_TABLE"));
    }

    /** Every store and service of a territory on the tables named (the territory command's, from the stack). */
    public static AppContext of(String territoryId, Clock clock, DynamoDbClient dynamo, Duration retention,
            String directoryTable, String contactsTable, String statsTable) {
        DynamoDirectoryStore directory = new DynamoDirectoryStore(dynamo, directoryTable, clock);
        QualityCounters counters = new QualityCounters(territoryId, directory, clock);
        return new AppContext(
                territoryId,
                clock,
                dynamo,
                retention,
                directory,
                new MeteredContactStore(new DynamoContactStore(dynamo, contactsTable, clock,
                        retention, counters, new DynamoStatsStore(dynamo, statsTable)), counters),
                new DynamoVoiceMenuStore(dynamo, directoryTable, clock),
                null,
                null);
    }

    public String territoryId() {
        return territoryId;
    }

    public Clock clock() {
        return clock;
    }

    /** The container's one DynamoDB client, shared by every store. */
    public DynamoDbClient dynamo() {
        return dynamo;
    }

    /** How long personal data is kept (RETENTION_DAYS). */
    public Duration retention() {
        return retention;
    }

    /** Opening hours with public holidays: one holiday cache per container. */
    public SiteCalendar calendar() {
        return calendar;
    }

    public DirectoryStore directory() {
        return directory;
    }

    public ContactStore contacts() {
        return contacts;
    }

    /**
     * Who did what, in ContactsTable ({@code AUDIT#} partitions), kept AUDIT_RETENTION_DAYS (365 by default: the
     * CNIL recommends keeping access traces six months to one year), apart from the contacts' RETENTION_DAYS.
     */
    public synchronized AuditTrail audit() {
        if (audit == null) {
            audit = new DynamoAuditTrail(dynamo, Environment.required("CONTACTS_TABLE"), territoryId, clock,
                    Duration.ofDays(Long.parseLong(Environment.optional("AUDIT_RETENTION_DAYS").orElse("365"))));
        }
        return audit;
    }

    /** The booking stores and services, built on first use by the functions that need them. */
    public synchronized BookingContext booking() {
        if (booking == null) {
            booking = BookingContext.fromEnvironment(this);
        }
        return booking;
    }

    /** Satisfaction surveys and their figures, built on first use by the functions that need them. */
    public synchronized SatisfactionContext satisfaction() {
        if (satisfaction == null) {
            satisfaction = SatisfactionContext.fromEnvironment(this);
        }
        return satisfaction;
    }

    public VoiceMenuStore voiceMenus() {
        return voiceMenus;
    }

    /** The territories' menus, routing rules, sites and themes as calls read them (kept a minute). */
    public TerritoryVoices voices() {
        return voices;
    }

    /**
     * The other territories of a regional number (REGION_TERRITORY_IDS, the RegionTerritoryIds parameter, ids
     * separated by commas), empty for a stack answering for its territory alone.
     */
    private static List<String> regionTerritoryIds() {
        return Environment.optional("REGION_TERRITORY_IDS").stream().flatMap(ids -> Arrays.stream(ids.split(",")))
                .map(String::trim).filter(id -> !id.isEmpty()).toList();
    }

    /**
     * The queues by key, read once per container; under SnapStart read again after each restore, since
     * a snapshot is only taken when a version is published, and a deployment that changes only the
     * queues publishes none.
     */
    public synchronized ConnectQueues queues() {
        if (queues == null) {
            ConnectQueues read = ConnectQueues.fromEnvironment();
            queuesReload = new Resource() {
                @Override
                public void beforeCheckpoint(Context<? extends Resource> context) {
                }

                /** A failed read keeps the snapshot's queues: calls are still routed, and the failure is logged. */
                @Override
                public void afterRestore(Context<? extends Resource> context) {
                    try {
                        read.reload();
                    } catch (RuntimeException e) {
                        Log.error("queues.reload-failed", java.util.Map.of(), e);
                    }
                }
            };
            Core.getGlobalContext().register(queuesReload);
            queues = read;
        }
        return queues;
    }

    public synchronized LiveQueues queueLoad() {
        if (queueLoad == null) {
            queueLoad = QueueLoads.fromEnvironment(queues(), Log::warn);
        }
        return queueLoad;
    }
}
