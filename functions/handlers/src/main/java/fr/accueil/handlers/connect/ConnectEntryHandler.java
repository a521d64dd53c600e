package fr.accueil.handlers.connect;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.directory.Site;
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
import fr.accueil.handlers.TerritoryVoices;
import fr.accueil.handlers.Warmup;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
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
 * and {@code callerKnown}, {@code callerNumber} (E.164, empty when withheld), {@code siteId}, {@code territoryId}
 * (the call's territory, which every later function reads). Every field is answered, empty when unused
 * ({@link #FIELDS}).
 *
 * <p>On a regional number (several territories, {@link TerritoryVoices#regional()}) a caller whose usual site is
 * known goes to that site's territory; any other is answered "postcode" ({@code prompt} asks for it,
 * {@code postcodeAttempts} counts the tries), and the flow invokes the function again with the keyed digits
 * (parameter {@code postcode}, with {@code step} "postcode"). A postcode no territory of the number serves is asked
 * once more; after {@link #POSTCODE_TRIES} the call goes to the stack's own territory.
 */
public final class ConnectEntryHandler extends ConnectHandler {
    static {
        // Loaded by the runtime before the constructor builds the SDK client: see Warmup.
        Warmup.voice();
    }

    /** What flows/entry.json keeps of an answer (KeepRoute), the first prompt's parts and the caller's number. */
    static final Set<String> FIELDS = Set.of("route", "callerKnown", "callerNumber", "siteId", "prompt", "ssml", "notice",
            "promptSsml", "menuPromptSsml", "menuStart", "timeout", MenuState.NODE, MenuState.PATH, MenuState.INVALID_ATTEMPTS, "queue", "queueArn",
            "callbackOffer", "nextOpening", "canWait", TerritoryVoices.ATTRIBUTE, "postcodeAttempts");

    static final String ASK_POSTCODE = "Pour être orienté vers l'accueil le plus proche, composez votre code postal.";
    static final String ASK_AGAIN = "Ce code postal n'est pas desservi par cette ligne. Composez les cinq chiffres de votre code postal.";
    static final String DEFAULT_NOTICE = "Nous n'avons pas reconnu votre code postal.";
    /** Postcodes keyed before the call goes to the stack's own territory. */
    static final int POSTCODE_TRIES = 2;

    private final TerritoryVoices voices;
    private final QueueRouting queues;
    private final CallHistory history;
    private final ContactStore contacts;
    private final Clock clock;
    private final SiteCalendar calendar;

    public ConnectEntryHandler() {
        this(AppContext.get().voices(), AppContext.get().contacts(), AppContext.get().queues(),
                AppContext.get().queueLoad(), AppContext.get().clock(), AppContext.get().calendar());
        primeBeforeSnapshot();
    }

    public ConnectEntryHandler(TerritoryVoices voices, ContactStore contacts, ConnectQueues queues, QueueLoad load, Clock clock) {
        this(voices, contacts, queues, load, clock, new SiteCalendar(new FrenchHolidays()));
    }

    private ConnectEntryHandler(TerritoryVoices voices, ContactStore contacts, ConnectQueues queues, QueueLoad load, Clock clock,
            SiteCalendar calendar) {
        this.calendar = calendar;
        this.voices = voices;
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
        return answer(call, caller, caller.flatMap(contacts::find), clock);
    }

    /** The call routed at {@code routedAt}'s instant (the function's clock, or priming's), for this caller and their contact. */
    private Map<String, String> answer(ConnectCall call, Optional<String> caller, Optional<Contact> contact, Clock routedAt) {
        Map<String, String> answer = new LinkedHashMap<>();
        TerritoryVoice voice = voices.defaultVoice();
        String notice = "";
        if (voices.regional()) {
            Optional<TerritoryVoice> known = contact.map(Contact::preferredSiteId).flatMap(voices::holdingSite);
            boolean keyed = "postcode".equals(call.parameter("step"));
            int attempts = keyed ? attempts(call) + 1 : 0;
            Optional<TerritoryVoice> chosen = known.or(() -> keyed ? voices.servingPostcode(call.parameter("postcode")) : Optional.empty());
            if (chosen.isPresent()) {
                voice = chosen.get();
            } else if (attempts < POSTCODE_TRIES) {
                answer.put("route", "postcode");
                answer.put("prompt", attempts == 0 ? ASK_POSTCODE : ASK_AGAIN);
                answer.put("promptSsml", SpokenPrompt.ssml(answer.get("prompt")));
                answer.put("postcodeAttempts", Integer.toString(attempts));
                answer.put("callerKnown", Boolean.toString(contact.isPresent()));
                answer.put("callerNumber", caller.orElse(""));
                Log.info("connect.entry.postcode", Map.of("caller", caller.map(PhoneNumbers::mask).orElse("withheld"),
                        "attempts", attempts));
                return answer;
            } else {
                notice = DEFAULT_NOTICE;
            }
        }
        answer.put(TerritoryVoices.ATTRIBUTE, voice.territoryId());
        RoutingRules rules = voice.rules();
        EntryDecision decision = new EntryRouter(rules, calendar, routedAt).decide(caller, contact, voice.sites());

        if (decision instanceof EntryDecision.ToMenu toMenu) {
            MenuStep.Ask first = (MenuStep.Ask) new MenuEngine(voice.menu(), voice::site).start(toMenu.startNode().orElse(null));
            answer.put("route", "menu");
            answer.putAll(ConnectMenuHandler.ask(first));
            if (!notice.isEmpty()) {
                answer.put("notice", notice);
                answer.put("promptSsml", SpokenPrompt.ssml(notice, first.prompt()));
            }
        } else if (decision instanceof EntryDecision.Closed closed) {
            String message = notice.isEmpty() ? closed.message() : notice + " " + closed.message();
            answer.put("route", "closed");
            answer.put("prompt", message);
            answer.put("promptSsml", SpokenPrompt.ssml(message));
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

    /** The postcodes keyed so far, as the previous answer counted them (a contact attribute). */
    private static int attempts(ConnectCall call) {
        String kept = call.attribute("postcodeAttempts");
        return kept != null && kept.matches("\\d") ? Integer.parseInt(kept) : POSTCODE_TRIES;
    }

    @Override
    protected Set<String> answerFields() {
        return FIELDS;
    }

    /** An unknown caller (routed, history written), and on a regional number a keyed postcode. */
    @Override
    protected List<Map<String, Object>> primingCalls() {
        return List.of(primingCall(Map.of(), Map.of()), primingCall(Map.of(), Map.of("step", "postcode", "postcode", "57070")));
    }

    /**
     * What the priming calls cannot reach, whatever the hour of the snapshot: a known caller sent to their site's queue
     * (no priming read finds a contact), and the counters open and closed (the priming calls take one of them only).
     */
    @Override
    protected void primeUnreachedParts() {
        TerritoryVoice voice = voices.defaultVoice();
        Optional<Site> usual = voice.sites().stream().filter(site -> site.queue() != null).findFirst();
        if (usual.isEmpty()) {
            return;
        }
        Optional<String> caller = Optional.of(PRIMING_NUMBER);
        Contact known = new Contact(PRIMING_NUMBER, null, null, usual.get().id(), null);
        ConnectCall call = ConnectCall.from(primingCall(Map.of(), Map.of()));
        // Three in the night after the next day's start is closed for a counter; its next opening then is open.
        Instant night = clock.instant().atZone(usual.get().zone()).plusDays(1).withHour(3).toInstant();
        Instant open = calendar.nextOpening(usual.get(), night).map(at -> at.toInstant().plusSeconds(60)).orElse(night);
        for (Instant at : List.of(night, open)) {
            Clock fixed = Clock.fixed(at, clock.getZone());
            answer(call, caller, Optional.empty(), fixed);
            answer(call, caller, Optional.of(known), fixed);
        }
    }

    /** The general queue, without load check: a caller is never dropped. */
    @Override
    protected Map<String, String> safeRoute() {
        return queues.safeRoute("route", "queue");
    }
}
