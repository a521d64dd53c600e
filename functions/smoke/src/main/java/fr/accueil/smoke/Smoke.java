package fr.accueil.smoke;

import com.fasterxml.jackson.jr.ob.JSON;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.connect.model.ContactFlowSummary;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.lambda.model.InvokeResponse;

/**
 * The smoke tier: checks a deployed stack end to end through the APIs an operator's credentials reach —
 * CloudFormation (outputs), DynamoDB (tables), the public HTTP API, a test booking and its cancellation on a test
 * permanence, Amazon Connect (flows published, their functions associated). The same checks run against the local
 * runner in the suite. Each check reports on its own; a failed one does not stop the next.
 */
public final class Smoke {
    /** The function whose daily run generates slots; invoked once for the test permanence. */
    static final String SLOT_GENERATOR = "ScheduledSlotGeneratorFunction";
    /** The alias the template publishes (AutoPublishAlias) and the schedule invokes: the SnapStart version. */
    private static final String LIVE_ALIAS = "live";
    private static final Pattern FUNCTION_IN_FLOW = Pattern.compile("\"LambdaFunctionARN\"\\s*:\\s*\"([^\"]+)\"");

    public enum Outcome { PASSED, SKIPPED, FAILED }

    public record Result(String check, Outcome outcome, String detail) {
        @Override
        public String toString() {
            return String.format("%-8s %-22s %s", outcome, check, detail);
        }
    }

    private interface Check {
        String run(DeployedStack stack) throws Exception;
    }

    /** A check that does not apply to this stack: reported as skipped, with why. */
    static final class Skipped extends Exception {
        Skipped(String why) {
            super(why);
        }
    }

    private final SmokeClients clients;
    private final String stackName;
    private final Clock clock;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    public Smoke(SmokeClients clients, String stackName, Clock clock) {
        this.clients = clients;
        this.stackName = stackName;
        this.clock = clock;
    }

    public List<Result> run() {
        List<Result> results = new ArrayList<>();
        DeployedStack stack;
        try {
            stack = DeployedStack.describe(clients.cloudFormation(), stackName);
            List<String> missing = DeployedStack.REQUIRED_OUTPUTS.stream()
                    .filter(key -> stack.outputs().getOrDefault(key, "").isBlank()).toList();
            if (!stack.complete() || !missing.isEmpty()) {
                results.add(new Result("stack", Outcome.FAILED, "status " + stack.status() + ", outputs missing: " + missing));
                return results;
            }
            results.add(new Result("stack", Outcome.PASSED, stack.status() + ", " + stack.outputs().size() + " outputs, ApiUrl "
                    + stack.output("ApiUrl")));
        } catch (RuntimeException e) {
            results.add(new Result("stack", Outcome.FAILED, describe(e)));
            return results;
        }
        results.add(check("tables", stack, this::tables));
        results.add(check("api", stack, this::api));
        results.add(check("booking", stack, this::booking));
        results.add(check("connect", stack, this::connect));
        return results;
    }

    private static Result check(String name, DeployedStack stack, Check check) {
        try {
            return new Result(name, Outcome.PASSED, check.run(stack));
        } catch (Skipped e) {
            return new Result(name, Outcome.SKIPPED, e.getMessage());
        } catch (Exception e) {
            return new Result(name, Outcome.FAILED, describe(e));
        }
    }

