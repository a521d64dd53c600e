package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
 * queue load, the caller (known or not) and the functions that fail, presses keys, and expects
 * what is heard at each turn, how the call ends, the menu path, and the history entry.
 */
class PhoneScenariosEnd2EndTest {
    private static final Path SCENARIOS = EmbeddedStack.repositoryRoot().resolve("scenarios");
    private static final Set<String> FIELDS = Set.of("description", "caller", "contact", "clock", "queueLoad",
            "failFunctions", "steps", "outcome", "menuPath");
    private static final Set<String> STEP_FIELDS = Set.of("press", "silence", "hangUp", "hear");
    private final List<String> loaded = new ArrayList<>();

    static Stream<Path> scenarios() throws IOException {
        try (Stream<Path> files = Files.list(SCENARIOS)) {
            List<Path> all = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertFalse(all.isEmpty(), "no scenario in " + SCENARIOS);
            return all.stream();
        }
    }

    @AfterEach
    void realTimeAndEmptyQueues() {
        System.clearProperty("accueil.env.FIXED_CLOCK");
        loaded.forEach(queue -> load().set(queue, QueueMetrics.EMPTY));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    void scenario(Path file) throws Exception {
        Map<String, Object> scenario = Json.readObject(Files.readString(file));
        String name = file.getFileName().toString();
        assertTrue(FIELDS.containsAll(scenario.keySet()), name + ": unknown fields " + scenario.keySet() + ", known " + FIELDS);
        RunningStack.get();
        Environment.setLocally("FIXED_CLOCK", (String) scenario.get("clock"));
        map(scenario.get("queueLoad")).forEach((queue, value) -> {
            String[] parts = String.valueOf(value).split("/");
            load().set(queue, new QueueMetrics(Integer.parseInt(parts[0]), Duration.ofSeconds(parts.length > 1 ? Long.parseLong(parts[1]) : 0)));
            loaded.add(queue);
        });
        String caller = (String) scenario.get("caller");
        if (scenario.get("contact") instanceof Map<?, ?> contact) {
            AppContext.get().contacts().save(new Contact(caller, null, null, (String) contact.get("preferredSiteId"), "fr"));
        }

        Map<String, Object> request = new LinkedHashMap<>();
        request.put("from", caller);
        request.put("failFunctions", scenario.getOrDefault("failFunctions", List.of()));
        List<Map<String, Object>> steps = list(scenario.get("steps"));
        assertFalse(steps.isEmpty(), name + ": no steps");
        Map<String, Object> call = post("/api/phone/calls", request, 201);
        String callId = (String) call.get("callId");
        for (int i = 0; i < steps.size(); i++) {
            Map<String, Object> step = steps.get(i);
            String where = name + " step " + (i + 1);
            assertTrue(STEP_FIELDS.containsAll(step.keySet()), where + ": unknown fields " + step.keySet());
            if (i > 0) {
                assertEquals("awaiting-input", call.get("status"), where + ": the call ended before: " + call.get("outcome"));
                if (Boolean.TRUE.equals(step.get("hangUp"))) {
                    call = send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + callId)).DELETE().build(), 200);
                } else {
                    call = post("/api/phone/calls/" + callId + "/input", step.containsKey("press")
                            ? Map.of("digits", step.get("press")) : Map.of("timeout", true), 200);
                }
            }
            assertHeard(where, call, strings(step.get("hear")));
        }
        assertEquals("ended", call.get("status"), name + ": the call should have ended after the last step");

        Map<String, Object> expected = map(scenario.get("outcome"));
        Map<String, Object> outcome = map(call.get("outcome"));
        expected.forEach((field, value) -> assertEquals(value, outcome.get(field), name + ": outcome " + field + " in " + outcome));
        if (scenario.containsKey("menuPath")) {
            assertEquals(scenario.get("menuPath"), call.get("menuPath"), name + ": menu path");
        }
        if (!"anonymous".equals(caller)) {
            Interaction ended = AppContext.get().contacts().history(caller, 20).stream()
                    .filter(h -> h.kind().equals("call-ended") && callId.equals(h.details().get("contactId")))
                    .findFirst().orElseThrow(() -> new AssertionError(name + ": no call-ended in the caller's history"));
            assertEquals(outcome.get("type"), ended.details().get("outcome"), name + ": history outcome");
            assertEquals(String.join("/", strings(call.get("menuPath"))), ended.details().get("menuPath"), name + ": history menu path");
        }
    }

    /** Each expected fragment is heard, in order, in what the turn said. */
    private static void assertHeard(String where, Map<String, Object> call, List<String> fragments) {
        String heard = list(call.get("prompts")).stream().map(p -> (String) p.get("text")).collect(Collectors.joining(" | "));
        int from = 0;
        for (String fragment : fragments) {
            int at = heard.indexOf(fragment, from);
            assertTrue(at >= 0, where + ": « " + fragment + " » not heard (in order) in: " + heard);
            from = at + fragment.length();
        }
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
