package fr.accueil.handlers.scheduled;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import fr.accueil.domain.callback.CallbackDispatcher;
import fr.accueil.domain.callback.DispatchReport;
import fr.accueil.domain.callback.DispatchRunLease;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.Metrics;
import fr.accueil.handlers.callback.CallbackContext;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * Every minute (EventBridge schedule): one dispatch run, agent first (docs/callbacks.md, Dispatch): a
 * callback is dialled only when its queue has a free agent, one call at a time per citizen, within the
 * dispatcher's share of the concurrent calls. The answer and the metrics count what was held back and why;
 * queues whose figures could not be read are logged as a warning (nothing is dialled for them).
 * The run is bounded by the time the function has left: at the configured pace it places no more
 * calls than fit before the timeout, with a margin for the writes that follow each call. A run cut short loses nothing:
 * leases bring unfinished callbacks back to the next run.
 *
 * <p>One run at a time: a run first takes the {@link DispatchRunLease} until its function's timeout
 * (past which Lambda has stopped it) and gives it back at the end; a run that finds it held answers
 * {@code run=skipped} and does nothing, successfully (an error would count as a failed run).
 */
public final class ScheduledCallbackDispatcher implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    /** Kept free at the end of a run: the last call's writes and the answer. */
    static final long MARGIN_MILLIS = 5_000;
    /** When no context tells (tests, local invocations without one). */
    static final long DEFAULT_BUDGET_MILLIS = 50_000;

    private final IntFunction<Optional<CallbackDispatcher>> dispatchers;
    private final DispatchRunLease runLease;
    private final double callsPerSecond;

    public ScheduledCallbackDispatcher() {
        this(CallbackContext.get());
    }

    private ScheduledCallbackDispatcher(CallbackContext callbacks) {
        this(callbacks::dispatcher, callbacks.runLease(), callbacks.dispatch().callsPerSecond());
    }

    /** @param dispatchers a dispatcher allowed that many calls, or empty when no dialer is configured */
    public ScheduledCallbackDispatcher(IntFunction<Optional<CallbackDispatcher>> dispatchers, DispatchRunLease runLease,
            double callsPerSecond) {
        this.dispatchers = dispatchers;
        this.runLease = runLease;
        this.callsPerSecond = callsPerSecond;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> event, Context context) {
        long remaining = context == null ? DEFAULT_BUDGET_MILLIS + MARGIN_MILLIS : context.getRemainingTimeInMillis();
        long budget = remaining - MARGIN_MILLIS;
        int maxCalls = (int) Math.max(1, Math.floor(budget / 1000.0 * callsPerSecond));
        Optional<CallbackDispatcher> dispatcher = dispatchers.apply(maxCalls);
        Map<String, Object> answer = new LinkedHashMap<>();
        if (dispatcher.isEmpty()) {
            Log.info("scheduled.callbacks.no-dialer", Map.of("reason", "no Connect instance nor simulation configured"));
            answer.put("dialer", "none");
            return answer;
        }
        String runId = context == null ? UUID.randomUUID().toString() : context.getAwsRequestId();
        if (!runLease.acquire(runId, Instant.now().plusMillis(remaining))) {
            Log.info("scheduled.callbacks.run-skipped", Map.of("reason", "another run holds the dispatch lease"));
            answer.put("run", "skipped");
            return answer;
        }
        DispatchReport report;
        try {
            report = dispatcher.get().run();
        } finally {
            runLease.release(runId);
        }
        answer.put("run", "done");
        answer.put("claimsReleased", report.claimsReleased());
        answer.put("outcomesMissed", report.outcomesMissed());
        answer.put("deferred", report.deferred());
        answer.put("dialed", report.dialed());
        answer.put("dialFailures", report.dialFailures());
        answer.put("skipped", report.skipped());
        answer.put("throttled", report.throttled());
        answer.put("heldNoAgent", report.heldNoAgent());
        answer.put("heldSameCitizen", report.heldSameCitizen());
        answer.put("heldQuota", report.heldQuota());
        answer.put("heldNoFigures", report.heldNoFigures());
        if (report.heldNoFigures() > 0) {
            Log.warn("scheduled.callbacks.queue-figures-unknown", Map.of("queues", String.join(",", report.unknownQueues()),
                    "held", Integer.toString(report.heldNoFigures()), "consequence", "no callback dialled for these queues this run"));
        }
        Metrics.emit("scheduled.callbacks.dispatched", "Accueil/Callbacks", Map.of(),
                Stream.of("dialed", "dialFailures", "deferred", "claimsReleased", "outcomesMissed", "heldNoAgent", "heldSameCitizen",
                                "heldQuota", "heldNoFigures")
                        .map(name -> Metrics.Metric.count(name, ((Number) answer.get(name)).longValue())).toList(),
                Map.of("level", "INFO", "maxCalls", maxCalls, "skipped", answer.get("skipped"), "throttled", answer.get("throttled")));
        return answer;
    }
}