    private static String describe(Exception e) {
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Every table output names a table that is ACTIVE. */
    private String tables(DeployedStack stack) {
        List<String> names = new ArrayList<>();
        for (String key : DeployedStack.REQUIRED_OUTPUTS) {
            if (!key.endsWith("TableName")) {
                continue;
            }
            String table = stack.output(key);
            TableStatus status = clients.dynamoDb().describeTable(r -> r.tableName(table)).table().tableStatus();
            if (status != TableStatus.ACTIVE) {
                throw new IllegalStateException(table + " is " + status);
            }
            names.add(table);
        }
        return names.size() + " tables ACTIVE";
    }

    /** The citizens' read routes answer 200 with their lists. */
    private String api(DeployedStack stack) throws Exception {
        StringBuilder seen = new StringBuilder();
        for (String list : List.of("sites", "partners", "themes")) {
            Map<String, Object> body = expect(200, get(stack, "/api/" + list));
            if (!(body.get(list) instanceof List<?> items)) {
                throw new IllegalStateException("GET /api/" + list + " has no " + list + " list");
            }
            seen.append(seen.isEmpty() ? "" : ", ").append(items.size()).append(' ').append(list);
        }
        return seen.toString();
    }

    /**
     * The test permanence's round trip: written, its slots generated by the deployed generator, one booked through
     * the public API, cancelled through its management link's route, then everything removed and checked gone.
     */
    private String booking(DeployedStack stack) throws Exception {
        String territory = stack.parameters().getOrDefault("TerritoryId", "");
        if (territory.isBlank()) {
            throw new IllegalStateException("the stack has no TerritoryId parameter");
        }
        TestPermanence test = new TestPermanence(clients.dynamoDb(), stack, territory, clock);
        test.remove();
        String removed;
        String done;
        try {
            test.write();
            String generator = stack.physicalId(SLOT_GENERATOR)
                    .orElseThrow(() -> new IllegalStateException("the stack has no " + SLOT_GENERATOR));
            InvokeResponse invoked = clients.lambda().invoke(r -> r.functionName(generator).qualifier(LIVE_ALIAS).payload(SdkBytes.fromUtf8String("{}")));
            if (invoked.functionError() != null) {
                throw new IllegalStateException(SLOT_GENERATOR + " failed: " + invoked.payload().asUtf8String());
            }
            Map<String, Object> found = expect(200, get(stack, "/api/slots?partner=" + TestPermanence.ID
                    + "&from=" + test.firstDay() + "&to=" + test.lastDay()));
            if (!(found.get("slots") instanceof List<?> slots) || slots.isEmpty()) {
                throw new IllegalStateException("no slot of the test permanence after " + SLOT_GENERATOR + " ran");
            }
            String slotId = String.valueOf(((Map<?, ?>) slots.get(0)).get("id"));
            HttpResponse<String> booked = send(HttpRequest.newBuilder(uri(stack, "/api/appointments"))
                    .header("Content-Type", "application/json").header("Idempotency-Key", "smoke-" + UUID.randomUUID())
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.std.asString(Map.of("slotId", slotId,
                            "name", "Test de fonctionnement", "email", TestPermanence.EMAIL)))));
            Map<String, Object> booking = expect(201, booked);
            String id = String.valueOf(((Map<?, ?>) booking.get("appointment")).get("id"));
            String token = URLEncoder.encode(String.valueOf(booking.get("token")), StandardCharsets.UTF_8);
            expectStatus(get(stack, "/api/appointments/" + id + "?token=" + token), "BOOKED");
            expectStatus(send(HttpRequest.newBuilder(uri(stack, "/api/appointments/" + id + "/cancel?token=" + token))
                    .POST(HttpRequest.BodyPublishers.noBody())), "CANCELLED");
            done = "booked " + slotId + " and cancelled it by its link";
        } finally {
            removed = test.remove();
        }
        List<String> left = new ArrayList<>();
        for (String list : List.of("sites", "partners")) {
            if (expect(200, get(stack, "/api/" + list)).get(list) instanceof List<?> items
                    && items.stream().anyMatch(item -> item instanceof Map<?, ?> m && TestPermanence.ID.equals(m.get("id")))) {
                left.add(list);
            }
        }
        if (!left.isEmpty()) {
            throw new IllegalStateException("the test permanence is still listed in " + left);
        }
        return done + "; removed " + removed + " and the test site, partner, theme and permanence";
    }

    /** Every flow of the stack is published on the instance, and every function its flows invoke is associated. */
    private String connect(DeployedStack stack) throws Exception {
        String instance = stack.parameters().getOrDefault("ConnectInstanceArn", "");
        if (instance.isBlank()) {
            throw new Skipped("the stack was deployed without Amazon Connect (ConnectInstanceArn is empty): no flow to check");
        }
        String instanceId = instance.substring(instance.lastIndexOf('/') + 1);
        Map<String, String> flows = stack.physicalIds("AWS::Connect::ContactFlow");
        if (flows.isEmpty()) {
            throw new IllegalStateException("the stack deploys no contact flow on " + instanceId);
        }
        Map<String, ContactFlowSummary> published = new java.util.HashMap<>();
        clients.connect().listContactFlowsPaginator(r -> r.instanceId(instanceId)).contactFlowSummaryList()
                .forEach(summary -> published.put(summary.arn(), summary));
        Set<String> associated = new LinkedHashSet<>();
        clients.connect().listLambdaFunctionsPaginator(r -> r.instanceId(instanceId)).lambdaFunctions().forEach(associated::add);
        List<String> problems = new ArrayList<>();
        Set<String> invoked = new LinkedHashSet<>();
        flows.forEach((logicalId, arn) -> {
            ContactFlowSummary summary = published.get(arn);
            if (summary == null) {
                problems.add(logicalId + " is not a flow of the instance");
                return;
            }
            if (!"PUBLISHED".equals(summary.contactFlowStatusAsString()) || !"ACTIVE".equals(summary.contactFlowStateAsString())) {
                problems.add(logicalId + " is " + summary.contactFlowStatusAsString() + "/" + summary.contactFlowStateAsString());
            }
            String content = clients.connect().describeContactFlow(r -> r.instanceId(instanceId)
                    .contactFlowId(arn.substring(arn.lastIndexOf('/') + 1))).contactFlow().content();
            Matcher functions = FUNCTION_IN_FLOW.matcher(content);
            while (functions.find()) {
                invoked.add(functions.group(1));
                if (!associated.contains(functions.group(1))) {
                    problems.add(logicalId + " invokes " + functions.group(1) + ", not associated with the instance");
                }
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException(String.join("; ", problems));
        }
        return flows.size() + " flows published, the " + invoked.size() + " functions they invoke associated";
    }

    private URI uri(DeployedStack stack, String path) {
        String base = stack.output("ApiUrl");
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private HttpResponse<String> get(DeployedStack stack, String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(uri(stack, path)).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> expect(int status, HttpResponse<String> response) throws IOException {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri().getPath()
                    + " answered " + response.statusCode() + " (" + status + " expected): " + abbreviate(response.body()));
        }
        return JSON.std.mapFrom(response.body());
    }

    private static void expectStatus(HttpResponse<String> response, String status) throws IOException {
        Object appointment = expect(200, response).get("appointment");
        if (!(appointment instanceof Map<?, ?> a) || !status.equals(a.get("status"))) {
            throw new IllegalStateException(response.request().uri().getPath() + ": appointment not " + status);
        }
    }

    private static String abbreviate(String body) {
        return body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
