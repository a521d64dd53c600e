package fr.accueil.handlers.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.CallbackDispatcher;
import fr.accueil.domain.callback.CallbackRecorder;
import fr.accueil.domain.callback.CallbackScheduler;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.callback.DispatchSettings;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.domain.callback.RetryPolicy;
import fr.accueil.domain.callback.SchedulingRules;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.handlers.TerritoryVoices;
import fr.accueil.handlers.api.ApiAgentCallbacksHandler;
import fr.accueil.handlers.api.ApiCallbackRequestHandler;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.connect.ConnectCallbackOutcomeHandler;
import fr.accueil.handlers.connect.ConnectCallbackRequestHandler;
import fr.accueil.handlers.scheduled.ScheduledCallbackDispatcher;
import fr.accueil.storage.dynamodb.DynamoCallbackStore;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoDispatchRunLease;
import fr.accueil.storage.dynamodb.DynamoVoiceMenuStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * The callback functions fed with the sample events of events/, on DynamoDB Local, at a fixed
 * time: Tuesday 5 March 2030, 10:00 in Metz (a working day, the site open).
 */
class CallbackHandlersIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Clock CLOCK = Clock.fixed(LocalDateTime.parse("2030-03-05T10:00").atZone(PARIS).toInstant(), ZoneOffset.UTC);

    private final String territory = "t-" + UUID.randomUUID();
    private final DirectoryStore directory = new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
    private final SiteDirectory sites = new SiteDirectory(directory, territory);
    private final VoiceMenuStore voiceMenus = new DynamoVoiceMenuStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
    private final SiteCalendar calendar = new SiteCalendar(new FrenchHolidays());
    private final CallbackStore store = new DynamoCallbackStore(STACK.client(), STACK.table("CallbacksTable"), CLOCK, Duration.ofDays(365));
    private final CallbackRecorder recorder = new CallbackRecorder(store,
            new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"), CLOCK, Duration.ofDays(365)), sites, calendar, RetryPolicy.defaults());
    /** The dispatch lease of this test's runs, on the wall clock as the function's. */
    private final DynamoDispatchRunLease runLease = new DynamoDispatchRunLease(STACK.client(), STACK.table("CallbacksTable"),
            "dispatch-" + territory, Clock.systemUTC());
    private final CallbackService service = new CallbackService(store, new CallbackScheduler(calendar, store, SchedulingRules.defaults()),
            recorder, Duration.ofMinutes(15), CLOCK);

    CallbackHandlersIntegrationTest() {
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("13:30-17:00")));
        }
        directory.save(territory, new Site("metz-borny", territory, "France Services Metz-Borny",
                new Address("2 rue Théodore de Gargan", "57070", "Metz"), List.of("57070"), PARIS, new WeeklyHours(hours),
                List.of(), null, "general"));
        directory.save(territory, new Theme("retraite", "Retraite", "retraite"));
        voiceMenus.save(territory, RoutingRules.parse(Map.of("defaultSite", "metz-borny")));
    }

    private Map<String, Object> connect(ConnectCallbackRequestHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] bytes = event.startsWith("{") ? event.getBytes(java.nio.charset.StandardCharsets.UTF_8) : SampleEvents.bytes(event);
        handler.handleRequest(new ByteArrayInputStream(bytes), out, null);
        return Json.readObject(out.toString());
    }

    /** A sample event with other parameters: what a flow passes from the caller's keys and its contact attributes. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> connect(ConnectCallbackRequestHandler handler, String event, Map<String, String> parameters) throws Exception {
        Map<String, Object> sample = Json.readObject(new String(SampleEvents.bytes(event), java.nio.charset.StandardCharsets.UTF_8));
        ((Map<String, Object>) ((Map<String, Object>) sample.get("Details")).get("Parameters")).putAll(parameters);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(sample).getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        return Json.readObject(out.toString());
    }

    private ConnectCallbackRequestHandler requests() {
        return new ConnectCallbackRequestHandler(service, new TerritoryVoices(territory, List::of, directory, voiceMenus));
    }

    @Test
    void aCallerBooksACallbackAndHearsTheConfirmation() throws Exception {
        Map<String, Object> offer = connect(requests(), "ConnectCallbackRequestFunction.offer.json");
        assertEquals("offer", offer.get("result"));
        assertEquals("Pour être rappelé ce matin, tapez 1. Cet après-midi, tapez 2. Demain matin, tapez 3. Pour réécouter, tapez étoile.",
                offer.get("prompt"));
        assertEquals("2030-03-05T09:00:00Z 2030-03-05T12:30:00Z 2030-03-06T08:00:00Z", offer.get("windows"));
        assertEquals("0", offer.get("tries"));

        Map<String, Object> booked = connect(requests(), "ConnectCallbackRequestFunction.json");
        assertEquals("booked", booked.get("result"), String.valueOf(booked));
        assertEquals("Nous vous rappellerons aujourd'hui entre 10 h et 11 h.", booked.get("prompt"));
        Map<String, Object> again = connect(requests(), "ConnectCallbackRequestFunction.json");
        assertEquals("alreadyPending", again.get("result"));
        assertEquals(booked.get("callbackId"), again.get("callbackId"));
        // The caller of the fixed events is the same number in every test: leave it free for the others.
        service.claim((String) booked.get("callbackId"), "agent-7");
        service.complete((String) booked.get("callbackId"), new Actor("agent-7", null), fr.accueil.domain.callback.CallOutcome.REACHED, null);
    }

    @Test
    void theCallersKeyBooksTheWindowOfferedUnderIt() throws Exception {
        String windows = (String) connect(requests(), "ConnectCallbackRequestFunction.offer.json").get("windows");
        Map<String, Object> booked = connect(requests(), "ConnectCallbackRequestFunction.offer.json",
                Map.of("action", "choose", "key", "3", "windows", windows, "tries", "0"));
        assertEquals("booked", booked.get("result"), String.valueOf(booked));
        assertEquals("Nous vous rappellerons demain entre 9 h et 10 h.", booked.get("prompt"));
        assertEquals(Instant.parse("2030-03-06T08:00:00Z"), store.find((String) booked.get("callbackId")).orElseThrow().window().from());
        service.claim((String) booked.get("callbackId"), "agent-7");
        service.complete((String) booked.get("callbackId"), new Actor("agent-7", null), fr.accueil.domain.callback.CallOutcome.REACHED, null);
    }

    @Test
    void starRepeatsTheOfferAndAnotherKeyIsAskedAgainOnceThenRefused() throws Exception {
        Map<String, Object> offer = connect(requests(), "ConnectCallbackRequestFunction.offer.json");
        String windows = (String) offer.get("windows");
        Map<String, Object> repeat = connect(requests(), "ConnectCallbackRequestFunction.offer.json",
                Map.of("action", "choose", "key", "*", "windows", windows, "tries", "0"));
        assertEquals(Map.of("result", "again", "prompt", offer.get("prompt"), "windows", windows, "tries", "0"), repeat);
        Map<String, Object> wrong = connect(requests(), "ConnectCallbackRequestFunction.offer.json",
                Map.of("action", "choose", "key", "7", "windows", windows, "tries", "0"));
        assertEquals("again", wrong.get("result"));
        assertEquals("Ce choix n'est pas proposé. " + offer.get("prompt"), wrong.get("prompt"));
        assertEquals("1", wrong.get("tries"));
        Map<String, Object> silent = connect(requests(), "ConnectCallbackRequestFunction.offer.json",
                Map.of("action", "choose", "key", "Timeout", "windows", windows, "tries", "1"));
        assertEquals(Map.of("result", "refused", "prompt", "Nous n'avons pas pu enregistrer votre choix."), silent);
    }

    @Test
    void aRefusedNumberIsExplainedAndAskedAgainTwiceThenGivenUpWithoutAnotherInstruction() throws Exception {
        Map<String, Object> first = connect(requests(), "ConnectCallbackRequestFunction.withheld.json",
                Map.of("window", "2030-03-06T08:00:00Z", "keyedNumber", "0612", "numberTries", ""));
        assertEquals(Map.of("result", "invalid", "window", "2030-03-06T08:00:00Z", "numberTries", "1", "prompt",
                "Ce numéro n'est pas valide. Composez les 10 chiffres de votre numéro, en commençant par 0, puis tapez dièse."), first);
        Map<String, Object> silent = connect(requests(), "ConnectCallbackRequestFunction.withheld.json",
                Map.of("window", "2030-03-06T08:00:00Z", "keyedNumber", "Timeout", "numberTries", "1"));
        assertEquals("invalid", silent.get("result"));
        assertEquals("Nous n'avons pas reçu de numéro. Composez les 10 chiffres de votre numéro, en commençant par 0, puis tapez dièse.",
                silent.get("prompt"));
        assertEquals("2", silent.get("numberTries"));
        Map<String, Object> third = connect(requests(), "ConnectCallbackRequestFunction.withheld.json",
                Map.of("window", "2030-03-06T08:00:00Z", "keyedNumber", "0899123456", "numberTries", "2"));
        assertEquals(Map.of("result", "refused", "prompt", "Nous n'avons pas pu enregistrer votre numéro."), third);
    }

    @Test
    void aCallerWhoReachedTheOfferWithoutSiteOrThemeIsCalledBackByTheDefaultSiteOnTheGeneralList() throws Exception {
        Map<String, Object> booked = connect(requests(), "ConnectCallbackRequestFunction.closed.json");
        assertEquals("booked", booked.get("result"), String.valueOf(booked));
        fr.accueil.domain.callback.Callback callback = store.find((String) booked.get("callbackId")).orElseThrow();
        assertEquals("metz-borny", callback.siteId());
        assertEquals("general", callback.themeId());
    }

    @Test
    void aCallbackOfTheGeneralListIsBookedAgainWhenTheOutboundFlowFindsTheQueueFull() throws Exception {
        // flows/outbound-callback.json (Rebook) sends the callback's own site and theme: "general" for a closed line's.
        Map<String, Object> again = connect(requests(), "ConnectCallbackRequestFunction.rebook.json");
        assertEquals("booked", again.get("result"), String.valueOf(again));
        assertEquals("general", store.find((String) again.get("callbackId")).orElseThrow().themeId());
    }

    @Test
    void anUnknownThemeGetsTheSafeRoute() throws Exception {
        Map<String, Object> answer = connect(requests(), "ConnectCallbackRequestFunction.unknown-theme.json");
        assertEquals("error", answer.get("result"));
        assertEquals("queue", answer.get("route"));
    }

    @Test
    void aWithheldNumberIsAskedForAndNothingIsStored() throws Exception {
        Map<java.time.Instant, Integer> before = store.bookedPerWindow("metz-borny", "retraite", CLOCK.instant().minusSeconds(7200),
                CLOCK.instant().plus(Duration.ofDays(15)));
        Map<String, Object> answer = connect(requests(), "ConnectCallbackRequestFunction.withheld.json");
        assertEquals("invalid", answer.get("result"));
        assertEquals("0", answer.get("numberTries"));
        assertEquals("Votre numéro est masqué. Pour être rappelé, composez les 10 chiffres de votre numéro, en commençant par 0,"
                + " puis tapez dièse.", answer.get("prompt"));
        assertEquals(before, store.bookedPerWindow("metz-borny", "retraite", CLOCK.instant().minusSeconds(7200),
                CLOCK.instant().plus(Duration.ofDays(15))), "no window was counted: nothing stored");
    }

    @Test
    void aMalformedEventGetsTheSafeRoute() throws Exception {
        Map<String, Object> answer = connect(requests(), "ConnectCallbackRequestFunction.malformed.json");
        assertEquals("error", answer.get("result"));
        assertEquals("queue", answer.get("route"));
        assertEquals("true", answer.get("safeRoute"));
    }

    @Test
    void anOutcomeReportForAnUnknownCallbackOrOutcomeGetsTheSafeAnswer() throws Exception {
        for (String event : List.of("ConnectCallbackOutcomeFunction.json", "ConnectCallbackOutcomeFunction.unknown-outcome.json")) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            outcomes().handleRequest(new ByteArrayInputStream(SampleEvents.bytes(event)), out, null);
            assertEquals("false", Json.readObject(out.toString()).get("recorded"), event);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallbackReportedReachedIsCompletedAndTheFlowHearsWhoCallsBackAndWhereToTransfer() throws Exception {
        String id = service.request(new fr.accueil.domain.callback.CallbackRequest(sites.site("metz-borny").orElseThrow(),
                new Theme("retraite", "Retraite", "retraite"), "+33698" + String.format("%06d", (int) (Math.random() * 1_000_000)),
                null, null, null)).callback().id();
        fr.accueil.domain.callback.Callback pending = store.find(id).orElseThrow();
        fr.accueil.domain.callback.Callback dialing = pending.startDialing(CLOCK.instant(), CLOCK.instant().plusSeconds(120));
        assertTrue(store.replace(pending, dialing));
        // What the outbound flow sends: the attributes the dispatcher set, and outcome=reached.
        Map<String, Object> event = Json.readObject(new String(SampleEvents.bytes("ConnectCallbackOutcomeFunction.json")));
        Map<String, Object> contact = (Map<String, Object>) ((Map<String, Object>) event.get("Details")).get("ContactData");
        contact.put("Attributes", Map.of("callbackId", id, "attempt", Integer.toString(dialing.attempts()),
                "siteId", "metz-borny", "themeId", "retraite"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        outcomes().handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);

        Map<String, Object> answer = Json.readObject(out.toString());
        assertEquals("true", answer.get("recorded"), String.valueOf(answer));
        assertEquals("COMPLETED", answer.get("status"));
        assertEquals("Bonjour, ici France Services Metz-Borny. Nous vous rappelons comme vous l'avez demandé, au sujet de : Retraite."
                + " Un conseiller va vous répondre.", answer.get("prompt"));
        assertEquals(RETRAITE_QUEUE, answer.get("queueArn"));
        assertEquals(CallbackStatus.COMPLETED, store.find(id).orElseThrow().status());
    }

    private static final String RETRAITE_QUEUE = "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/retraite";

    private ConnectCallbackOutcomeHandler outcomes() {
        return new ConnectCallbackOutcomeHandler(service, recorder, CLOCK, new TerritoryVoices(territory, List::of, directory, voiceMenus),
                new fr.accueil.connect.ConnectQueues(Map.of("retraite", RETRAITE_QUEUE), "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/general"));
    }

    private APIGatewayV2HTTPResponse web(String event, String body) {
        APIGatewayV2HTTPEvent request = SampleEvents.read(event, APIGatewayV2HTTPEvent.class);
        if (body != null) {
            request.setBody(body);
        }
        return new ApiCallbackRequestHandler(service, new TerritoryVoices(territory, List::of, directory, voiceMenus).defaultVoice(), CLOCK).handleRequest(request, null);
    }

    @Test
    void aCitizenChoosesAWindowOnTheWebAndAskingAgainAnswersTheSameCallback() throws Exception {
        APIGatewayV2HTTPResponse offered = web("ApiCallbackRequestFunction.windows.json", null);
        assertEquals(200, offered.getStatusCode(), offered.getBody());
        List<?> windows = (List<?>) Json.readObject(offered.getBody()).get("windows");
        assertEquals(Map.of("key", "2030-03-06T08:00:00Z", "label", "demain matin", "from", "2030-03-06T08:00:00Z",
                "to", "2030-03-06T09:00:00Z", "span", "demain entre 9 h et 10 h"), windows.get(2));

        String phone = "06 99 " + String.format("%02d %02d %02d", (int) (Math.random() * 100), (int) (Math.random() * 100), (int) (Math.random() * 100));
        String body = "{\"site\":\"metz-borny\",\"theme\":\"retraite\",\"phone\":\"" + phone + "\",\"window\":\"2030-03-06T08:00:00Z\"}";
        APIGatewayV2HTTPResponse created = web("ApiCallbackRequestFunction.json", body);
        assertEquals(201, created.getStatusCode(), created.getBody());
        Map<String, Object> callback = Json.readObject(created.getBody());
        assertEquals("Nous vous rappellerons demain entre 9 h et 10 h.", callback.get("message"));
        assertEquals(Instant.parse("2030-03-06T08:00:00Z"), store.find((String) callback.get("id")).orElseThrow().window().from());
        assertEquals(PhoneNumbers.toE164(phone).orElseThrow(), store.find((String) callback.get("id")).orElseThrow().phone());

        // The same number and theme, by web or by voice: the pending callback is answered, nothing new stored.
        APIGatewayV2HTTPResponse again = web("ApiCallbackRequestFunction.json", body.replace("2030-03-06T08:00:00Z", "2030-03-05T12:30:00Z"));
        assertEquals(200, again.getStatusCode(), again.getBody());
        assertEquals(callback.get("id"), Json.readObject(again.getBody()).get("id"));
        assertEquals(true, Json.readObject(again.getBody()).get("alreadyPending"));
    }

    @Test
    void badInputOnTheWebIsRefusedFieldByFieldInFrenchAndNothingIsStored() throws Exception {
        Map<Instant, Integer> before = store.bookedPerWindow("metz-borny", "retraite", CLOCK.instant().minusSeconds(7200),
                CLOCK.instant().plus(Duration.ofDays(15)));
        APIGatewayV2HTTPResponse refused = web("ApiCallbackRequestFunction.invalid.json", null);
        assertEquals(422, refused.getStatusCode(), refused.getBody());
        assertTrue(refused.getHeaders().get("Content-Type").startsWith("application/problem+json"));
        assertEquals(List.of(Map.of("field", "site", "message", "Choisissez un lieu de la liste."),
                Map.of("field", "phone", "message", "Ce numéro n’est pas valide. Indiquez les 10 chiffres de votre numéro, par exemple 06 12 34 56 78."),
                Map.of("field", "window", "message", "Choisissez quand vous rappeler.")), Json.readObject(refused.getBody()).get("errors"));
        APIGatewayV2HTTPResponse premium = web("ApiCallbackRequestFunction.json",
                "{\"site\":\"metz-borny\",\"phone\":\"08 99 12 34 56\",\"window\":\"2030-03-06T08:00:00Z\"}");
        assertEquals(422, premium.getStatusCode(), premium.getBody());
        assertTrue(premium.getBody().contains("fixes et mobiles"), premium.getBody());
        assertEquals(400, web("ApiCallbackRequestFunction.json", "[1]").getStatusCode());
        APIGatewayV2HTTPResponse unknownTheme = web("ApiCallbackRequestFunction.windows.json", null);
        assertEquals(200, unknownTheme.getStatusCode());
        assertEquals(before, store.bookedPerWindow("metz-borny", "retraite", CLOCK.instant().minusSeconds(7200),
                CLOCK.instant().plus(Duration.ofDays(15))), "nothing stored");
    }

    @Test
    void theCallbackFunctionsReadTheCallsTerritoryAndRefuseOneTheStackDoesNotServe() throws Exception {
        Map<String, Object> refused = connect(requests(), withTerritory("ConnectCallbackRequestFunction.offer.json", "creuse-sud"));
        assertEquals("true", refused.get("safeRoute"), String.valueOf(refused));
        assertEquals("error", refused.get("result"));

        // On a regional number, the call's territory names the site: another territory's site is unknown to this one.
        String other = "t-" + UUID.randomUUID();
        directory.save(other, new Site("epinal", other, "France Services Épinal", new Address("10 rue de la Préfecture", "88000", "Épinal"),
                List.of("88000"), PARIS, new WeeklyHours(Map.of(DayOfWeek.TUESDAY, List.of(TimeRange.parse("09:00-12:00")))),
                List.of(), null, "general"));
        directory.save(other, new Theme("retraite", "Retraite", "retraite"));
        voiceMenus.save(other, RoutingRules.parse(Map.of("defaultSite", "epinal")));
        ConnectCallbackRequestHandler regional = new ConnectCallbackRequestHandler(service,
                new TerritoryVoices(territory, () -> List.of(other), directory, voiceMenus));
        Map<String, Object> offer = connect(regional, withTerritory("ConnectCallbackRequestFunction.offer.json", other)
                .replace("metz-borny", "epinal"));
        assertEquals("offer", offer.get("result"), String.valueOf(offer));
        assertEquals("true", connect(regional, new String(SampleEvents.bytes("ConnectCallbackRequestFunction.offer.json"),
                java.nio.charset.StandardCharsets.UTF_8).replace("metz-borny", "epinal")).get("safeRoute"),
                "the stack's own territory has no such site");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        outcomes().handleRequest(new ByteArrayInputStream(withTerritory("ConnectCallbackOutcomeFunction.json", "creuse-sud")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8)), out, null);
        assertEquals(Map.of("recorded", "false", "safeRoute", "true"), Json.readObject(out.toString()));
    }

    /** A sample event whose contact names a territory (the attribute the entry function sets). */
    @SuppressWarnings("unchecked")
    private static String withTerritory(String sample, String territoryId) throws Exception {
        Map<String, Object> event = Json.readObject(new String(SampleEvents.bytes(sample), java.nio.charset.StandardCharsets.UTF_8));
        Map<String, Object> contact = (Map<String, Object>) ((Map<String, Object>) event.get("Details")).get("ContactData");
        ((Map<String, Object>) contact.get("Attributes")).put(TerritoryVoices.ATTRIBUTE, territoryId);
        return Json.write(event);
    }

    private final fr.accueil.domain.routing.SimulatedQueueLoad load = new fr.accueil.domain.routing.SimulatedQueueLoad();

    private ApiAgentCallbacksHandler agentCallbacks() {
        return new ApiAgentCallbacksHandler(service, new fr.accueil.storage.dynamodb.DynamoAuditTrail(STACK.client(),
                STACK.table("ContactsTable"), "callbacks-test", CLOCK, java.time.Duration.ofDays(365)), CLOCK,
                new TerritoryVoices(territory, List::of, directory, voiceMenus).defaultVoice(), load);
    }

    @Test
    void agentRoutesAnswerProblemsForBadRequests() throws Exception {
        ApiAgentCallbacksHandler handler = agentCallbacks();
        assertProblem(handler, "ApiAgentCallbacksFunction.no-claims.json", 401);
        assertProblem(handler, "ApiAgentCallbacksFunction.bad-status.json", 400);
        assertProblem(handler, "ApiAgentCallbacksFunction.claim.json", 404);
        assertProblem(handler, "ApiAgentCallbacksFunction.complete-bad-outcome.json", 400);
        // The JSON text null is no object (the HTTP fuzz test found it answered 500).
        APIGatewayV2HTTPEvent nullBody = SampleEvents.read("ApiAgentCallbacksFunction.complete-bad-outcome.json", APIGatewayV2HTTPEvent.class);
        nullBody.setBody("null");
        APIGatewayV2HTTPResponse refused = handler.handleRequest(nullBody, null);
        assertEquals(400, refused.getStatusCode(), refused.getBody());
        // A site or theme no territory file can name (the HTTP fuzz test sent one of 3,000 characters): 400, not a 500.
        for (Map<String, String> query : List.of(Map.of("site", "a".repeat(3000)), Map.of("site", "metz-borny", "theme", "x y"))) {
            APIGatewayV2HTTPEvent unknown = SampleEvents.read("ApiAgentCallbacksFunction.json", APIGatewayV2HTTPEvent.class);
            unknown.setQueryStringParameters(query);
            APIGatewayV2HTTPResponse answer = handler.handleRequest(unknown, null);
            assertEquals(400, answer.getStatusCode(), answer.getBody());
        }
        load.set("retraite", new fr.accueil.domain.routing.QueueMetrics(3, java.time.Duration.ofSeconds(95)));
        APIGatewayV2HTTPResponse list = handler.handleRequest(SampleEvents.read("ApiAgentCallbacksFunction.json", APIGatewayV2HTTPEvent.class), null);
        assertEquals(200, list.getStatusCode(), list.getBody());
        APIGatewayV2HTTPEvent retraite = SampleEvents.read("ApiAgentCallbacksFunction.json", APIGatewayV2HTTPEvent.class);
        retraite.setQueryStringParameters(Map.of("site", "metz-borny", "theme", "retraite"));
        list = handler.handleRequest(retraite, null);
        // Callers waiting now in the list's queues: the site's (empty), the theme's (three, the oldest for 95 s).
        assertEquals(List.of(Map.of("queue", "general", "known", true, "callersWaiting", 0, "oldestWaitSeconds", 0),
                Map.of("queue", "retraite", "known", true, "callersWaiting", 3, "oldestWaitSeconds", 95)),
                Json.readObject(list.getBody()).get("waiting"));
    }

    @Test
    void aSecondAgentLosesTheClaimWith409() {
        String id = service.request(new fr.accueil.domain.callback.CallbackRequest(sites.site("metz-borny").orElseThrow(),
                new Theme("retraite", "Retraite", "retraite"), "+33699" + String.format("%06d", (int) (Math.random() * 1_000_000)),
                null, null, null)).callback().id();
        ApiAgentCallbacksHandler handler = agentCallbacks();
        APIGatewayV2HTTPEvent claim = SampleEvents.read("ApiAgentCallbacksFunction.claim.json", APIGatewayV2HTTPEvent.class);
        claim.setPathParameters(Map.of("id", id));
        assertEquals(200, handler.handleRequest(claim, null).getStatusCode());
        claim.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("sub", "agent-8", "token_use", "id",
                "cognito:groups", "[agents]", "custom:site", "metz-borny"));
        APIGatewayV2HTTPResponse lost = handler.handleRequest(claim, null);
        assertEquals(409, lost.getStatusCode());
        assertTrue(lost.getHeaders().get("Content-Type").startsWith("application/problem+json"));
    }

    @Test
    void withoutADialerTheDispatcherLeavesCallbacksToAgents() {
        Map<String, Object> run = new ScheduledCallbackDispatcher(max -> Optional.empty(), runLease, 2)
                .handleRequest(Map.of(), null);
        assertEquals("none", run.get("dialer"));
        Map<String, Object> simulated = new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(store)), runLease, 2)
                .handleRequest(Map.of(), null);
        assertEquals(false, simulated.get("throttled"));
    }

    @Test
    void ofTwoRunsAtOnceOneDispatchesAndTheOtherEndsAtOnce() throws Exception {
        CountDownLatch inRun = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        // The first run's store holds its first read until told: the run is then in progress, holding the lease.
        CallbackStore held = (CallbackStore) Proxy.newProxyInstance(CallbackStore.class.getClassLoader(),
                new Class<?>[] {CallbackStore.class}, (proxy, method, args) -> {
                    if (first.getAndSet(false)) {
                        inRun.countDown();
                        finish.await(30, TimeUnit.SECONDS);
                    }
                    try {
                        return method.invoke(store, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        CompletableFuture<Map<String, Object>> running = CompletableFuture.supplyAsync(() ->
                new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(held)), runLease, 2).handleRequest(Map.of(), null));
        assertTrue(inRun.await(30, TimeUnit.SECONDS));
        Map<String, Object> second = new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(store)), runLease, 2)
                .handleRequest(Map.of(), null);
        finish.countDown();
        assertEquals(Map.of("run", "skipped"), second);
        assertEquals("done", running.get(30, TimeUnit.SECONDS).get("run"));
        assertEquals("done", new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(store)), runLease, 2)
                .handleRequest(Map.of(), null).get("run"), "the lease was given back at the end of the run");
    }

    @Test
    void aRunTakesOverTheLeaseOfARunThatDied() {
        assertTrue(runLease.acquire("died", Instant.now().plusSeconds(60)));
        assertEquals("skipped", new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(store)), runLease, 2)
                .handleRequest(Map.of(), null).get("run"), "while its lease lasts");
        assertTrue(runLease.acquire("died", Instant.now().minusSeconds(1)), "the dead run's lease, now lapsed");
        assertEquals("done", new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(store)), runLease, 2)
                .handleRequest(Map.of(), null).get("run"));
    }

    @Test
    void theDispatcherDialsNoOneWhileTheQueueHasNoFreeAgentAndSaysWhy() {
        // A queue of this test's own: other tests' callbacks due at the same time are not in it.
        Theme own = new Theme("retraite", "Retraite", "retraite-" + UUID.randomUUID());
        Site metz = sites.site("metz-borny").orElseThrow();
        String phone = "+3361" + String.format("%07d", (int) (Math.random() * 10_000_000));
        String id = service.request(new fr.accueil.domain.callback.CallbackRequest(metz, own, phone, null, null, null)).callback().id();
        SimulatedQueueLoad queues = new SimulatedQueueLoad();
        queues.setAgents(own.queue(), 0);

        Map<String, Object> held = new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(store, queues)), runLease, 2)
                .handleRequest(Map.of(), null);
        assertEquals("done", held.get("run"));
        assertTrue((Integer) held.get("heldNoAgent") >= 1, String.valueOf(held));
        assertEquals(CallbackStatus.PENDING, store.find(id).orElseThrow().status(), "no agent free: the citizen is not called");

        Map<String, Object> unknown = new ScheduledCallbackDispatcher(max -> Optional.of(new CallbackDispatcher(store,
                answeringCitizen(), recorder, sites, calendar, keys -> Map.of(), DispatchSettings.defaults("flow"),
                CLOCK, d -> { })), runLease, 2).handleRequest(Map.of(), null);
        assertTrue((Integer) unknown.get("heldNoFigures") >= 1, "figures unknown: never dial blind " + unknown);
        assertEquals(CallbackStatus.PENDING, store.find(id).orElseThrow().status());

        queues.setAgents(own.queue(), 1);
        new ScheduledCallbackDispatcher(max -> Optional.of(dispatcher(store, queues)), runLease, 2).handleRequest(Map.of(), null);
        assertEquals(1, store.find(id).orElseThrow().attempts(), "an agent is free: the citizen is called");
    }

    private CallbackDispatcher dispatcher(CallbackStore callbacks) {
        return dispatcher(callbacks, new SimulatedQueueLoad());
    }

    /** Every call is answered, and its outcome reported as Connect's outbound flow would. */
    private OutboundDialer answeringCitizen() {
        return (destination, flow, queue, attributes, token) -> {
            service.recordOutcome(attributes.get("callbackId"), Integer.parseInt(attributes.get("attempt")), CallOutcome.REACHED);
            return "call-" + token;
        };
    }

    private CallbackDispatcher dispatcher(CallbackStore callbacks, SimulatedQueueLoad queues) {
        return new CallbackDispatcher(callbacks, answeringCitizen(), recorder, sites, calendar, queues,
                DispatchSettings.defaults("flow"), CLOCK, d -> { });
    }

    private static void assertProblem(ApiAgentCallbacksHandler handler, String event, int status) {
        APIGatewayV2HTTPResponse response = handler.handleRequest(SampleEvents.read(event, APIGatewayV2HTTPEvent.class), null);
        assertEquals(status, response.getStatusCode(), event + ": " + response.getBody());
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/problem+json"), event);
    }
}
