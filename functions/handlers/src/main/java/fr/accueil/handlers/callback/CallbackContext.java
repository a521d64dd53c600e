package fr.accueil.handlers.callback;

import fr.accueil.connect.AwsJsonClient;
import fr.accueil.connect.outbound.ConnectOutboundDialer;
import fr.accueil.domain.Retry;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.callback.CallbackDispatcher;
import fr.accueil.domain.callback.CallbackRecorder;
import fr.accueil.domain.callback.CallbackScheduler;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.callback.DispatchRunLease;
import fr.accueil.domain.callback.DispatchSettings;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.domain.callback.RetryPolicy;
import fr.accueil.domain.callback.SchedulingRules;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.routing.AgentAvailability;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Simulation;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoCallbackStore;
import fr.accueil.storage.dynamodb.DynamoDispatchRunLease;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Callbacks as the functions of a container share them: the store, the service, and how the
 * dispatcher dials. Built once from the environment (docs/callbacks.md, Configuration, for the names).
 *
 * <p>The dialer, built at the first dispatch (only the dispatcher dials), is Amazon Connect when {@code CONNECT_INSTANCE_ID} is set; else the local runner's
 * {@link Simulation}'s simulated citizen, when it simulates one; otherwise none, and the dispatcher leaves
 * callbacks to agents rather than pretend to call.
 */
public final class CallbackContext {
    static final Duration CONNECT_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    static final Duration CONNECT_CALL_TIMEOUT = Duration.ofSeconds(8);
    private final SiteDirectory sites;
    private final SiteCalendar calendar;
    private final CallbackStore store;
    private final CallbackService service;
    private final CallbackRecorder recorder;
    private final DispatchSettings dispatch;
    private final DispatchRunLease runLease;
    private final AppContext app;
    private final Clock clock;
    private static CallbackContext instance;
    private Optional<OutboundDialer> dialer;

    private CallbackContext(SiteDirectory sites, SiteCalendar calendar, CallbackStore store, CallbackService service,
            CallbackRecorder recorder, DispatchSettings dispatch, DispatchRunLease runLease, AppContext app, Clock clock) {
        this.sites = sites;
        this.calendar = calendar;
        this.store = store;
        this.service = service;
        this.recorder = recorder;
        this.dispatch = dispatch;
        this.runLease = runLease;
        this.app = app;
        this.clock = clock;
    }

    /**
     * The container's callbacks, built on first use by the functions that need them. Held here rather
     * than by {@link AppContext}, which the callback wiring depends on (no package cycle).
     */
    public static synchronized CallbackContext get() {
        if (instance == null) {
            instance = fromEnvironment(AppContext.get());
        }
        return instance;
    }

    public static CallbackContext fromEnvironment(AppContext app) {
        Clock clock = app.clock();
        // A regional number's callbacks are at the sites of all its territories.
        SiteDirectory sites = new SiteDirectory(app.directory(), () -> List.copyOf(app.voices().territoryIds()));
        SiteCalendar calendar = app.calendar();
        String table = Environment.required("CALLBACKS_TABLE");
        CallbackStore store = new DynamoCallbackStore(app.dynamo(), table, clock, app.retention());
        // On the wall clock, not the callbacks' (a fixed clock in tests): a run's lease lasts real seconds.
        DispatchRunLease runLease = new DynamoDispatchRunLease(app.dynamo(), table, DynamoDispatchRunLease.DISPATCH, Clock.systemUTC());
        CallbackRecorder recorder = new CallbackRecorder(store, app.contacts(), sites, calendar, RetryPolicy.defaults());
        CallbackService service = new CallbackService(store, new CallbackScheduler(calendar, store, SchedulingRules.defaults()),
                recorder, Duration.ofMinutes(number("CALLBACK_CLAIM_MINUTES", 15)), clock);
        DispatchSettings defaults = DispatchSettings.defaults(Environment.optional("OUTBOUND_CONTACT_FLOW_ID").orElse("local-outbound"));
        DispatchSettings dispatch = new DispatchSettings(defaults.contactFlowId(),
                Double.parseDouble(Environment.optional("DISPATCH_CALLS_PER_SECOND").orElse("2")),
                (int) number("DISPATCH_MAX_PER_RUN", defaults.maxPerRun()),
                DispatchSettings.sharedCalls((int) number("CONNECT_CONCURRENT_CALLS_QUOTA", 10),
                        (int) number("DISPATCH_CALLS_SHARE_PERCENT", 50)),
                defaults.dialingLease(), defaults.outcomeWait(), defaults.throttleRetries(), defaults.throttleBackoff());
        return new CallbackContext(sites, calendar, store, service, recorder, dispatch, runLease, app, clock);
    }

