package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.Json;
import fr.accueil.storage.AwsClients;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Each function's SDK clients give up on a DynamoDB that does not answer in time for the function to answer by
 * itself: a voice function within the InvocationTimeLimitSeconds its flows give it (read from flows/), an API
 * function within its Timeout (template.yaml Globals) and so within API Gateway's 30 s. The {@code slow} fault
 * holds each DynamoDB request of the invocation longer than any of those limits.
 */
class TimeBoundsEnd2EndTest {
    private static final Path ROOT = EmbeddedStack.repositoryRoot();
    private static final Pattern FUNCTION = Pattern.compile("\\$\\{(\\w+)Arn}");
    /**
     * The sample event of each function (events/), but for the menu a choice: its sample asks for the first
     * prompt, answered from the menu in memory, while a choice also writes the caller's history.
     */
    private static final Map<String, String> EVENTS = Map.of("ConnectMenuFunction", "ConnectMenuFunction.queue.json");
    /** API Gateway's integration timeout for an HTTP API (API Gateway Developer Guide, « Quotas for HTTP APIs »). */
    private static final Duration API_GATEWAY_TIMEOUT = Duration.ofSeconds(30);

    /** The strictest InvocationTimeLimitSeconds of each function the flows invoke. */
    static Map<String, Integer> flowLimits() throws Exception {
        Map<String, Integer> limits = new TreeMap<>();
        try (Stream<Path> flows = Files.list(ROOT.resolve("flows"))) {
            for (Path flow : flows.filter(f -> f.toString().endsWith(".json")).toList()) {
                for (Object action : (List<?>) Json.readObject(Files.readString(flow)).get("Actions")) {
                    Map<?, ?> invoke = (Map<?, ?>) action;
                    if ("InvokeLambdaFunction".equals(invoke.get("Type"))) {
                        Map<?, ?> parameters = (Map<?, ?>) invoke.get("Parameters");
                        Matcher function = FUNCTION.matcher(String.valueOf(parameters.get("LambdaFunctionARN")));
                        assertTrue(function.matches(), flow + ": " + parameters);
                        limits.merge(function.group(1), Integer.parseInt(String.valueOf(parameters.get("InvocationTimeLimitSeconds"))), Math::min);
                    }
                }
            }
        }
        assertFalse(limits.isEmpty(), "no InvokeLambdaFunction in flows/");
        return limits;
    }

    static Stream<String> voiceFunctions() throws Exception {
        return flowLimits().keySet().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("voiceFunctions")
    void aVoiceFunctionAnswersByItselfWithinItsFlowsLimitWhenDynamoDbHangs(String function) throws Exception {
        Duration limit = Duration.ofSeconds(flowLimits().get(function));
        Answer answer = invokeSlow(function);

        assertFalse(answer.result().failed(), function + ": " + new String(answer.result().payload(), StandardCharsets.UTF_8));
        Map<String, Object> map = Json.readObject(new String(answer.result().payload(), StandardCharsets.UTF_8));
        assertTrue(map.values().stream().allMatch(String.class::isInstance), function + " answers a STRING_MAP: " + map);
        assertTrue(answer.took().compareTo(AwsClients.DYNAMODB_ATTEMPT_TIMEOUT) >= 0,
                function + ": a DynamoDB request was held and given up (" + answer.took().toMillis() + " ms)");
        assertTrue(answer.took().compareTo(limit) < 0, function + " answered after " + answer.took().toMillis()
                + " ms: Connect would have taken the Error branch at " + limit.toSeconds() + " s");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"ApiBookAppointmentFunction", "ApiReadSitesFunction"})
    void anApiFunctionAnswersWithinItsTimeoutWhenDynamoDbHangs(String function) throws Exception {
        Template template = Template.read(ROOT.resolve("template.yaml"));
        Duration timeout = Duration.ofSeconds(((Number) template.global("Function", "Timeout")).longValue());
        assertTrue(timeout.compareTo(API_GATEWAY_TIMEOUT) < 0, "the functions' Timeout is within API Gateway's");
        Answer answer = invokeSlow(function);

        assertFalse(answer.result().failed(), function + ": " + new String(answer.result().payload(), StandardCharsets.UTF_8));
        Map<String, Object> response = Json.readObject(new String(answer.result().payload(), StandardCharsets.UTF_8));
        assertTrue(response.get("statusCode") instanceof Number, function + ": " + response);
        assertTrue(answer.took().compareTo(timeout) < 0, function + " answered after " + answer.took().toMillis() + " ms");
    }

    private record Answer(LambdaInvoker.Result result, Duration took) {
    }

    /** The function on its sample event, each of its DynamoDB requests held as the {@code slow} fault holds them. */
    private static Answer invokeSlow(String function) throws Exception {
        FunctionSpec spec = RunningStack.get().functions().get(function).orElseThrow();
        byte[] event = Files.readAllBytes(ROOT.resolve("events/" + EVENTS.getOrDefault(function, function + ".json")));
        LambdaInvoker invoker = new LambdaInvoker();
        FunctionFault slow = FunctionFault.parse("slow").orElseThrow();
        invoker.invoke(spec, event); // the container's first invocation loads its classes, as SnapStart's snapshot has them
        long started = System.nanoTime();
        LambdaInvoker.Result result = FunctionFaults.during(slow, FlowInterpreter.SLOW_REQUEST, () -> invoker.invoke(spec, event));
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        assertEquals(function, spec.logicalId());
        return new Answer(result, took);
    }
}
