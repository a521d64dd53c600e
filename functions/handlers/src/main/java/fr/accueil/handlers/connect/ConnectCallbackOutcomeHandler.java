package fr.accueil.handlers.connect;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackRecorder;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.CallbackSpeech;
import fr.accueil.domain.callback.DueWindow;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.TerritoryVoice;
import fr.accueil.handlers.TerritoryVoices;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outbound contact flow (flows/outbound-callback.json) reports what became of an automated
 * callback: the contact carries the attributes the dispatcher set ({@code callbackId},
 * {@code attempt}); the flow passes {@code outcome} = reached | no-answer | busy | wrong-number |
 * cancelled. Answers {@code recorded} and the callback's {@code status}; a replayed report changes
 * nothing. For {@code reached}, also what the flow needs next: the {@code prompt} saying who calls
 * back and why, and the {@code queueArn} of the callback's queue (the general queue's when it has
 * none of its own; empty when neither is configured, and the flow then takes its general branch).
 */
public final class ConnectCallbackOutcomeHandler extends ConnectHandler {
    private static final Map<String, CallOutcome> OUTCOMES = Map.of(
            "reached", CallOutcome.REACHED,
            "no-answer", CallOutcome.NO_ANSWER,
            "busy", CallOutcome.BUSY,
            "wrong-number", CallOutcome.WRONG_NUMBER,
            "cancelled", CallOutcome.CANCELLED_BY_CITIZEN);

    private final CallbackService callbacks;
    private final CallbackRecorder recorder;
    private final Clock clock;
    private final TerritoryVoices voices;
    private final ConnectQueues queues;

    public ConnectCallbackOutcomeHandler() {
        this(CallbackContext.get().service(), CallbackContext.get().recorder(), CallbackContext.get().clock(),
                AppContext.get().voices(), AppContext.get().queues());
        primeBeforeSnapshot();
    }

    /** @param recorder and {@code clock}: the service's, for priming the recording of an outcome */
    public ConnectCallbackOutcomeHandler(CallbackService callbacks, CallbackRecorder recorder, Clock clock, TerritoryVoices voices,
            ConnectQueues queues) {
        this.callbacks = callbacks;
        this.recorder = recorder;
        this.clock = clock;
        this.voices = voices;
        this.queues = queues;
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
        String territoryId = call.attribute(TerritoryVoices.ATTRIBUTE);
        TerritoryVoice named = voices.of(territoryId);
        Callback callback = callbacks.recordOutcome(id, Integer.parseInt(attempt), outcome);
        Log.info("connect.callback.outcome", Map.of("callbackId", id, "attempt", attempt, "outcome", outcome.name(),
                "status", callback.status().name()));
        if (outcome != CallOutcome.REACHED) {
            return Map.of("recorded", "true", "status", callback.status().name());
        }
        return Map.of("recorded", "true", "status", callback.status().name(),
                "prompt", announcement(callback.id(), callback.siteId(), callback.themeId(),
                        territoryId == null || territoryId.isBlank() ? null : named),
                "queueArn", queues.arn(callback.queue()).orElse(""));
    }

    /**
     * Who calls back and why; the outcome is recorded already, so a directory that fails only makes it plainer.
     * An outbound call without a territory attribute is the territory's holding the callback's site.
     */
    private String announcement(String callbackId, String siteId, String themeId, TerritoryVoice named) {
        try {
            TerritoryVoice voice = named != null ? named : voices.holdingSite(siteId).orElseGet(voices::defaultVoice);
            return CallbackSpeech.announcement(voice.site(siteId).map(Site::name).orElse(null),
                    voice.theme(themeId).map(Theme::label).orElse(null));
        } catch (RuntimeException e) {
            Log.error("connect.callback-outcome.announcement", Map.of("callbackId", callbackId), e);
            return CallbackSpeech.announcement(null, null);
        }
    }

    /**
     * What a report on no callback does not reach: a dialled callback's outcome recorded (the retry policy, the
     * conditional write and its history entry, answered in the process while priming), and a reached callback's
     * announcement and queue; for the first site of the territory and the general theme, as an outbound call without
     * a territory attribute finds them.
     */
    @Override
    protected void primeUnreachedParts() {
        String siteId = voices.defaultVoice().sites().stream().findFirst().map(Site::id).orElse(null);
        if (siteId != null) {
            Instant now = clock.instant();
            DueWindow window = new DueWindow(now, now.plus(Duration.ofHours(2)), ZoneOffset.UTC);
            Callback dialled = Callback.requested("priming", PRIMING_NUMBER, Theme.GENERAL, siteId, null, now, window)
                    .startDialing(now, now.plus(Duration.ofMinutes(5))).dialed("priming", now.plus(Duration.ofMinutes(5)));
            for (CallOutcome outcome : List.of(CallOutcome.REACHED, CallOutcome.NO_ANSWER)) {
                recorder.outcome(dialled, outcome, null, now, null);
            }
        }
        announcement("priming", siteId, Theme.GENERAL.id(), null);
        queues.arn(Theme.GENERAL.queue());
    }

    /**
     * The report could not be recorded: the outbound flow greets the citizen plainly and puts them through to
     * the general queue (an empty ARN); the dispatcher's lease brings the callback back if it was not recorded.
     */
    @Override
    protected Map<String, String> safeRoute() {
        return Map.of("recorded", "false");
    }

    /** A report on a callback no one booked: the callback's read, then the failure path (no outcome to record). */
    @Override
    protected List<Map<String, Object>> primingCalls() {
        return List.of(primingCall(Map.of("callbackId", "priming", "attempt", "1"), Map.of("outcome", "reached")));
    }
}