    private static Optional<OutboundDialer> dialer(AppContext app, CallbackService service) {
        Optional<String> instance = Environment.optional("CONNECT_INSTANCE_ID");
        if (instance.isPresent()) {
            AwsJsonClient connect = AwsJsonClient.fromEnvironment(AwsJsonClient.Service.CONNECT, CONNECT_BOUNDS);
            return Optional.of(new ConnectOutboundDialer(connect, instance.get(), app.queues(),
                    Environment.optional("TERRITORY_PHONE_NUMBER").orElse(null)));
        }
        return Simulation.installed().flatMap(simulation -> simulation.dialer(service));
    }

    /**
     * Connect answers StartOutboundVoiceContact in well under a second. Without a bound, a hung
     * connection would hold the dispatch run until the socket's 30-second timeout; bounded, the client
     * tries again with the same request, the same ClientToken, so Connect places the call once.
     * 4 attempts (the SDK's legacy mode's, one more than its standard mode's): a call whose first two attempts
     * were throttled or failed still learns, by a replay of its token, the contact a late answer placed, instead
     * of giving up on a call under way (the dispatcher would then wait for its lease to lapse). 8 s holds them.
     */
    public static final AwsJsonClient.Bounds CONNECT_BOUNDS = new AwsJsonClient.Bounds(CONNECT_ATTEMPT_TIMEOUT, CONNECT_CALL_TIMEOUT, 4);

    private static long number(String name, long fallback) {
        return Environment.optional(name).map(Long::parseLong).orElse((long) fallback);
    }

    public SiteDirectory sites() {
        return sites;
    }

    public SiteCalendar calendar() {
        return calendar;
    }

    public CallbackStore store() {
        return store;
    }

    public CallbackService service() {
        return service;
    }

    public CallbackRecorder recorder() {
        return recorder;
    }

    public DispatchSettings dispatch() {
        return dispatch;
    }

    /** The dialer, built on first use: the Connect client and the queues only where calls are placed. */
    private synchronized Optional<OutboundDialer> dialer() {
        if (dialer == null) {
            dialer = dialer(app, service);
        }
        return dialer;
    }

    /** One dispatch run at a time (the scheduled function's). */
    public DispatchRunLease runLease() {
        return runLease;
    }

    public Clock clock() {
        return clock;
    }

    /** A dispatcher for one run, placing at most {@code maxPerRun} calls. */
    public Optional<CallbackDispatcher> dispatcher(int maxPerRun) {
        DispatchSettings s = dispatch;
        DispatchSettings bounded = new DispatchSettings(s.contactFlowId(), s.callsPerSecond(), Math.max(1, Math.min(maxPerRun, s.maxPerRun())),
                s.maxCallsInProgress(), s.dialingLease(), s.outcomeWait(), s.throttleRetries(), s.throttleBackoff());
        // The queues' staffing, read once a run; its queues come from Parameter Store.
        AgentAvailability agents = queues -> app.queueLoad().staffing(queues);
        return dialer().map(d -> new CallbackDispatcher(store, d, recorder, sites, calendar, agents, bounded, clock,
                Retry.Sleeper.threadSleep()));
    }
}
