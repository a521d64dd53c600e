package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ten thousand malformed HTTP requests to the API's functions, as API Gateway events through the
 * runtime path (the Lambda serialization, the handler of the template), and a share through the
 * runner's HTTP server (its own parsing of paths, queries and bodies): bad JSON, huge bodies,
 * values of the wrong type, injection strings, impossible dates and phones, unicode. None gets a
 * 5xx or fails; every refusal is {@code application/problem+json}; nothing is written.
 */
class MalformedHttpRequestsEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final LambdaInvoker INVOKER = new LambdaInvoker();
    private static final List<String> TABLES = List.of("BOOKING_TABLE", "CALLBACKS_TABLE");
    private static final AtomicInteger DIRECT = new AtomicInteger(), THROUGH_HTTP = new AtomicInteger(), REFUSED = new AtomicInteger();
    private static Map<String, Integer> before;
    /** Expected refusals' log lines: tallied, checked for personal data, not printed. */
    private static LogTally logs;

    private record Route(String function, String method, String path, boolean agent) {
    }

    private static final List<Route> ROUTES = List.of(
            new Route("ApiBookAppointmentFunction", "POST", "/api/appointments", false),
            new Route("ApiManageAppointmentFunction", "GET", "/api/appointments/{id}", false),
            new Route("ApiManageAppointmentFunction", "POST", "/api/appointments/{id}/cancel", false),
            new Route("ApiManageAppointmentFunction", "POST", "/api/appointments/{id}/reschedule", false),
            new Route("ApiManageAppointmentFunction", "GET", "/api/appointments/{id}/calendar.ics", false),
            new Route("ApiSearchSlotsFunction", "GET", "/api/slots", false),
            new Route("ApiAgentAppointmentsFunction", "POST", "/api/agent/appointments", true),
            new Route("ApiAgentAppointmentsFunction", "POST", "/api/agent/appointments/{id}/attendance", true),
            new Route("ApiAgentCallbacksFunction", "POST", "/api/agent/callbacks/{id}/claim", true),
            new Route("ApiAgentCallbacksFunction", "POST", "/api/agent/callbacks/{id}/complete", true),
            new Route("ApiAgentCallbacksFunction", "GET", "/api/agent/callbacks", true));

    private record Case(Route route, String id, Map<String, String> query, Map<String, String> headers, String body) {
    }

    @Provide
    Arbitrary<Case> requests() {
        Arbitrary<String> fieldsObject = Arbitraries.maps(
                Arbitraries.of("slotId", "name", "phone", "email", "themeId", "note", "status", "channel", "outcome", "x"),
                Hostile.value()).ofMaxSize(6).map(fields -> {
                    Map<String, Object> body = new LinkedHashMap<>(fields);
                    // Never a real slot: whatever else the body says, nothing can be booked.
                    body.putIfAbsent("slotId", "fuzz#" + fields.hashCode());
                    return Json.write(body);
                });
        Arbitrary<String> body = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, fieldsObject),
                net.jqwik.api.Tuple.of(3, Hostile.brokenJson()),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(16 * 1024, 64 * 1024).map(n -> "{\"name\":\"" + "é".repeat(n) + "\"}")),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((String) null)));
        Arbitrary<Map<String, String>> query = Arbitraries.maps(
                Arbitraries.of("token", "partner", "theme", "site", "postcode", "from", "to", "cursor", "pageSize", "status", "date"),
                Hostile.string()).ofMaxSize(5);
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(
                Arbitraries.of("idempotency-key", "content-type", "origin"), Hostile.string()).ofMaxSize(2);
        return Combinators.combine(Arbitraries.of(ROUTES), Hostile.string(), query, headers, body).as(Case::new);
    }

    @BeforeContainer
    static void snapshot() {
        before = counts();
        logs = new LogTally();
    }

    private static Map<String, Integer> counts() {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            String name = fr.accueil.storage.Environment.required(table);
            // A test-only Scan: the whole table's item count.
            counts.put(table, AppContext.get().dynamo().scanPaginator(r -> r.tableName(name).select("COUNT"))
                    .stream().mapToInt(page -> page.count()).sum());
        }
        return counts;
    }

    @Property(tries = 10_000)
    void refusedWithAProblemAndNeverA5xx(@ForAll("requests") Case request) throws Exception {
        Map<String, Object> event = event(request);
        LambdaInvoker.Result result = INVOKER.invoke(STACK.functions().get(request.route().function()).orElseThrow(),
                Json.write(event).getBytes(StandardCharsets.UTF_8));
        assertNull(result.errorType(), () -> "failed on " + request);
        Map<String, Object> answer = Json.readObject(new String(result.payload(), StandardCharsets.UTF_8));
        int status = ((Number) answer.get("statusCode")).intValue();
        assertTrue(status < 500, () -> status + " on " + request + ": " + answer.get("body"));
        if (status >= 400) {
            REFUSED.incrementAndGet();
            @SuppressWarnings("unchecked")
            Map<String, String> headers = (Map<String, String>) answer.get("headers");
            assertTrue(headers.get("Content-Type").startsWith("application/problem+json"), () -> request + " → " + headers);
        }
        DIRECT.incrementAndGet();
        if (DIRECT.get() % 20 == 0) {
            throughTheRunner(request);
        }
    }

    /** The same request as a client sends it: the runner parses it as API Gateway would. */
    private static void throughTheRunner(Case request) throws Exception {
        String path = request.route().path().replace("{id}", URLEncoder.encode(request.id(), StandardCharsets.UTF_8));
        StringBuilder query = new StringBuilder();
        request.query().forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder http = HttpRequest.newBuilder(RunningStack.http(path + query))
                .method(request.route().method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(request.body()));
        request.headers().forEach((k, v) -> {
            if (v.chars().allMatch(c -> c >= 0x20 && c < 0x7f) && !v.isBlank()) {
                http.header(k, v);
            }
        });
        if (request.route().agent()) {
            http.header("Authorization", "Bearer " + STACK.devAgentToken());
        }
        HttpResponse<String> response = RunningStack.send(http.build());
        assertTrue(response.statusCode() < 500, () -> response.statusCode() + " through the runner on " + request + ": " + response.body());
        // API Gateway's own refusals (no route matched, body too large) are its JSON {"message"}, as on AWS.
        boolean gateway = response.body().startsWith("{\"message\":");
        if (response.statusCode() >= 400 && !gateway) {
            assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"),
                    () -> request + " → " + response.headers().map());
        }
        THROUGH_HTTP.incrementAndGet();
    }

    private static Map<String, Object> event(Case request) {
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.route().method());
        http.put("path", request.route().path());
        http.put("sourceIp", "127.0.0.1");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("http", http);
        context.put("routeKey", request.route().method() + " " + request.route().path());
        context.put("requestId", "fuzz");
        if (request.route().agent()) {
            context.put("authorizer", Map.of("jwt", Map.of("claims", Map.of("sub", "agent-fuzz"))));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", request.route().method() + " " + request.route().path());
        event.put("rawPath", request.route().path());
        event.put("headers", request.headers());
        if (!request.query().isEmpty()) {
            event.put("queryStringParameters", request.query());
        }
        if (request.route().path().contains("{id}")) {
            event.put("pathParameters", Map.of("id", request.id()));
        }
        event.put("requestContext", context);
        if (request.body() != null) {
            event.put("body", request.body());
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    @AfterContainer
    static void nothingWritten() {
        logs.close();
        Map<String, Integer> after = counts();
        System.out.println("[reliability] fuzz.http requests=" + DIRECT.get() + " throughRunner=" + THROUGH_HTTP.get()
                + " refused4xx=" + REFUSED.get() + " server5xx=0 itemsBefore=" + before + " itemsAfter=" + after
                + " logLines=" + logs.lines() + " " + logs.counts());
        assertEquals(Map.of(), logs.leaks(), "log lines are JSON objects without personal data");
        assertEquals(before, after, "malformed requests wrote nothing");
        assertEquals(10_000, DIRECT.get());
    }
}
