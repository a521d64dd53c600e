package fr.accueil.bench;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackDispatcher;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.callback.DispatchReport;
import fr.accueil.domain.callback.DueWindow;
import fr.accueil.domain.directory.Theme;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.local.BenchStack;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.BenchItems;
import fr.accueil.storage.dynamodb.DynamoCallbackStore;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * One dispatch run (the dispatcher as the scheduled function builds it, the simulated citizen as the
 * dialer) with 100 due callbacks among few and among many historic (completed) ones: the run
 * should cost the same, as the Due index holds pending callbacks only.
 */
final class DispatchBench {
    static final int DUE = 100;
    private static final int RUNS = 3;
    private static final Theme THEME = new Theme("retraite", "Retraite", "retraite");
    private static final String SITE = "metz-borny";

    private DispatchBench() {
    }

    /**
     * Free agents for every run's calls (the earlier runs' calls may still be under way), given to the stack as it
     * starts (SIMULATED_QUEUE_AGENTS): the dispatcher dials a queue's callbacks only while it has a free agent.
     */
    static final String QUEUE_AGENTS = THEME.queue() + "=" + DUE * RUNS * 3;

    /**
     * Set before the callbacks' context is built: no pacing to speak of, every due callback in one run, lines for
     * every run's calls.
     */
    static void configure() {
        Environment.setLocally("DISPATCH_CALLS_PER_SECOND", "100000");
        Environment.setLocally("DISPATCH_MAX_PER_RUN", Integer.toString(DUE));
        Environment.setLocally("CONNECT_CONCURRENT_CALLS_QUOTA", Integer.toString(DUE * RUNS * 3));
        Environment.setLocally("DISPATCH_CALLS_SHARE_PERCENT", "100");
    }

    static void run(Report report, BenchStack stack, long small, long large) throws Exception {
        AppContext app = AppContext.get();
        CallbackContext callbacks = CallbackContext.get();
        DynamoCallbackStore store = (DynamoCallbackStore) callbacks.store();
        String table = Environment.required("CALLBACKS_TABLE");
        Instant now = app.clock().instant();

        double rate = historic(app, table, now, 0, small);
        report.note(String.format("dispatch: %,d historic callbacks loaded at %,.0f items/s", small, rate));
        stack.skipStreamsToLatest();
        Run atSmall = median(callbacks, store, now, 0);
        rate = historic(app, table, now, small, large);
        report.note(String.format("dispatch: %,d more historic callbacks loaded at %,.0f items/s", large - small, rate));
        // Written over a year on AWS, their stream records would have been read as they came: the local pollers skip
        // them, or their filtering would share the machine with the runs measured next.
        stack.skipStreamsToLatest();
        Run atLarge = median(callbacks, store, now, RUNS);

        String sizes = String.format("%d due among %,d vs %,d historic", DUE, large, small);
        report.atMost("dispatch", "one run, median of " + RUNS + " (" + sizes + ")", Report.ms(atLarge.millis), Report.ms(atSmall.millis),
                atLarge.millis / atSmall.millis, 1.3);
        report.atMost("dispatch", "index read capacity of the run (" + sizes + ")", Report.number(atLarge.readUnits) + " RCU",
                Report.number(atSmall.readUnits) + " RCU", atLarge.readUnits / atSmall.readUnits, 1.3);
    }

    private record Run(double millis, double readUnits) {
    }

    /** The median run of {@link #RUNS}, each with {@link #DUE} new due callbacks (batches first, first + 1…). */
    private static Run median(CallbackContext callbacks, DynamoCallbackStore store, Instant now, int first) {
        List<Run> runs = new ArrayList<>();
        for (int i = 0; i < RUNS; i++) {
            runs.add(dispatch(callbacks, store, now, first + i));
        }
        runs.sort(Comparator.comparingDouble(Run::millis));
        double units = runs.stream().mapToDouble(Run::readUnits).sorted().toArray()[RUNS / 2];
        return new Run(runs.get(RUNS / 2).millis(), units);
    }

    private static Run dispatch(CallbackContext callbacks, DynamoCallbackStore store, Instant now, int batch) {
        CallbackStore callbackStore = callbacks.store();
        ZoneId zone = ZoneId.of("Europe/Paris");
        DueWindow window = new DueWindow(now.minus(Duration.ofMinutes(30)), now.plus(Duration.ofMinutes(30)), zone);
        for (int i = 0; i < DUE; i++) {
            Callback due = Callback.requested(UUID.randomUUID().toString(), phone(batch, i), THEME, SITE, null,
                    now.minus(Duration.ofMinutes(10)), window);
            if (!(callbackStore.createIfNoPending(due) instanceof CallbackStore.Creation.Created)) {
                throw new IllegalStateException("a due callback could not be created");
            }
        }
        Optional<CallbackDispatcher> dispatcher = callbacks.dispatcher(DUE);
        double unitsBefore = store.indexReadCapacity();
        long start = System.nanoTime();
        DispatchReport run = dispatcher.orElseThrow(() -> new IllegalStateException("no dialer configured")).run();
        double millis = (System.nanoTime() - start) / 1e6;
        if (run.dialed() != DUE) {
            throw new IllegalStateException("the run dialed " + run.dialed() + " of " + DUE + " due callbacks: " + run);
        }
        return new Run(millis, store.indexReadCapacity() - unitsBefore);
    }

    /** Completed callbacks [from, to) of the past year, as the store keeps them until their TTL. */
    private static double historic(AppContext app, String table, Instant now, long from, long to) throws Exception {
        ZoneId zone = ZoneId.of("Europe/Paris");
        return BulkLoader.load(app.dynamo(), table, from, to, 8, i -> {
            Instant windowFrom = now.minus(Duration.ofMinutes(5 * (i + 60)));
            Instant attempt = windowFrom.plus(Duration.ofMinutes(10));
            Callback done = new Callback("historic-" + i, phone(9, (int) i), THEME.id(), SITE, THEME.queue(), null,
                    windowFrom.minus(Duration.ofHours(2)), new DueWindow(windowFrom, windowFrom.plus(Duration.ofHours(1)), zone),
                    CallbackStatus.COMPLETED, 1, attempt, null, CallOutcome.REACHED, null, null, null, null,
                    "contact-" + i, null, 3);
            return BenchItems.callback(done, now.plus(app.retention()));
        });
    }

    /** Mobile numbers 06 1x xx xx xx for batch x (9: the historic ones), distinct within a batch. */
    private static String phone(int batch, int i) {
        return String.format("+3361%d%06d", batch, i);
    }
}
