package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.domain.satisfaction.SurveyChannel;
import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryFormat;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every scenario of scenarios/ played on the running local stack through the phone API: the
 * deployed contact flows, the real functions, DynamoDB Local. A scenario sets the clock, the
 * queue load and capacity, the agents free, the caller (known, or made known by a booking through the HTTP API, or
 * not) and the functions' faults, presses keys, lets the agent hang up, runs the callback dispatcher (or sees it hold
 * the callback: no agent free), and expects what is heard at each turn, how the call
 * was routed and ended, the menu path, the history entry, the survey answers, the callbacks and how
 * the flows' function invocations ended (their own answer or the Error branch). A scenario naming
 * {@code territories} (files of seed/) calls a regional number: those territories are imported beside the
 * runner's own and share its number for the call, as a stack deployed with RegionTerritoryIds.
 */
class PhoneScenariosEnd2EndTest {
    private static final Path SCENARIOS = EmbeddedStack.repositoryRoot().resolve("scenarios");
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Set<String> FIELDS = Set.of("description", "caller", "contact", "book", "clock", "queueLoad",
            "queueCapacity", "queueAgents", "faults", "steps", "outcome", "afterAgent", "menuPath", "survey", "callbacks", "invocations",
            "territories");
    /** The territory files of seed/ imported so far into the running stack, once each (an import converges anyway). */
    private static final Set<String> IMPORTED = new HashSet<>();
    private static final Set<String> ACTIONS = Set.of("press", "silence", "hangUp", "agentHangUp", "dispatch");
    private static final Set<String> STEP_FIELDS = Set.of("press", "silence", "hangUp", "agentHangUp", "dispatch",
            "clock", "queueAgents", "hear", "hearNothing");
    private final List<String> loaded = new ArrayList<>();
    private final List<String> staffed = new ArrayList<>();

