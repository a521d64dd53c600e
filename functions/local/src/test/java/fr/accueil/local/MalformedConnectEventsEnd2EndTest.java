package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ten thousand malformed events for each family of Connect functions (entry, menu, callback
 * outcome; 2,500 for the callback request and the survey, which write to DynamoDB), run through the
 * same path as the Invoke endpoint (the Lambda runtime's serialization, the handler from the
 * template): each answers a flat map of strings, under Connect's limits, never fails — a caller is
 * never dropped — and is a route the flow that invoked it can take: the entry's {@code route} and the
 * menu's {@code action} among the values entry.json and menu-loop.json branch on, and every key
 * survey.json reads present in the survey's answer. The allowed values are read from flows/.
 *
 * <p>The events are the sample events of events/ mutated: a value replaced by one of the wrong
 * kind or a hostile string, a key removed, or the whole text broken.
 */
class MalformedConnectEventsEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final LambdaInvoker INVOKER = new LambdaInvoker();
    private static final AtomicInteger EVENTS = new AtomicInteger();
    private static final AtomicInteger SAFE_ROUTES = new AtomicInteger();
    private static final AtomicInteger FAILURES = new AtomicInteger();
    private static final Set<String> ENTRY_ROUTES = FlowReads.of("entry.json").comparedValues("route");
    private static final Set<String> MENU_ACTIONS = FlowReads.of("menu-loop.json").comparedValues("action");
    private static final Set<String> SURVEY_READS = FlowReads.of("survey.json").externalKeys();
    /** Tens of thousands of routing and safe-route lines: tallied, checked for personal data, not printed. */
    private static LogTally logs;

    @BeforeContainer
    static void tallyLogs() {
        logs = new LogTally();
    }

    private static List<String> samples(String function) {
        try (var files = Files.list(Path.of(System.getProperty("accueil.root"), "events"))) {
            return files.filter(f -> f.getFileName().toString().startsWith(function + "."))
                    .map(f -> {
                        try {
                            return Files.readString(f);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    }).toList();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A sample event with one to three values replaced or removed, or broken text. */
    private static Arbitrary<String> malformed(String function) {
        List<String> samples = samples(function);
        Arbitrary<String> mutated = Combinators.combine(Arbitraries.of(samples),
                Arbitraries.integers().between(0, 1000).list().ofMinSize(1).ofMaxSize(3),
                Hostile.value().list().ofMinSize(3).ofMaxSize(3),
                Arbitraries.of(true, false).list().ofMinSize(3).ofMaxSize(3)).as((sample, where, values, remove) -> {
                    try {
                        Map<String, Object> event = Json.readObject(sample);
                        for (int i = 0; i < where.size(); i++) {
                            mutate(event, where.get(i), values.get(i), remove.get(i));
                        }
                        return Json.write(event);
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
        Arbitrary<String> truncated = Combinators.combine(Arbitraries.of(samples), Arbitraries.doubles().between(0, 1))
                .as((sample, cut) -> sample.substring(0, (int) (sample.length() * cut)));
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(7, mutated),
                net.jqwik.api.Tuple.of(2, truncated),
                net.jqwik.api.Tuple.of(1, Hostile.brokenJson()));
    }

    /** Replaces (or removes) the n-th value met walking the event depth first. */
    @SuppressWarnings("unchecked")
    private static void mutate(Map<String, Object> event, int n, Object value, boolean remove) {
        List<Map.Entry<Map<String, Object>, String>> slots = new ArrayList<>();
        collect(event, slots);
        if (slots.isEmpty()) {
            return;
        }
        Map.Entry<Map<String, Object>, String> slot = slots.get(n % slots.size());
        if (remove) {
            slot.getKey().remove(slot.getValue());
        } else {
            slot.getKey().put(slot.getValue(), value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void collect(Map<String, Object> map, List<Map.Entry<Map<String, Object>, String>> slots) {
        for (String key : new ArrayList<>(map.keySet())) {
            slots.add(Map.entry(map, key));
            if (map.get(key) instanceof Map<?, ?> child) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) child);
                map.put(key, copy);
                collect(copy, slots);
            }
        }
    }

    /** The answer is a flat map of strings under Connect's limit, and {@code usable} for the flow; any failure is counted. */
    private static void answersASafeMap(String function, String event, Consumer<Map<String, Object>> usable) throws IOException {
        try {
            LambdaInvoker.Result result = INVOKER.invoke(STACK.functions().get(function).orElseThrow(),
                    event.getBytes(StandardCharsets.UTF_8));
            assertNull(result.errorType(), () -> function + " failed on " + event);
            byte[] payload = result.payload();
            assertTrue(payload.length < 16 * 1024, "answer under Connect's limit");
            Map<String, Object> answer = Json.readObject(new String(payload, StandardCharsets.UTF_8));
            assertFalse(answer.isEmpty(), () -> function + " answered nothing to " + event);
            for (Object value : answer.values()) {
                assertTrue(value instanceof String, () -> "a flat map of strings: " + answer);
            }
            usable.accept(answer);
            EVENTS.incrementAndGet();
            if ("true".equals(answer.get("safeRoute"))) {
                SAFE_ROUTES.incrementAndGet();
            }
        } catch (AssertionError | IOException | RuntimeException e) {
            FAILURES.incrementAndGet();
            throw e;
        }
    }

    /** {@code key} holds one of the values the flow branches on. */
    private static Consumer<Map<String, Object>> oneOf(String key, Set<String> values) {
        assertFalse(values.isEmpty(), "the flow branches on " + key);
        return answer -> assertTrue(values.contains(answer.get(key)), () -> key + " " + answer.get(key) + " not among " + values);
    }

    @Property(tries = 10_000)
    void entry(@ForAll("entryEvents") String event) throws IOException {
        answersASafeMap("ConnectEntryFunction", event, oneOf("route", ENTRY_ROUTES));
    }

    @Property(tries = 10_000)
    void menu(@ForAll("menuEvents") String event) throws IOException {
        answersASafeMap("ConnectMenuFunction", event, oneOf("action", MENU_ACTIONS));
    }

    /** Many mutated requests stay valid and reach DynamoDB (about 10 ms each): 10,000 took 105 s on 2 cores. */
    @Property(tries = 2_500)
    void callbackRequest(@ForAll("callbackRequestEvents") String event) throws IOException {
        answersASafeMap("ConnectCallbackRequestFunction", event, answer -> { });
    }

    @Property(tries = 10_000)
    void callbackOutcome(@ForAll("callbackOutcomeEvents") String event) throws IOException {
        answersASafeMap("ConnectCallbackOutcomeFunction", event, answer -> { });
    }

    /** The survey writes each answer (a transaction): 2,500, as for the callback request. */
    @Property(tries = 2_500)
    void survey(@ForAll("surveyEvents") String event) throws IOException {
        assertFalse(SURVEY_READS.isEmpty(), "survey.json reads the survey's answer");
        answersASafeMap("ConnectSurveyFunction", event, answer -> SURVEY_READS.forEach(key ->
                assertTrue(answer.get(key) instanceof String text && !text.isBlank(), () -> "survey.json reads " + key + ": " + answer)));
    }

    @Provide
    Arbitrary<String> entryEvents() {
        return malformed("ConnectEntryFunction");
    }

    @Provide
    Arbitrary<String> menuEvents() {
        return malformed("ConnectMenuFunction");
    }

    @Provide
    Arbitrary<String> callbackRequestEvents() {
        return malformed("ConnectCallbackRequestFunction");
    }

    @Provide
    Arbitrary<String> callbackOutcomeEvents() {
        return malformed("ConnectCallbackOutcomeFunction");
    }

    @Provide
    Arbitrary<String> surveyEvents() {
        return malformed("ConnectSurveyFunction");
    }

    @AfterContainer
    static void report() {
        logs.close();
        System.out.println("[reliability] fuzz.connect events=" + EVENTS.get() + " safeRoutes=" + SAFE_ROUTES.get()
                + " failures=" + FAILURES.get() + " entryRoutes=" + ENTRY_ROUTES + " menuActions=" + MENU_ACTIONS
                + " surveyReads=" + SURVEY_READS);
        System.out.println("[reliability] fuzz.connect.logs lines=" + logs.lines() + " " + logs.counts());
        assertEquals(0, FAILURES.get(), "failed or unusable answers");
        assertEquals(35_000, EVENTS.get(), "every family got its events");
        assertEquals(Map.of(), logs.leaks(), "log lines are JSON objects without personal data");
    }
}
