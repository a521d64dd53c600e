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
import fr.accueil.handlers.callback.CallbackContext;
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
 * The callback offer of the voice menu, in three kinds of invocation (Connect flows take static
 * prompts and conditions: the function words the offer and maps the caller's key, the flow keeps
 * its state in contact attributes):
 * <ul>
 * <li>{@code action=offer}: the next half-days with room ({@link CallbackService#choices}) as a French
 * {@code prompt} (« Pour être rappelé cet après-midi, tapez 1. Demain matin, tapez 2. … Pour réécouter,
 * tapez étoile. »), {@code windows} (their keys, space-separated, in key order) and {@code tries} "0";
 * {@code result} offer, or full when none has room.</li>
 * <li>{@code action=choose}: {@code key} (the one key the caller pressed, or "Timeout"), {@code windows} and
 * {@code tries} as kept by the flow. A listed key books that window; « * » repeats the offer; another key
 * or silence is refused and asked again once ({@code result} again, {@code tries} counted), then
 * {@code result} refused.</li>
 * <li>otherwise it books: {@code window} (a choice key, default the earliest), {@code keyedNumber} (digits the
 * caller keyed to be called on another number, or "Timeout") and {@code numberTries} (numbers refused so far).</li>
 * </ul>
 * The site and theme come from the parameters {@code siteId} and {@code themeId}, else the contact attributes
 * {@code siteId} and {@code theme} that the entry and menu functions set. A caller who reached the offer without
 * a site (an unknown caller) is called back by the territory's default site; one who chose no theme (the line was
 * closed) lands on the general reception list.
 * A booking answers {@code result} = booked | alreadyPending | invalid | refused | full, and the {@code prompt} to
 * speak. A withheld or refused number answers invalid, with the {@code window} chosen and {@code numberTries}, and a
 * prompt that explains and asks for the number (ended by #, as the flow waits for it); the third refused number
 * answers refused, with a prompt that asks for nothing.
 * Any failure answers the safe route: the general queue, with a prompt that says so.
 */
public final class ConnectCallbackRequestHandler extends ConnectHandler {
    static {
        // Loaded by the runtime before the constructor builds the SDK client: see Warmup.
        Warmup.voice();
    }

    static final Map<String, String> SAFE_ROUTE = Map.of("result", "error", "route", "queue", "queue", "general",
            "prompt", "Nous n'avons pas pu enregistrer votre demande de rappel. Nous vous mettons en relation avec un conseiller.");
    /** How to key a number, as flows/callback-offer.json (AskNumber) waits for it: digits ended by #. */
    static final String KEY_IN = "composez les 10 chiffres de votre numéro, en commençant par 0, puis tapez dièse.";
    static final String FULL = "Aucun créneau de rappel n'est disponible dans les prochains jours. Merci de nous rappeler plus tard.";
    static final String REPEAT = "Pour réécouter, tapez étoile.";
    static final String NOT_OFFERED = "Ce choix n'est pas proposé.";
    static final String NOTHING_HEARD = "Nous n'avons pas entendu votre choix.";
    static final String NO_CHOICE = "Nous n'avons pas pu enregistrer votre choix.";
    static final String NO_NUMBER = "Nous n'avons pas pu enregistrer votre numéro.";
    static final String NO_DIGITS = "Nous n'avons pas reçu de numéro.";
    /** A refused key is asked again once; a refused number twice (after the first ask). */
    static final int KEY_TRIES = 2;
    static final int NUMBER_TRIES = 3;
    /** What Connect stores when the caller keyed nothing (GetParticipantInput with StoreInput True). */
    private static final String SILENCE = "Timeout";

    private final CallbackService callbacks;
    private final TerritoryVoices territories;

    public ConnectCallbackRequestHandler() {
        this(CallbackContext.get().service(), AppContext.get().voices());
        primeBeforeSnapshot();
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
        String action = Optional.ofNullable(call.parameter("action")).orElse("");
        if (action.equals("offer")) {
            return offer(site, theme);
        }
        if (action.equals("choose")) {
            return choose(call, site, theme);
        }
        return book(call, site, theme, Optional.ofNullable(call.parameter("window")).filter(w -> !w.isBlank()).orElse(null));
    }

    private Map<String, String> offer(Site site, Theme theme) {
        List<CallbackChoice> choices = callbacks.choices(site, theme);
        if (choices.isEmpty()) {
            return answer("full", FULL);
        }
        Map<String, String> answer = answer("offer", offerPrompt(choices.stream().map(CallbackChoice::label).toList()));
        answer.put("windows", String.join(" ", choices.stream().map(CallbackChoice::key).toList()));
        answer.put("tries", "0");
        return answer;
    }

    /** The caller's key among the windows offered (kept by the flow), mapped to the window it books. */
    private Map<String, String> choose(ConnectCall call, Site site, Theme theme) {
        List<String> windows = List.of(Optional.ofNullable(call.parameter("windows")).orElse("").trim().split(" +"))
                .stream().filter(w -> !w.isBlank()).toList();
        if (windows.isEmpty()) {
            throw new IllegalArgumentException("no windows offered");
        }
        String key = Optional.ofNullable(call.parameter("key")).orElse("").trim();
        int chosen = key.length() == 1 ? "123456789".indexOf(key) : -1;
        if (chosen >= 0 && chosen < windows.size()) {
            return book(call, site, theme, windows.get(chosen));
        }
        List<String> labels = windows.stream().map(w -> callbacks.label(site, Instant.parse(w))).toList();
        if (key.equals("*")) {
            return again(offerPrompt(labels), windows, count(call, "tries"));
        }
        int tries = count(call, "tries") + 1;
        if (tries >= KEY_TRIES) {
            return answer("refused", NO_CHOICE);
        }
        return again((key.isEmpty() || key.equals(SILENCE) ? NOTHING_HEARD : NOT_OFFERED) + " " + offerPrompt(labels), windows, tries);
    }

    private Map<String, String> book(ConnectCall call, Site site, Theme theme, String window) {
        String keyed = call.parameter("keyedNumber");
        if (SILENCE.equals(keyed)) {
            return numberAgain(call, window, NO_DIGITS, true);
        }
        try {
            CallbackRequested requested = callbacks.request(new CallbackRequest(site, theme, call.customerNumber(),
                    keyed, call.contactId(), window == null ? null : Instant.parse(window)));
            Map<String, String> answer = answer(requested.alreadyPending() ? "alreadyPending" : "booked", requested.prompt());
            answer.put("callbackId", requested.callback().id());
            Log.info("connect.callback.requested", Map.of("callbackId", requested.callback().id(),
                    "phone", PhoneNumbers.mask(requested.callback().phone()), "siteId", site.id(), "themeId", theme.id(),
                    "alreadyPending", requested.alreadyPending()));
            return answer;
        } catch (ValidationException e) {
            // No field: no window left since the offer, which the flow says.
            return e.field() == null ? answer("full", e.getMessage())
                    : numberAgain(call, window, e.getMessage(), keyed != null && !keyed.isBlank());
        }
    }

    /**
     * A withheld number is asked for; a keyed one refused (or none keyed) is explained and asked again,
     * twice at most, then given up with a prompt that asks for nothing more.
     */
    private static Map<String, String> numberAgain(ConnectCall call, String window, String reason, boolean keyed) {
        int refused = count(call, "numberTries") + (keyed ? 1 : 0);
        if (refused >= NUMBER_TRIES) {
            return answer("refused", NO_NUMBER);
        }
        Map<String, String> answer = answer("invalid", reason + (keyed
                ? " " + Character.toUpperCase(KEY_IN.charAt(0)) + KEY_IN.substring(1)
                : " Pour être rappelé, " + KEY_IN));
        answer.put("window", window == null ? "" : window);
        answer.put("numberTries", Integer.toString(refused));
        return answer;
    }

    /** « Pour être rappelé cet après-midi, tapez 1. Demain matin, tapez 2. Pour réécouter, tapez étoile. » */
    static String offerPrompt(List<String> labels) {
        StringBuilder prompt = new StringBuilder();
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i);
            prompt.append(i == 0 ? "Pour être rappelé " + label : Character.toUpperCase(label.charAt(0)) + label.substring(1))
                    .append(", tapez ").append(i + 1).append(". ");
        }
        return prompt.append(REPEAT).toString();
    }

    private static Map<String, String> again(String prompt, List<String> windows, int tries) {
        Map<String, String> answer = answer("again", prompt);
        answer.put("windows", String.join(" ", windows));
        answer.put("tries", Integer.toString(tries));
        return answer;
    }

    private static Map<String, String> answer(String result, String prompt) {
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("result", result);
        answer.put("prompt", prompt);
        return answer;
    }

    /** A counter the flow kept in a contact attribute and passes back; unset (a first ask) is 0. */
    private static int count(ConnectCall call, String parameter) {
        String value = Optional.ofNullable(call.parameter(parameter)).orElse("").trim();
        return value.matches("[0-9]{1,2}") ? Integer.parseInt(value) : 0;
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

    /** The offer, a key chosen, and the booking (its write stopped while priming). */
    @Override
    protected List<Map<String, Object>> primingCalls() {
        return List.of(primingCall(Map.of(), Map.of("action", "offer")),
                primingCall(Map.of(), Map.of("action", "choose", "key", "1", "windows", "1", "tries", "0")),
                primingCall(Map.of(), Map.of()));
    }
}
