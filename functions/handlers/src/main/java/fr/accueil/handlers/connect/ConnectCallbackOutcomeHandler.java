package fr.accueil.handlers.connect;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.Locale;
import java.util.Map;

/**
 * The outbound contact flow reports what became of an automated callback: the contact carries
 * the attributes the dispatcher set ({@code callbackId}, {@code attempt}); the flow passes
 * {@code outcome} = reached | no-answer | busy | wrong-number | cancelled. Answers
 * {@code recorded} and the callback's {@code status}; a replayed report changes nothing.
 */
public final class ConnectCallbackOutcomeHandler extends ConnectHandler {
    private static final Map<String, CallOutcome> OUTCOMES = Map.of(
            "reached", CallOutcome.REACHED,
            "no-answer", CallOutcome.NO_ANSWER,
            "busy", CallOutcome.BUSY,
            "wrong-number", CallOutcome.WRONG_NUMBER,
            "cancelled", CallOutcome.CANCELLED_BY_CITIZEN);

    private final CallbackService callbacks;

    public ConnectCallbackOutcomeHandler() {
        this(AppContext.get().callbacks().service());
    }

    public ConnectCallbackOutcomeHandler(CallbackService callbacks) {
        this.callbacks = callbacks;
    }

    @Override
    protected String name() {
        return "callback-outcome";
    }

    @Override
    protected Map<String, String> answer(ConnectCall call) {
        String id = call.attribute("callbackId");
        String attempt = call.attribute("attempt");
        String reported = call.parameter("outcome");
        CallOutcome outcome = reported == null ? null : OUTCOMES.get(reported.toLowerCase(Locale.ROOT));
        if (id == null || attempt == null || !attempt.matches("\\d{1,3}") || outcome == null) {
            throw new IllegalArgumentException("outcome report without callbackId, attempt or a known outcome");
        }
        Callback callback = callbacks.recordOutcome(id, Integer.parseInt(attempt), outcome);
        Log.info("connect.callback.outcome", Map.of("callbackId", id, "attempt", attempt, "outcome", outcome.name(),
                "status", callback.status().name()));
        return Map.of("recorded", "true", "status", callback.status().name());
    }

    /** The call is ending anyway: nothing to route, the dispatcher's lease brings the callback back. */
    @Override
    protected Map<String, String> safeRoute() {
        return Map.of("recorded", "false");
    }
}
