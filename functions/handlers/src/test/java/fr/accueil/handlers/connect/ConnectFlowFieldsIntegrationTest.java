package fr.accueil.handlers.connect;

import static fr.accueil.handlers.connect.VoiceTerritory.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contact flows copy fields of a function's answer ({@code $.External.x}) into contact attributes whatever
 * the route: each field they read after invoking the entry or the menu function is in every answer of that
 * function, the safe route's included.
 */
class ConnectFlowFieldsIntegrationTest {
    private static final Pattern EXTERNAL = Pattern.compile("\\$\\.External\\.([A-Za-z0-9_]+)");
    private static final Pattern FUNCTION = Pattern.compile("\\$\\{([A-Za-z0-9]+)Arn}");

    @Test
    void everyAnswerOfTheEntryFunctionHoldsEveryFieldTheFlowsRead() throws Exception {
        Set<String> read = readByFunction().getOrDefault("ConnectEntryFunction", Set.of());
        assertTrue(read.containsAll(Set.of("route", "queueArn", "menuNode", "timeout")), "the flows read the entry's answer: " + read);
        byte[] event = VoiceTerritory.from(VoiceTerritory.newCaller(), "ConnectEntryFunction.json");

        VoiceTerritory open = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        assertHolds(read, "menu", answer(open.entry(), event), "route");
        assertHolds(read, "closed", answer(new VoiceTerritory(VoiceTerritory.CLOSED).seeded().entry(), event), "route");
        VoiceTerritory known = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        String regular = VoiceTerritory.newCaller();
        known.contacts.save(new Contact(regular, null, null, "metz-borny", "fr"));
        assertHolds(read, "queue", answer(known.entry(), VoiceTerritory.from(regular, "ConnectEntryFunction.json")), "route");
        Map<String, String> safe = answer(new VoiceTerritory(VoiceTerritory.OPEN).entry(), event);
        assertEquals("true", safe.get("safeRoute"), "a territory without menu: " + safe);
        assertHolds(read, "queue", safe, "route");
    }

    @Test
    void everyAnswerOfTheMenuFunctionHoldsEveryFieldTheFlowsRead() throws Exception {
        Set<String> read = readByFunction().getOrDefault("ConnectMenuFunction", Set.of());
        assertTrue(read.containsAll(Set.of("action", "queueArn", "menuNode", "number")), "the flows read the menu's answer: " + read);
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();

        assertHolds(read, "ask", answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.json")), "action");
        assertHolds(read, "queue", answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.queue.json")), "action");
        assertHolds(read, "transfer", answer(territory.menu(), at("impots", "2")), "action");
        assertHolds(read, "hangup", answer(territory.menu(), at("services", "3")), "action");
        assertHolds(read, "callback", answer(territory.menu(), at("rappel", "3")), "action");
        String lastChance = new String(SampleEvents.bytes("ConnectMenuFunction.timeout.json"), StandardCharsets.UTF_8)
                .replace("\"menuInvalidAttempts\": \"0\"", "\"menuInvalidAttempts\": \"2\"");
        assertHolds(read, "person", answer(territory.menu(), lastChance.getBytes(StandardCharsets.UTF_8)), "action");
        territory.load.set("retraite", new QueueMetrics(9, Duration.ZERO));
        assertHolds(read, "callback", answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.queue.json")), "action");
        Map<String, String> safe = answer(territory.menu(), "{".getBytes(StandardCharsets.UTF_8));
        assertEquals("true", safe.get("safeRoute"), safe.toString());
        assertHolds(read, "queue", safe, "action");
    }

    private static void assertHolds(Set<String> read, String expected, Map<String, String> answer, String decision) {
        assertEquals(expected, answer.get(decision), answer.toString());
        Set<String> missing = new TreeSet<>(read);
        missing.removeAll(answer.keySet());
        assertEquals(Set.of(), missing, "fields the flows read that the " + expected + " answer leaves out: " + answer);
    }

    /** The menu function's event at a node with a key. */
    private static byte[] at(String node, String key) {
        return new String(SampleEvents.bytes("ConnectMenuFunction.json"), StandardCharsets.UTF_8)
                .replace("\"menuNode\": \"accueil\"", "\"menuNode\": \"" + node + "\"")
                .replace("\"digits\": \"3\"", "\"digits\": \"" + key + "\"").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The {@code $.External} fields each function's answer is read for: from each invocation, every action
     * reachable on success up to the next invocation or the end of the flow (another flow starts afresh).
     */
    static Map<String, Set<String>> readByFunction() throws IOException {
        Map<String, Set<String>> read = new TreeMap<>();
        List<Path> files;
        try (Stream<Path> listed = Files.list(EmbeddedStack.repositoryRoot().resolve("flows"))) {
            files = listed.filter(p -> p.toString().endsWith(".json")).sorted().toList();
        }
        for (Path file : files) {
            Map<String, Map<String, Object>> actions = new TreeMap<>();
            for (Object action : (List<?>) Json.readObject(Files.readString(file)).get("Actions")) {
                Map<String, Object> a = map(action);
                actions.put(String.valueOf(a.get("Identifier")), a);
            }
            for (Map<String, Object> invoke : actions.values()) {
                if (!"InvokeLambdaFunction".equals(invoke.get("Type"))) {
                    continue;
                }
                Matcher function = FUNCTION.matcher(String.valueOf(map(invoke.get("Parameters")).get("LambdaFunctionARN")));
                assertTrue(function.matches(), file + ": " + invoke);
                Set<String> fields = read.computeIfAbsent(function.group(1), f -> new TreeSet<>());
                Set<String> seen = new HashSet<>();
                Deque<String> next = new ArrayDeque<>();
                Object success = map(invoke.get("Transitions")).get("NextAction");
                if (success != null) {
                    next.add(String.valueOf(success));
                }
                while (!next.isEmpty()) {
                    Map<String, Object> action = actions.get(next.pop());
                    if (action == null || !seen.add(String.valueOf(action.get("Identifier")))
                            || "InvokeLambdaFunction".equals(action.get("Type"))) {
                        continue;
                    }
                    Matcher external = EXTERNAL.matcher(Json.write(action.getOrDefault("Parameters", Map.of())));
                    while (external.find()) {
                        fields.add(external.group(1));
                    }
                    next.addAll(targets(action));
                }
            }
        }
        return read;
    }

    private static List<String> targets(Map<String, Object> action) {
        Map<String, Object> transitions = map(action.get("Transitions"));
        Stream<Object> all = Stream.concat(Stream.of(transitions.get("NextAction")), Stream.concat(
                list(transitions.get("Conditions")).stream().map(c -> map(c).get("NextAction")),
                list(transitions.get("Errors")).stream().map(e -> map(e).get("NextAction"))));
        return all.filter(t -> t != null).map(String::valueOf).toList();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static List<?> list(Object value) {
        return value instanceof List<?> l ? l : List.of();
    }
}
