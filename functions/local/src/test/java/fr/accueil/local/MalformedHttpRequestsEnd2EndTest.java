package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.Json;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Ten thousand malformed HTTP requests to the API's functions — on every route of template.yaml —
 * as API Gateway events through the runtime path (the Lambda serialization, the handler of the
 * template), and a share through the runner's HTTP server (its own parsing of paths, queries and
 * bodies): bad JSON, huge bodies, values of the wrong type, injection strings, impossible dates
 * and phones, unicode. None gets a 5xx or fails; every refusal is an {@code application/problem+json}
 * problem in French; a POST or DELETE is always refused (4xx); and no request makes a single
 * DynamoDB write, counted on the SDK's clients ({@link DynamoWrites}).
 */
class MalformedHttpRequestsEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final LambdaInvoker INVOKER = new LambdaInvoker();
    private static final String PROBLEM_TYPES = "https://accueil.example.fr/problemes/";
    /** Common words of French that English does not use; a message has one or an accented letter, and no English word. */
    private static final Set<String> FRENCH_WORDS = Set.of("de", "du", "des", "le", "la", "les", "l", "d", "qu", "un", "une",
            "est", "sont", "pas", "ne", "votre", "vous", "aucun", "aucune", "ce", "cette", "ces", "et", "ou", "au", "aux", "pour",
            "par", "sur", "avec", "sans", "doit", "valeurs", "possibles", "inconnu", "inconnue", "introuvable", "invalide",
            "requise", "erreur", "indiquez", "rappel");
    private static final Set<String> ENGLISH_WORDS = Set.of("the", "is", "are", "of", "to", "cannot", "must", "invalid", "not",
            "found", "error", "unexpected", "expected", "exception", "failed");
    private static final List<TemplateRoutes.ApiRoute> ROUTES = TemplateRoutes.all(STACK);
    private static final AtomicInteger DIRECT = new AtomicInteger(), THROUGH_HTTP = new AtomicInteger(), REFUSED = new AtomicInteger(),
            SERVER_ERRORS = new AtomicInteger(), WRITING = new AtomicInteger();
    private static final Set<String> ROUTES_SEEN = ConcurrentHashMap.newKeySet(), PROBLEMS_SEEN = ConcurrentHashMap.newKeySet();
    /** Expected refusals' log lines: tallied, checked for personal data, not printed. */
    private static LogTally logs;

    private record Case(TemplateRoutes.ApiRoute route, List<String> ids, Map<String, String> query, Map<String, String> headers,
                        String body) {
        /** The value of each path parameter: the generated ids in turn. */
        Map<String, String> pathParameters() {
            Map<String, String> values = new LinkedHashMap<>();
            List<String> names = route.parameters();
            for (int i = 0; i < names.size(); i++) {
                values.put(names.get(i), ids.get(i % ids.size()));
            }
            return values;
        }

        boolean writes() {
            return List.of("POST", "DELETE", "PUT", "PATCH").contains(route.route().method());
        }

        /** A {phone} that is a real number or an email names a contact: a well-formed request, not one of these. */
        boolean namesAContact() {
            String contact = pathParameters().get("phone");
            return contact != null && (PhoneNumbers.toE164(contact).isPresent() || contact.matches("(?s).+@.+\\..+"));
        }
    }

    @Provide
    Arbitrary<Case> requests() {
        Arbitrary<String> fieldsObject = Arbitraries.maps(
                Arbitraries.of("slotId", "name", "phone", "email", "themeId", "note", "status", "channel", "outcome", "scores",
                        "date", "reason", "x"),
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
                Arbitraries.of("token", "partner", "theme", "site", "postcode", "from", "to", "cursor", "pageSize", "status", "date",
                        "limit", "format", "scope"),
                Hostile.string()).ofMaxSize(5);
        Arbitrary<Map<String, String>> headers = Arbitraries.maps(
                Arbitraries.of("idempotency-key", "content-type", "origin"), Hostile.string()).ofMaxSize(2);
        return Combinators.combine(Arbitraries.of(ROUTES), Hostile.string().list().ofMinSize(2).ofMaxSize(2), query, headers, body)
                .as(Case::new).filter(c -> !c.namesAContact());
    }

    @BeforeContainer
    static void tallyLogs() {
        logs = new LogTally();
    }

    /** The counter sees the runner's writes: a genuine booking through its HTTP API counts some. */
    @Example
    void theWriteCounterSeesTheRunnersWrites() throws Exception {
        long before = DynamoWrites.count();
        Citizen.book("carsat", "Camille Compteur", "06 11 22 33 09", "camille.compteur@example.fr");
        assertTrue(DynamoWrites.count() > before, "a booking writes");
    }

    @Property(tries = 10_000)
    void refusedWithAProblemAndNeverA5xx(@ForAll("requests") Case request) throws Exception {
        long writesBefore = DynamoWrites.count();
        LambdaInvoker.Result result = INVOKER.invoke(request.route().function(), Json.write(event(request)).getBytes(StandardCharsets.UTF_8));
        if (result.failed()) {
            SERVER_ERRORS.incrementAndGet();
        }
        assertNull(result.errorType(), () -> new String(result.payload(), StandardCharsets.UTF_8) + " on " + request);
        Map<String, Object> answer = Json.readObject(new String(result.payload(), StandardCharsets.UTF_8));
        int status = ((Number) answer.get("statusCode")).intValue();
        if (status >= 500) {
            SERVER_ERRORS.incrementAndGet();
        }
        assertTrue(status < 500, () -> status + " on " + request + ": " + answer.get("body"));
        @SuppressWarnings("unchecked")
        Map<String, String> headers = (Map<String, String>) answer.get("headers");
        checkAnswer(request, status, headers.get("Content-Type"), (String) answer.get("body"));
        if (status >= 400) {
            REFUSED.incrementAndGet();
        }
        DIRECT.incrementAndGet();
        ROUTES_SEEN.add(request.route().route().routeKey());
        if (DIRECT.get() % 20 == 0) {
            throughTheRunner(request);
        }
        long written = DynamoWrites.count() - writesBefore;
        if (written > 0) {
            WRITING.incrementAndGet();
        }
        assertEquals(0, written, () -> "DynamoDB writes for " + request);
    }

    /** A refusal is an RFC 9457 problem in French; a POST or DELETE is always a refusal. */
    private static void checkAnswer(Case request, int status, String contentType, String body) throws Exception {
        if (request.writes()) {
            assertTrue(status >= 400 && status < 500, () -> status + " on " + request + ": " + body);
        }
        if (status < 400) {
            return;
        }
        assertTrue(contentType != null && contentType.startsWith("application/problem+json"), () -> request + " → " + contentType);
        Map<String, Object> problem = Json.readObject(body);
        assertTrue(String.valueOf(problem.get("type")).startsWith(PROBLEM_TYPES), () -> "type of " + body);
        assertEquals(status, ((Number) problem.get("status")).intValue(), () -> "status of " + body);
        assertTrue(french(request, (String) problem.get("title")), () -> "title in French: " + body);
        assertTrue(french(request, (String) problem.get("detail")), () -> "detail in French: " + body);
        PROBLEMS_SEEN.add(status + " " + String.valueOf(problem.get("type")).substring(PROBLEM_TYPES.length()));
    }

    /** French prose, once what the request sent is taken out (a message may quote the id it did not find). */
    private static boolean french(Case request, String message) {
        if (message == null || message.isBlank()) {
            return false;
        }
        String text = message;
        for (String sent : request.ids()) {
            text = sent.isEmpty() ? text : text.replace(sent, " ");
        }
        // Words in capitals are identifiers (PENDING, FAILED), not prose.
        List<String> words = java.util.Arrays.stream(text.split("[^\\p{L}]+"))
                .filter(w -> w.length() < 2 || !w.equals(w.toUpperCase(Locale.ROOT)))
                .map(w -> w.toLowerCase(Locale.ROOT)).toList();
        return words.stream().noneMatch(ENGLISH_WORDS::contains)
                && (text.matches("(?s).*[éèêëàâçùûîïôÉÈÊÀÇ].*") || words.stream().anyMatch(FRENCH_WORDS::contains));
    }

    /** The same request as a client sends it: the runner parses it as API Gateway would. */
    private static void throughTheRunner(Case request) throws Exception {
        Map<String, String> ids = request.pathParameters();
        String path = request.route().path(name -> URLEncoder.encode(ids.get(name), StandardCharsets.UTF_8));
        StringBuilder query = new StringBuilder();
        request.query().forEach((k, v) -> query.append(query.isEmpty() ? "?" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        HttpRequest.Builder http = HttpRequest.newBuilder(RunningStack.http(path + query))
                .method(request.route().route().method(), request.body() == null ? HttpRequest.BodyPublishers.noBody()
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
        if (response.statusCode() >= 500) {
            SERVER_ERRORS.incrementAndGet();
        }
        assertTrue(response.statusCode() < 500, () -> response.statusCode() + " through the runner on " + request + ": " + response.body());
        // API Gateway's own refusals (no route matched, body too large) are its JSON {"message"}, as on AWS.
        boolean gateway = response.body().startsWith("{\"message\":");
        if (gateway) {
            assertTrue(response.statusCode() >= 400, () -> request + " → " + response.body());
        } else {
            checkAnswer(request, response.statusCode(), response.headers().firstValue("Content-Type").orElse(null), response.body());
        }
        THROUGH_HTTP.incrementAndGet();
    }

    private static Map<String, Object> event(Case request) {
        String routeKey = request.route().route().routeKey();
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", request.route().route().method());
        http.put("path", request.route().route().path());
        http.put("sourceIp", "127.0.0.1");
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("http", http);
        context.put("routeKey", routeKey);
        context.put("requestId", "fuzz");
        if (request.route().agent()) {
            context.put("authorizer", Map.of("jwt", Map.of("claims", Map.of("sub", "agent-fuzz", "token_use", "id",
                    "cognito:groups", "[agents managers coordinators data-protection]", "custom:site", "*"))));
        }
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", routeKey);
        event.put("rawPath", request.route().route().path());
        event.put("headers", request.headers());
        if (!request.query().isEmpty()) {
            event.put("queryStringParameters", request.query());
        }
        if (!request.route().parameters().isEmpty()) {
            event.put("pathParameters", request.pathParameters());
        }
        event.put("requestContext", context);
        if (request.body() != null) {
            event.put("body", request.body());
        }
        event.put("isBase64Encoded", false);
        return event;
    }

    @AfterContainer
    static void report() {
        logs.close();
        Set<String> missed = new TreeSet<>();
        ROUTES.forEach(r -> missed.add(r.route().routeKey()));
        missed.removeAll(ROUTES_SEEN);
        System.out.println("[reliability] fuzz.http requests=" + DIRECT.get() + " routes=" + ROUTES_SEEN.size() + "/" + ROUTES.size()
                + " throughRunner=" + THROUGH_HTTP.get() + " refused4xx=" + REFUSED.get() + " server5xx=" + SERVER_ERRORS.get()
                + " requestsThatWrote=" + WRITING.get() + " problemTypes=" + new TreeSet<>(PROBLEMS_SEEN));
        System.out.println("[reliability] fuzz.http.logs lines=" + logs.lines() + " " + logs.counts());
        assertEquals(Map.of(), logs.leaks(), "log lines are JSON objects without personal data");
        assertEquals(Set.of(), missed, "every route of the template was fuzzed");
        assertEquals(10_000, DIRECT.get());
    }
}