    static Stream<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertFalse(all.isEmpty(), "no scenario in " + SCENARIOS);
            return all.stream();
        }
    }

    @AfterEach
    void realTimeEmptyQueuesNoCapacity() {
        System.clearProperty("accueil.env.FIXED_CLOCK");
        System.clearProperty("accueil.env." + LocalPhone.QUEUE_CAPACITY);
        System.clearProperty("accueil.env.REGION_TERRITORY_IDS");
        loaded.forEach(queue -> load().set(queue, QueueMetrics.EMPTY));
        staffed.forEach(queue -> load().setAgents(queue, SimulatedQueueLoad.DEFAULT_AGENTS));
    }

    /** Agents available per queue, for the dispatcher: the scenario's, then a step's. */
    private void staff(Object agents) {
        map(agents).forEach((queue, available) -> {
            load().setAgents(queue, ((Number) available).intValue());
            staffed.add(queue);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Path file) throws Exception {
        Map<String, Object> scenario = Json.readObject(Files.readString(file));
        String name = file.getFileName().toString();
        assertTrue(FIELDS.containsAll(scenario.keySet()), name + ": unknown fields " + scenario.keySet() + ", known " + FIELDS);
        RunningStack.get();
        String caller = (String) scenario.get("caller");
        if (scenario.get("book") instanceof Map<?, ?> book) {
            // Booked as the booking page does, at today's date (before the call's clock is set): the booking alone makes
            // the caller known.
            Citizen.book((String) book.get("partner"), (String) book.get("site"), "Usager du scénario " + name, caller, null);
        }
        String clock = (String) scenario.get("clock");
        Environment.setLocally("FIXED_CLOCK", clock);
        map(scenario.get("queueLoad")).forEach((queue, value) -> {
            String[] parts = String.valueOf(value).split("/");
            load().set(queue, new QueueMetrics(Integer.parseInt(parts[0]), Duration.ofSeconds(parts.length > 1 ? Long.parseLong(parts[1]) : 0)));
            loaded.add(queue);
        });
        staff(scenario.get("queueAgents"));
        if (!map(scenario.get("queueCapacity")).isEmpty()) {
            Environment.setLocally(LocalPhone.QUEUE_CAPACITY, map(scenario.get("queueCapacity")).entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(",")));
        }
        regionalNumber(strings(scenario.get("territories")));
        if (scenario.get("contact") instanceof Map<?, ?> contact) {
            AppContext.get().contacts().save(new Contact(caller, null, null, (String) contact.get("preferredSiteId"), "fr"));
        }
        Map<String, Object> survey = map(scenario.get("survey"));
        Map<String, Object> figuresBefore = survey.isEmpty() ? Map.of() : satisfaction(day(clock));

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("from", caller);
        request.put("faults", scenario.getOrDefault("faults", Map.of()));
        List<Map<String, Object>> steps = list(scenario.get("steps"));
        assertFalse(steps.isEmpty(), name + ": no steps");
        Map<String, Object> call = post("/api/phone/calls", request, 201);
        String callId = (String) call.get("callId");
        Set<String> seen = new HashSet<>(Set.of(callId));
        String bookedCallback = null;
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            String where = name + " step " + (i + 1);
            assertTrue(STEP_FIELDS.containsAll(step.keySet()), where + ": unknown fields " + step.keySet() + ", known " + STEP_FIELDS);
            List<String> actions = step.keySet().stream().filter(ACTIONS::contains).toList();
            assertTrue(i == 0 ? actions.isEmpty() : actions.size() == 1,
                    where + (i == 0 ? ": the first step is the greeting, without an action" : ": one action of " + ACTIONS + " expected, not " + actions));
            if (step.containsKey("clock")) {
                clock = (String) step.get("clock");
                Environment.setLocally("FIXED_CLOCK", clock);
            }
            staff(step.get("queueAgents"));
            if (step.containsKey("dispatch")) {
                assertEquals("ended", call.get("status"), where + ": the dispatcher calls back once the call is over");
                bookedCallback = bookedCallback != null ? bookedCallback : (String) map(call.get("outcome")).get("callbackId");
                assertNotNull(bookedCallback, where + ": the call before the dispatch booked no callback: " + call.get("outcome"));
            }
            if ("held".equals(step.get("dispatch"))) {
                assertEquals(true, step.get("hearNothing"), where + ": a held callback rings nothing: « hearNothing »: true expected");
                dispatchHeld(where, caller, seen);
                continue;
            }
            if (step.containsKey("dispatch")) {
                call = dispatchAndAnswer(where, caller, seen);
                callId = (String) call.get("callId");
            } else if (step.containsKey("agentHangUp")) {
                assertEquals("in-queue", call.get("status"), where + ": the agent hangs up a call in queue, not: " + call.get("outcome"));
                call = post("/api/phone/calls/" + callId + "/agent-hangup", Map.of(), 200);
            } else if (step.containsKey("hangUp")) {
                assertTrue(List.of("awaiting-input", "in-queue").contains(call.get("status")), where + ": the call ended before: " + call.get("outcome"));
                call = send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + callId)).DELETE().build(), 200);
            } else if (i > 0) {
                // In a queue too: the customer queue flow awaits time (its loop prompts) or a key (its callback offer).
                assertEquals(true, call.get("awaitingInput"), where + ": no keys awaited: " + call.get("status") + " " + call.get("outcome"));
                call = post("/api/phone/calls/" + callId + "/input", step.containsKey("press")
                        ? Map.of("digits", step.get("press")) : Map.of("timeout", true), 200);
            }
            assertHeard(where, step, call);
        }
        if ("in-queue".equals(call.get("status"))) {
            // The conversation with the agent is over: the caller hangs up, and the call has ended.
            call = send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + callId)).DELETE().build(), 200);
        }
        assertEquals("ended", call.get("status"), name + ": the call should have ended after the last step");

        assertFields(name + ": outcome", map(scenario.get("outcome")), map(call.get("outcome")));
        assertEquals(scenario.containsKey("afterAgent"), call.containsKey("afterAgent"), name + ": afterAgent " + call.get("afterAgent"));
        assertFields(name + ": afterAgent", map(scenario.get("afterAgent")), map(call.get("afterAgent")));
        if (scenario.containsKey("menuPath")) {
            assertEquals(scenario.get("menuPath"), call.get("menuPath"), name + ": menu path");
        }
        if (!"anonymous".equals(caller)) {
            String id = callId;
            Interaction ended = AppContext.get().contacts().history(caller, 30).stream()
                    .filter(h -> h.kind().equals("call-ended") && id.equals(h.details().get("contactId")))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": no call-ended in the caller's history"));
            assertEquals(map(call.get("outcome")).get("type"), ended.details().get("outcome"), name + ": history outcome");
            assertEquals(map(call.get("afterAgent")).get("type"), ended.details().get("afterAgent"), name + ": history afterAgent");
            assertEquals(String.join("/", strings(call.get("menuPath"))), ended.details().get("menuPath"), name + ": history menu path");
        }
        if (!survey.isEmpty()) {
            assertSurvey(name, survey, figuresBefore, satisfaction(day(clock)), "callback".equals(survey.get("channel"))
                    ? bookedCallback : callId);
        }
        for (Map<String, Object> expected : list(scenario.get("callbacks"))) {
            assertCallback(name, expected, caller, call);
        }
        for (Map<String, Object> expected : list(scenario.get("invocations"))) {
            assertTrue(list(call.get("invocations")).stream().anyMatch(actual -> expected.entrySet().stream()
                            .allMatch(field -> field.getValue().equals(actual.get(field.getKey())))),
                    name + ": no invocation " + expected + " among " + call.get("invocations"));
        }
    }

    /** Imports the territory files (once) and makes them share the runner's number for this scenario. */
    private static void regionalNumber(List<String> files) throws IOException {
        List<String> ids = new ArrayList<>();
        for (String file : files) {
            Territory territory = TerritoryFormat.parse(Json.readObject(Files.readString(
                    EmbeddedStack.repositoryRoot().resolve("seed").resolve(file))), LocalDate.now(PARIS));
            ids.add(territory.id());
            synchronized (IMPORTED) {
                if (IMPORTED.add(file)) {
                    AppContext app = AppContext.get();
                    Set<String> stack = new java.util.LinkedHashSet<>(app.voices().territoryIds());
                    stack.add(territory.id());
                    app.booking().territoryImport(app.voiceMenus(), stack).apply(territory);
                }
            }
        }
        if (!ids.isEmpty()) {
            Environment.setLocally("REGION_TERRITORY_IDS", String.join(",", ids));
        }
    }

    /**
     * What the caller heard in the turn: each expected fragment, in order; or nothing at all, when
     * the step says so ({@code "hearNothing": true}). A step that expects neither is a defect.
     */
    private static void assertHeard(String where, Map<String, Object> step, Map<String, Object> call) {
        String heard = list(call.get("prompts")).stream().map(p -> (String) p.get("text")).collect(Collectors.joining(" | "));
        List<String> fragments = strings(step.get("hear"));
        boolean nothing = Boolean.TRUE.equals(step.get("hearNothing"));
        assertTrue(nothing != !fragments.isEmpty(), where + ": « hear » (fragments, not empty) or « hearNothing »: true expected, one or the other");
        if (nothing) {
            assertEquals("", heard, where + ": nothing should be heard");
            return;
        }
        int from = 0;
        for (String fragment : fragments) {
            int at = heard.indexOf(fragment, from);
            assertTrue(at >= 0, where + ": « " + fragment + " » not heard (in order) in: " + heard);
            from = at + fragment.length();
        }
    }

    /**
     * The dispatcher's run at the scenario's clock: the callback is due, the simulated citizen answers,
     * the local phone plays the outbound flow. The citizen's new outbound call, with all it heard.
     */
    private static Map<String, Object> dispatchAndAnswer(String where, String caller, Set<String> seen) throws Exception {
        Map<String, Object> run = dispatch();
        assertTrue(((Number) run.get("dialed")).intValue() >= 1, where + ": nothing dialled: " + run);
        Map<String, Object> outbound = newOutboundCalls(caller, seen).stream().findFirst()
                .orElseThrow(() -> new AssertionError(where + ": the dispatcher rang no new call to " + caller));
        seen.add((String) outbound.get("callId"));
        return send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + outbound.get("callId"))).GET().build(), 200);
    }

    /** The dispatcher's run while the callback's queue has no free agent: it says so, and the citizen's phone does not ring. */
    private static void dispatchHeld(String where, String caller, Set<String> seen) throws Exception {
        Map<String, Object> run = dispatch();
        assertTrue(((Number) run.get("heldNoAgent")).intValue() >= 1, where + ": nothing held: " + run);
        assertEquals(List.of(), newOutboundCalls(caller, seen), where + ": the dispatcher rang " + caller + " with no agent free");
    }

    /** One run of the dispatcher function, as the schedule invokes it; its answer. */
    private static Map<String, Object> dispatch() throws Exception {
        HttpResponse<String> run = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("ScheduledCallbackDispatcherFunction"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"detail-type\":\"Scheduled Event\",\"detail\":{}}")).build());
        assertEquals(200, run.statusCode(), run.body());
        return Json.readObject(run.body());
    }

    /** The outbound calls to the caller not seen yet in the scenario. */
    private static List<Map<String, Object>> newOutboundCalls(String caller, Set<String> seen) throws Exception {
        Map<String, Object> calls = send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls?number="
                + URLEncoder.encode(caller, StandardCharsets.UTF_8))).GET().build(), 200);
        return list(calls.get("calls")).stream()
                .filter(c -> "outbound".equals(c.get("direction")) && !seen.contains((String) c.get("callId"))).toList();
    }

    /** The survey answers of the scenario: stored (one per contact or callback) and counted in the day's figures. */
    @SuppressWarnings("unchecked")
    private static void assertSurvey(String name, Map<String, Object> expected, Map<String, Object> before, Map<String, Object> after,
                                     String reference) {
        int answers = ((Number) expected.get("answers")).intValue();
        SurveyChannel channel = "callback".equals(expected.get("channel")) ? SurveyChannel.CALLBACK : SurveyChannel.PHONE;
        assertEquals(answers > 0, AppContext.get().satisfaction().store().answered(channel, reference),
                name + ": answer stored for " + channel + " " + reference);
        for (String question : List.of("satisfaction", "requestHandled")) {
            String key = question.equals("satisfaction") ? "score1" : "score2";
            Map<String, Object> was = map(before.get(question));
            Map<String, Object> now = map(after.get(question));
            int added = count(now.get("count")) - count(was.get("count"));
            boolean scored = expected.containsKey(key);
            assertEquals(scored ? answers : 0, added, name + ": " + question + " answers counted");
            if (scored) {
                String score = String.valueOf(expected.get(key));
                assertEquals(1, count(map(now.get("distribution")).get(score)) - count(map(was.get("distribution")).get(score)),
                        name + ": " + question + " score " + score + " counted");
            }
        }
        Map<String, Object> byChannel = map(map(after.get("by")).get("channel"));
        assertTrue(answers == 0 || byChannel.containsKey(channel.key()), name + ": counted on the channel " + channel.key() + ": " + byChannel);
    }

    /** A callback of the caller on an agents' list (site, theme, status), and its outcome when given. */
    private static void assertCallback(String name, Map<String, Object> expected, String caller, Map<String, Object> call) throws Exception {
        String path = "/api/agent/callbacks?site=" + expected.get("site") + "&theme=" + expected.get("theme")
                + "&status=" + expected.get("status") + "&limit=100";
        Map<String, Object> page = send(HttpRequest.newBuilder(RunningStack.http(path))
                .header("Authorization", "Bearer " + RunningStack.get().devAgentToken()).GET().build(), 200);
        String booked = (String) map(call.get("afterAgent")).get("callbackId");
        Map<String, Object> callback = list(page.get("callbacks")).stream()
                .filter(c -> caller.equals(c.get("phone")) && (booked == null || booked.equals(c.get("id"))))
                .findFirst().orElseThrow(() -> new AssertionError(name + ": no callback of " + caller + " on " + path + ": " + page));
        if (expected.containsKey("outcome")) {
            assertEquals(expected.get("outcome"), callback.get("outcome"), name + ": callback outcome");
        }
    }

    /** The day's satisfaction figures, as an agent reads them. */
    private static Map<String, Object> satisfaction(LocalDate day) throws Exception {
        return send(HttpRequest.newBuilder(RunningStack.http("/api/stats/satisfaction?from=" + day + "&to=" + day))
                .header("Authorization", "Bearer " + RunningStack.get().devAgentToken()).GET().build(), 200);
    }

    private static LocalDate day(String clock) {
        return Instant.parse(clock).atZone(PARIS).toLocalDate();
    }

    private static int count(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static void assertFields(String what, Map<String, Object> expected, Map<String, Object> actual) {
        expected.forEach((field, value) -> assertEquals(value, actual.get(field), what + " " + field + " in " + actual));
    }

    private static SimulatedQueueLoad load() {
        return (SimulatedQueueLoad) AppContext.get().queueLoad();
    }

    private static Map<String, Object> post(String path, Map<String, Object> body, int status) throws Exception {
        return send(HttpRequest.newBuilder(RunningStack.http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), status);
    }

    private static Map<String, Object> send(HttpRequest request, int status) throws Exception {
        HttpResponse<String> response = RunningStack.send(request);
        assertEquals(status, response.statusCode(), response.body());
        return Json.readObject(response.body());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value instanceof List ? (List<String>) value : List.of();
    }
}
