package fr.accueil.handlers.connect;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.menu.MenuEngine;
import fr.accueil.domain.menu.MenuInput;
import fr.accueil.domain.menu.MenuState;
import fr.accueil.domain.menu.MenuStep;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.TerritoryVoice;
import fr.accueil.handlers.TerritoryVoices;
import fr.accueil.handlers.Warmup;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One step of the voice menu loop: the menu state (contact attributes {@code menuNode},
 * {@code menuPath}, {@code menuInvalidAttempts}, which parameters of the same names override) and
 * the key the caller pressed (parameter {@code digits}; absent or "Timeout", in any case, when none:
 * Amazon Connect stores "Timeout" as the input of a silence) give the next step of {@link MenuEngine}.
 *
 * <p>Answers {@code action}: "ask" ({@code promptSsml} to play, notice first, then wait
 * {@code timeout} seconds for a key; the new state attributes), "queue" or "callback" (a theme's
 * queue: {@code queue}, {@code queueArn}, {@code theme}; "callback" when the caller asked to be
 * called back or the queue is too long, {@code canWait} telling which), "person" (the fallback
 * queue after repeated mistakes), "transfer" ({@code number}) or "hangup" ({@code promptSsml}
 * said before hanging up). Every field is answered, empty when unused ({@link #FIELDS}).
 *
 * <p>A choice that leaves the menu is recorded as a {@code menu-choice}: the node, the action, the
 * theme, the path through the menu ({@code menuPath}, "/"-joined) and the caller's usual site
 * ({@code siteId}, kept as a contact attribute from the entry's answer) when it is a site of the territory.
 */
public final class ConnectMenuHandler extends ConnectHandler {
    static {
        // Loaded by the runtime before the constructor builds the SDK client: see Warmup.
        Warmup.voice();
    }

    static final String DIGITS = "digits";
    static final String TIMEOUT = "timeout";
    /** What flows/menu-loop.json keeps of an answer (KeepStep), and the prompt's parts. */
    static final Set<String> FIELDS = Set.of("action", "prompt", "ssml", "notice", "promptSsml", "timeout",
            MenuState.NODE, MenuState.PATH, MenuState.INVALID_ATTEMPTS, "queue", "queueArn", "callbackOffer", "theme",
            "canWait", "number");

    private final TerritoryVoices voices;
    private final QueueRouting queues;
    private final CallHistory history;

    public ConnectMenuHandler() {
        this(AppContext.get().voices(), AppContext.get().contacts(), AppContext.get().queues(),
                AppContext.get().queueLoad(), AppContext.get().clock());
        primeBeforeSnapshot();
    }

    public ConnectMenuHandler(TerritoryVoices voices, ContactStore contacts, ConnectQueues queues, QueueLoad load, Clock clock) {
        this.voices = voices;
        this.queues = new QueueRouting(queues, load);
        this.history = new CallHistory(contacts, clock);
    }

    @Override
    protected String name() {
        return "menu";
    }

    @Override
    protected Map<String, String> answer(ConnectCall call) {
        Map<String, String> stateAttributes = new HashMap<>(call.attributes());
        call.parameters().forEach((name, value) -> {
            if (name.startsWith("menu")) {
                stateAttributes.put(name, value);
            }
        });
        MenuState state = MenuState.fromAttributes(stateAttributes);
        String digits = call.parameter(DIGITS);
        MenuInput input = digits == null || digits.equalsIgnoreCase(TIMEOUT) ? MenuInput.timeout() : MenuInput.keys(digits);

        // The call's territory, chosen by the entry function (a regional number): no read, its voice data is cached.
        TerritoryVoice voice = voices.of(call.attribute(TerritoryVoices.ATTRIBUTE));
        MenuStep step = new MenuEngine(voice.menu(), voice::site).next(state, input);
        Map<String, String> answer = answer(step, voice);

        Optional<String> caller = PhoneNumbers.toE164(call.customerNumber());
        // The node comes back from the contact's attributes: only a node of the menu is written anywhere.
        String node = state.node() != null && voice.menu().nodes().containsKey(state.node()) ? state.node() : "unknown";
        if (!(step instanceof MenuStep.Ask)) {
            Map<String, String> choice = new LinkedHashMap<>();
            choice.put("node", node);
            choice.put("action", answer.get("action"));
            Optional.ofNullable(answer.get("theme")).ifPresent(theme -> choice.put("theme", theme));
            choice.put(MenuState.PATH, String.join("/", state.path()));
            // The site comes back from the contact's attributes too: only a site of the territory is counted.
            Optional.ofNullable(call.attribute("siteId"))
                    .filter(site -> voice.sites().stream().anyMatch(known -> known.id().equals(site)))
                    .ifPresent(site -> choice.put("siteId", site));
            history.record(caller, "menu-choice", choice);
        }
        Log.info("connect.menu.step", Map.of("caller", caller.map(PhoneNumbers::mask).orElse("withheld"),
                "node", node, "action", answer.get("action")));
        return answer;
    }

    private Map<String, String> answer(MenuStep step, TerritoryVoice voice) {
        RoutingRules rules = voice.rules();
        Map<String, String> answer = new LinkedHashMap<>();
        if (step instanceof MenuStep.Ask ask) {
            answer.put("action", "ask");
            answer.putAll(ask(ask));
        } else if (step instanceof MenuStep.ToQueue toQueue) {
            answer.putAll(queues.to(queueOf(voice, toQueue.themeId()), rules));
            answer.put("action", Boolean.parseBoolean(answer.get("callbackOffer")) ? "callback" : "queue");
            answer.put("theme", toQueue.themeId());
            answer.put("canWait", "true");
        } else if (step instanceof MenuStep.OfferCallback offer) {
            answer.put("action", "callback");
            answer.putAll(queues.straightTo(queueOf(voice, offer.themeId())));
            answer.put("theme", offer.themeId());
            answer.put("canWait", "false");
        } else if (step instanceof MenuStep.ToPerson person) {
            answer.put("action", "person");
            answer.putAll(queues.straightTo(person.queue()));
        } else if (step instanceof MenuStep.Transfer transfer) {
            answer.put("action", "transfer");
            answer.put("number", transfer.number());
        } else {
            String message = ((MenuStep.HangUp) step).message();
            answer.put("action", "hangup");
            answer.put("prompt", message);
            answer.put("promptSsml", SpokenPrompt.ssml(message));
        }
        return answer;
    }

    /** A theme the directory no longer knows still reaches a person, in the general queue. */
    private static String queueOf(TerritoryVoice voice, String themeId) {
        return voice.queueOf(themeId).orElse(QueueRouting.GENERAL);
    }

    /** The fields of a prompt to play and the state to keep, shared with the entry's first prompt. */
    static Map<String, String> ask(MenuStep.Ask ask) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("prompt", ask.prompt().text());
        fields.put("ssml", Boolean.toString(ask.prompt().ssml()));
        fields.put("notice", ask.notice());
        fields.put("promptSsml", SpokenPrompt.ssml(ask.notice(), ask.prompt()));
        fields.put("timeout", Integer.toString(ask.timeoutSeconds()));
        fields.putAll(ask.state().toAttributes());
        return fields;
    }

    @Override
    protected Set<String> answerFields() {
        return FIELDS;
    }

    /**
     * Silence at the first node (asked again), then each key of it: sub-menus, queues (their load), callbacks; each
     * with the state the entry's answer leaves in the contact's attributes, as a call's first step has it.
     */
    @Override
    protected List<Map<String, Object>> primingCalls() {
        Map<String, String> first = MenuState.at(voices.defaultVoice().menu().root()).toAttributes();
        List<Map<String, Object>> calls = new ArrayList<>(List.of(primingCall(first, Map.of(DIGITS, "Timeout"))));
        for (int key = 0; key <= 9; key++) {
            calls.add(primingCall(first, Map.of(DIGITS, Integer.toString(key))));
        }
        return calls;
    }

    /** The general queue: the caller reaches a person whatever broke. */
    @Override
    protected Map<String, String> safeRoute() {
        return queues.safeRoute("action", "queue");
    }
}
