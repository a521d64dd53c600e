package fr.accueil.handlers.connect;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.menu.MenuEngine;
import fr.accueil.domain.menu.MenuState;
import fr.accueil.domain.menu.MenuStep;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.domain.routing.EntryDecision;
import fr.accueil.domain.routing.EntryRouter;
import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.TerritoryVoice;
import fr.accueil.handlers.Warmup;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The first function of every inbound call: who is calling, and where the call goes first
 * ({@link EntryRouter} on the territory's rules, sites, holidays and the caller's contact).
 *
 * <p>Answers {@code route}: "menu" (with the first prompt and the menu state attributes, as
 * {@link ConnectMenuHandler} answers them), "closed" ({@code prompt} names the next opening, then
 * flows/closed.json offers a callback to every caller; {@code canWait} "false") or "queue" (a known caller to
 * their usual site: {@code queue}, {@code queueArn}, {@code callbackOffer} when it is too long; {@code promptSsml} names
 * the site and offers « étoile » for the menu, whose first node and prompt are {@code menuStart} and
 * {@code menuPromptSsml}; the flow waits a few seconds for the key, then queues);
 * and {@code callerKnown}, {@code callerNumber} (E.164, empty when withheld), {@code siteId}. Every field is
 * answered, empty when unused ({@link #FIELDS}).
 */
public final class ConnectEntryHandler extends ConnectHandler {
    static {
        // Loaded by the runtime before the constructor builds the SDK client: see Warmup.
        Warmup.voice();
    }

    /** What flows/entry.json keeps of an answer (KeepRoute), the first prompt's parts and the caller's number. */
    static final Set<String> FIELDS = Set.of("route", "callerKnown", "callerNumber", "siteId", "prompt", "ssml", "notice",
            "promptSsml", "menuPromptSsml", "menuStart", "timeout", MenuState.NODE, MenuState.PATH, MenuState.INVALID_ATTEMPTS, "queue", "queueArn",
            "callbackOffer", "nextOpening", "canWait");

    private final TerritoryVoice voice;
    private final QueueRouting queues;
    private final CallHistory history;
    private final ContactStore contacts;
    private final Clock clock;
    private final SiteCalendar calendar;

    public ConnectEntryHandler() {
        this(AppContext.get().voice(), AppContext.get().contacts(), AppContext.get().queues(),
                AppContext.get().queueLoad(), AppContext.get().clock(), AppContext.get().calendar());
        AppContext.get().primeVoiceBeforeSnapshot();
    }

    public ConnectEntryHandler(TerritoryVoice voice, ContactStore contacts, ConnectQueues queues, QueueLoad load, Clock clock) {
        this(voice, contacts, queues, load, clock, new SiteCalendar(new FrenchHolidays()));
    }

    private ConnectEntryHandler(TerritoryVoice voice, ContactStore contacts, ConnectQueues queues, QueueLoad load, Clock clock,
            SiteCalendar calendar) {
        this.calendar = calendar;
        this.voice = voice;
        this.queues = new QueueRouting(queues, load);
        this.history = new CallHistory(contacts, clock);
        this.contacts = contacts;
        this.clock = clock;
    }

    @Override
    protected String name() {
        return "entry";
    }

    @Override
    protected Map<String, String> answer(ConnectCall call) {
        Optional<String> caller = PhoneNumbers.toE164(call.customerNumber());
        Optional<Contact> contact = caller.flatMap(contacts::find);
        RoutingRules rules = voice.rules();
        EntryDecision decision = new EntryRouter(rules, calendar, clock).decide(caller, contact, voice.sites());

        Map<String, String> answer = new LinkedHashMap<>();
        if (decision instanceof EntryDecision.ToMenu toMenu) {
            MenuStep.Ask first = (MenuStep.Ask) new MenuEngine(voice.menu(), voice::site).start(toMenu.startNode().orElse(null));
            answer.put("route", "menu");
            answer.putAll(ConnectMenuHandler.ask(first));
        } else if (decision instanceof EntryDecision.Closed closed) {
            answer.put("route", "closed");
            answer.put("prompt", closed.message());
            answer.put("promptSsml", SpokenPrompt.ssml(closed.message()));
            answer.put("canWait", "false");
            answer.put("nextOpening", closed.nextOpening().map(Object::toString).orElse(""));
        } else {
            EntryDecision.Direct direct = (EntryDecision.Direct) decision;
            answer.put("route", "queue");
            // The menu is one key away (*): its first prompt and state come with the answer, so going back costs no call.
            MenuStep.Ask menu = (MenuStep.Ask) new MenuEngine(voice.menu(), voice::site).start(rules.menuStart().orElse(null));
            answer.putAll(ConnectMenuHandler.ask(menu));
            answer.put("menuPromptSsml", answer.get("promptSsml"));
            // Set as the menu node only once the caller keys *: until then the call is in no menu.
            answer.put("menuStart", answer.remove(MenuState.NODE));
            answer.put("prompt", direct.message());
            answer.put("ssml", "false");
            answer.put("notice", "");
            answer.put("promptSsml", SpokenPrompt.ssml(direct.message()));
            answer.putAll(queues.to(direct.queue(), rules));
            answer.put("canWait", "true");
        }
        answer.put("callerKnown", Boolean.toString(contact.isPresent()));
        answer.put("callerNumber", caller.orElse(""));
        contact.map(Contact::preferredSiteId).ifPresent(site -> answer.put("siteId", site));

        Map<String, String> entry = new LinkedHashMap<>();
        entry.put("route", answer.get("route"));
        contact.map(Contact::preferredSiteId).ifPresent(site -> entry.put("siteId", site));
        history.record(caller, "call", entry);
        Log.info("connect.entry.routed", Map.of(
                "caller", caller.map(PhoneNumbers::mask).orElse("withheld"),
                "route", answer.get("route"), "callerKnown", answer.get("callerKnown")));
        return answer;
    }

    @Override
    protected Set<String> answerFields() {
        return FIELDS;
    }

    /** The general queue, without load check: a caller is never dropped. */
    @Override
    protected Map<String, String> safeRoute() {
        return queues.safeRoute("route", "queue");
    }
}
