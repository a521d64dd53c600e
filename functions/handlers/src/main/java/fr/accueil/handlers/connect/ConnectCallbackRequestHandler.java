package fr.accueil.handlers.connect;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.callback.CallbackChoice;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.callback.CallbackRequested;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.TerritoryVoice;
import fr.accueil.handlers.TerritoryVoices;
import fr.accueil.handlers.Warmup;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The callback offer of the voice menu. With {@code action=offer} it answers the windows to
 * offer ({@code choiceCount}, {@code choiceN_key}, {@code choiceN_label}, and a French
 * {@code prompt}); otherwise it books the callback: parameters {@code siteId} and {@code themeId}
 * (or the contact attributes {@code siteId} and {@code theme} that the entry and menu functions
 * set), {@code window} (a choice key, default the earliest), {@code keyedNumber} (digits the
 * caller keyed to be called on another number). A caller who reached the offer without a site
 * (an unknown caller) is called back by the territory's default site; one who chose no theme
 * (the line was closed) lands on the general reception list.
 * Answers {@code result} = booked | alreadyPending | invalid | full, and the {@code prompt} to speak.
 * Any failure answers the safe route: the general queue, with a prompt that says so.
 */
public final class ConnectCallbackRequestHandler extends ConnectHandler {
    static {
        // Loaded by the runtime before the constructor builds the SDK client: see Warmup.
        Warmup.voice();
    }

    static final Map<String, String> SAFE_ROUTE = Map.of("result", "error", "route", "queue", "queue", "general",
            "prompt", "Nous n'avons pas pu enregistrer votre demande de rappel. Nous vous mettons en relation avec un conseiller.");
    static final String KEY_IN_END = " Terminez par la touche dièse.";
    static final String FULL = "Aucun créneau de rappel n'est disponible dans les prochains jours. Merci de nous rappeler plus tard.";

    private final CallbackService callbacks;
    private final TerritoryVoices territories;

    public ConnectCallbackRequestHandler() {
        this(AppContext.get().callbacks().service(), AppContext.get().voices());
        AppContext.get().primeVoiceBeforeSnapshot();
    }

    public ConnectCallbackRequestHandler(CallbackService callbacks, TerritoryVoices territories) {
        this.callbacks = callbacks;
        this.territories = territories;
    }

    @Override
    protected String name() {
        return "callback-request";
    }

    @Override
    protected Map<String, String> answer(ConnectCall call) {
        TerritoryVoice territory = territories.of(call.attribute(TerritoryVoices.ATTRIBUTE));
        String siteId = given(call, "siteId", "siteId").orElseGet(() -> territory.rules().defaultSiteId());
        Site site = territory.site(siteId).orElseThrow(() -> new IllegalArgumentException("unknown site"));
        Theme theme = given(call, "themeId", "theme")
                .map(themeId -> territory.theme(themeId).orElseThrow(() -> new IllegalArgumentException("unknown theme")))
                .orElse(Theme.GENERAL);
        List<CallbackChoice> choices = callbacks.choices(site, theme);
        Map<String, String> answer = new LinkedHashMap<>();
        if ("offer".equals(call.parameter("action"))) {
            return offer(choices);
        }
        if (choices.isEmpty()) {
            answer.put("result", "full");
            answer.put("prompt", FULL);
            return answer;
        }
        String key = Optional.ofNullable(call.parameter("window")).filter(k -> !k.isBlank()).orElse("earliest");
        Instant notBefore = choices.stream().filter(c -> c.key().equals(key)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown window " + key)).window().from();
        try {
            CallbackRequested requested = callbacks.request(new CallbackRequest(site, theme, call.customerNumber(),
                    call.parameter("keyedNumber"), call.contactId(), notBefore));
            answer.put("result", requested.alreadyPending() ? "alreadyPending" : "booked");
            answer.put("callbackId", requested.callback().id());
            answer.put("prompt", requested.prompt());
            Log.info("connect.callback.requested", Map.of("callbackId", requested.callback().id(),
                    "phone", PhoneNumbers.mask(requested.callback().phone()), "siteId", site.id(), "themeId", theme.id(),
                    "alreadyPending", requested.alreadyPending()));
        } catch (ValidationException e) {
            // Withheld or undialable number, or no window left: the flow speaks the reason and may ask for a number.
            answer.put("result", e.field() == null ? "full" : "invalid");
            answer.put("field", e.field() == null ? "" : e.field());
            // The flow then waits for digits ended by # (callback-offer.json, AskNumber): say so.
            answer.put("prompt", e.field() == null ? e.getMessage() : e.getMessage() + KEY_IN_END);
        }
        return answer;
    }

    private static Map<String, String> offer(List<CallbackChoice> choices) {
        Map<String, String> answer = new LinkedHashMap<>();
        if (choices.isEmpty()) {
            answer.put("result", "full");
            answer.put("prompt", FULL);
            return answer;
        }
        StringBuilder prompt = new StringBuilder();
        answer.put("result", "offer");
        answer.put("choiceCount", Integer.toString(choices.size()));
        for (int i = 0; i < choices.size(); i++) {
            CallbackChoice choice = choices.get(i);
            answer.put("choice" + (i + 1) + "_key", choice.key());
            answer.put("choice" + (i + 1) + "_label", choice.label());
            prompt.append("Pour être rappelé ").append(choice.label()).append(", tapez ").append(i + 1).append(". ");
        }
        answer.put("prompt", prompt.toString().trim());
        return answer;
    }

    /** A parameter of this invocation, else the contact attribute the entry or menu function set. */
    private static Optional<String> given(ConnectCall call, String parameter, String attribute) {
        return Optional.ofNullable(call.parameter(parameter)).filter(v -> !v.isBlank())
                .or(() -> Optional.ofNullable(call.attribute(attribute)).filter(v -> !v.isBlank()));
    }

    @Override
    protected Map<String, String> safeRoute() {
        return SAFE_ROUTE;
    }
}
