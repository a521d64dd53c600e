package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.ManagementToken;
import fr.accueil.domain.satisfaction.SurveyInvitation;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Who may do what, through the running stack's HTTP API. Agent routes — read from template.yaml, so a
 * new route is covered as soon as it is declared — refuse every token API Gateway's JWT authorizer
 * refuses, and write nothing; the functions behind them refuse an event without verified claims, and a
 * token the authorizer lets through that is no ID token (Cognito's access token). Roles: RolesEnd2EndTest. A
 * citizen's management link opens its own appointment only, and anything else reads as "not found".
 */
class AccessEnd2EndTest {
    private static final Path ROOT = EmbeddedStack.repositoryRoot();
    private static final LocalStack STACK = RunningStack.get();
    private static final List<String> TABLES = List.of("CONTACTS_TABLE", "BOOKING_TABLE", "CALLBACKS_TABLE");
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private record AgentRoute(FunctionSpec function, FunctionSpec.Route route) {
        String path() {
            return route.path().replaceAll("\\{[^}]+}", UUID.randomUUID().toString());
        }
    }

    private static List<AgentRoute> agentRoutes() {
        return TemplateRoutes.all(STACK).stream().filter(TemplateRoutes.ApiRoute::agent)
                .map(r -> new AgentRoute(r.function(), r.route())).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTemplateProtectsEveryAgentRouteWithTheCognitoAuthorizer() throws Exception {
        Template template = Template.read(ROOT.resolve("template.yaml"));
        Map<String, Object> api = template.resources("AWS::Serverless::HttpApi").get("HttpApi");
        Map<String, Object> authorizer = (Map<String, Object>) ((Map<String, Object>) ((Map<String, Object>) api.get("Auth"))
                .get("Authorizers")).get("AgentJwt");
        assertEquals("$request.header.Authorization", authorizer.get("IdentitySource"));
        Map<String, Object> jwt = (Map<String, Object>) authorizer.get("JwtConfiguration");
        // Cognito's issuer is the user pool's URL; the audience of its ID tokens is the app client's id.
        assertEquals(Map.of("Fn::Sub", "https://cognito-idp.${AWS::Region}.amazonaws.com/${AgentUserPool}"), jwt.get("issuer"));
        assertEquals(List.of(Map.of("Ref", "AgentUserPoolClient")), jwt.get("audience"));
        assertTrue(template.resources("AWS::Cognito::UserPool").containsKey("AgentUserPool"));
        assertEquals(Map.of("Ref", "AgentUserPool"),
                template.resources("AWS::Cognito::UserPoolClient").get("AgentUserPoolClient").get("UserPoolId"));

        // Every agents' route (/api/agent/…), managers' figures (/api/stats…) and the back office (/api/admin/…), and
        // only those, declare the authorizer.
        Set<String> protectedRoutes = new HashSet<>();
        Functions.from(template, Map.of()).all().forEach(f -> f.routes().forEach(r -> {
            boolean forAgents = r.path().startsWith("/api/agent/") || r.path().equals("/api/stats") || r.path().startsWith("/api/stats/")
                    || r.path().startsWith("/api/admin/");
            assertEquals(forAgents, "AgentJwt".equals(r.authorizer()), r.routeKey());
            if (r.authorizer() != null) {
                protectedRoutes.add(r.routeKey());
            }
        }));
        assertTrue(protectedRoutes.size() >= 7, protectedRoutes.toString());
    }

    @Test
    void agentRoutesRefuseEveryTokenTheAuthorizerRefusesAndWriteNothing() throws Exception {
        DevAgentTokens genuine = STACK.agentTokens();
        long now = Instant.now().getEpochSecond();
        Map<String, Object> valid = Map.of("iss", DevAgentTokens.ISSUER, "aud", DevAgentTokens.AUDIENCE, "sub", "agent-x",
                "token_use", "id", "cognito:groups", List.of("coordinators"), "iat", now, "exp", now + 3600);
        DevAgentTokens.Agent coordinator = new DevAgentTokens.Agent("agent-x", List.of("coordinators"), "*", null);
        String validToken = genuine.issue(coordinator, Duration.ofHours(1));
        String[] parts = validToken.split("\\.");
        Map<String, String> refused = new LinkedHashMap<>();
        refused.put("missing", null);
        refused.put("empty", "Bearer ");
        refused.put("not a JWT", "Bearer not-a-token");
        refused.put("basic", "Basic " + Base64.getEncoder().encodeToString("agent:secret".getBytes(StandardCharsets.UTF_8)));
        refused.put("two parts", "Bearer " + parts[0] + "." + parts[1]);
        refused.put("expired", "Bearer " + genuine.issue(coordinator, Duration.ofMinutes(-1)));
        refused.put("another key", "Bearer " + DevAgentTokens.random(java.time.Clock.systemUTC()).issue(coordinator, Duration.ofHours(1)));
        refused.put("unknown kid", "Bearer " + genuine.signed(Map.of("kid", "another-key", "alg", "RS256"), valid));
        refused.put("alg none", "Bearer " + part(Map.of("alg", "none", "typ", "JWT")) + "." + part(valid) + ".");
        refused.put("alg none, signature kept", "Bearer " + part(Map.of("alg", "none", "typ", "JWT")) + "." + parts[1] + "." + parts[2]);
        refused.put("claims changed", "Bearer " + parts[0] + "." + part(with(valid, "cognito:groups", List.of("data-protection"))) + "." + parts[2]);
        refused.put("wrong audience", "Bearer " + genuine.signed(with(valid, "aud", "another-app")));
        refused.put("wrong issuer", "Bearer " + genuine.signed(with(valid, "iss", "https://cognito-idp.eu-central-1.amazonaws.com/eu-central-1_other")));
        refused.put("not yet valid", "Bearer " + genuine.signed(with(valid, "nbf", now + 3600)));
        refused.put("issued in the future", "Bearer " + genuine.signed(with(valid, "iat", now + 3600)));
        refused.put("truncated signature", "Bearer " + validToken.substring(0, validToken.length() - 4));

        String slotId = Citizen.freeSlots("carsat").get(0);
        long liveAfter = Instant.now().getEpochSecond();
        Map<String, Integer> before = counts(liveAfter);
        long writesBefore = DynamoWrites.count();
        int answers = 0;
        for (AgentRoute route : agentRoutes()) {
            for (Map.Entry<String, String> token : refused.entrySet()) {
                HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(route.path() + "?site=metz-borny"));
                if ("POST".equals(route.route().method())) {
                    // A body that would write if the token were good.
                    request.POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("slotId", slotId, "name", "Intrus Refusé",
                            "phone", "+33611223344", "channel", "phone", "status", "ATTENDED", "outcome", "REACHED"))))
                            .header("Content-Type", "application/json");
                } else {
                    request.method(route.route().method(), HttpRequest.BodyPublishers.noBody());
                }
                if (token.getValue() != null) {
                    request.header("Authorization", token.getValue());
                }
                HttpResponse<String> answer = RunningStack.send(request.build());
                String what = route.route().routeKey() + " with a token " + token.getKey();
                assertEquals(401, answer.statusCode(), what + ": " + answer.body());
                // API Gateway's own refusal, before any function runs (HTTP APIs cannot change its body).
                assertEquals("{\"message\":\"Unauthorized\"}", answer.body(), what);
                assertEquals("Bearer", answer.headers().firstValue("www-authenticate").orElse(""), what);
                answers++;
            }
        }
        long written = DynamoWrites.count() - writesBefore;
        assertEquals(0, written, "refused requests made no DynamoDB write");
        assertEquals(before, counts(liveAfter), "refused requests left the tables as they were");
        assertTrue(answers >= 7 * refused.size());
        System.out.println("[security] access.agent routes=" + agentRoutes().size() + " refusedTokenKinds=" + refused.size()
                + " answers401=" + answers + " dynamoWrites=" + written);
    }

    @Test
    void aValidAgentTokenOpensEveryAgentRoute() throws Exception {
        for (AgentRoute route : agentRoutes()) {
            HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(route.path() + "?site=metz-borny&date=2026-12-08"))
                    .header("Authorization", "Bearer " + STACK.devAgentToken());
            request = "POST".equals(route.route().method())
                    ? request.POST(HttpRequest.BodyPublishers.ofString("{}")).header("Content-Type", "application/json")
                    : request.GET();
            HttpResponse<String> answer = RunningStack.send(request.build());
            assertTrue(answer.statusCode() != 401 && answer.statusCode() != 403 && answer.statusCode() < 500,
                    route.route().routeKey() + " → " + answer.statusCode() + " " + answer.body());
        }
    }

    /** Behind the authorizer, each function checks the verified claims itself: without them, 401 problem+json. */
    @Test
    void agentFunctionsRefuseAnEventWithoutVerifiedClaims() throws Exception {
        LambdaInvoker invoker = new LambdaInvoker();
        for (AgentRoute route : agentRoutes()) {
            for (Object authorizer : new Object[] {null, Map.of("jwt", Map.of("claims", Map.of("aud", "accueil-agents"))),
                    Map.of("jwt", Map.of("claims", Map.of("sub", "agent-x", "token_use", "access", "client_id", DevAgentTokens.AUDIENCE,
                            "cognito:groups", "[coordinators data-protection]")))}) {
                Map<String, Object> context = new LinkedHashMap<>();
                context.put("http", Map.of("method", route.route().method(), "path", route.path()));
                context.put("routeKey", route.route().routeKey());
                if (authorizer != null) {
                    context.put("authorizer", authorizer);
                }
                Map<String, Object> event = new LinkedHashMap<>();
                event.put("version", "2.0");
                event.put("routeKey", route.route().routeKey());
                event.put("rawPath", route.path());
                event.put("headers", Map.of("content-type", "application/json"));
                event.put("queryStringParameters", Map.of("site", "metz-borny", "date", "2026-12-08"));
                event.put("pathParameters", Map.of("id", UUID.randomUUID().toString()));
                event.put("requestContext", context);
                event.put("body", "{}");
                LambdaInvoker.Result result = invoker.invoke(route.function(), Json.write(event).getBytes(StandardCharsets.UTF_8));
                Map<String, Object> answer = Json.readObject(new String(result.payload(), StandardCharsets.UTF_8));
                String what = route.route().routeKey() + (authorizer == null ? " without authorizer" : " with claims " + authorizer);
                assertEquals(401, ((Number) answer.get("statusCode")).intValue(), what + ": " + answer);
                @SuppressWarnings("unchecked")
                Map<String, String> headers = (Map<String, String>) answer.get("headers");
                assertTrue(headers.get("Content-Type").startsWith("application/problem+json"), what);
            }
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void aManagementLinkOpensItsOwnAppointmentOnly() throws Exception {
        Citizen.Booked a = Citizen.book("carsat", "Alice Access", "06 11 22 33 01", "alice.access@example.fr");
        Citizen.Booked b = Citizen.book("carsat", "Bruno Access", "06 11 22 33 02", "bruno.access@example.fr");
        String storedHash = AppContext.get().booking().appointments().find(b.id()).map(Appointment::tokenHash).orElseThrow();
        String notFound = Citizen.get("/api/appointments/" + UUID.randomUUID() + "?token=" + a.token()).body();
        assertTrue(notFound.contains("\"status\":404"), notFound);

        Map<String, String> wrongTokens = new LinkedHashMap<>();
        wrongTokens.put("A's token on B", a.token());
        wrongTokens.put("B's token truncated", b.token().substring(0, b.token().length() - 1));
        wrongTokens.put("B's token with its first character changed", changed(b.token(), 0));
        wrongTokens.put("B's token with one character changed", changed(b.token(), 20));
        wrongTokens.put("B's token with its last character changed", changed(b.token(), b.token().length() - 1));
        wrongTokens.put("B's token with a character more", b.token() + "A");
        wrongTokens.put("B's token in capitals", b.token().toUpperCase(java.util.Locale.ROOT));
        wrongTokens.put("the hash stored in the table", storedHash);
        wrongTokens.put("empty", "");
        int refusals = 0;
        for (Map.Entry<String, String> wrong : wrongTokens.entrySet()) {
            String query = "?token=" + java.net.URLEncoder.encode(wrong.getValue(), StandardCharsets.UTF_8);
            List<HttpResponse<String>> answers = List.of(
                    Citizen.get("/api/appointments/" + b.id() + query),
                    Citizen.get("/api/appointments/" + b.id() + "/calendar.ics" + query),
                    Citizen.post("/api/appointments/" + b.id() + "/cancel" + query, "", Map.of()),
                    Citizen.post("/api/appointments/" + b.id() + "/reschedule" + query, Json.write(Map.of("slotId", a.slotId())), Map.of()));
            for (HttpResponse<String> answer : answers) {
                String what = wrong.getKey() + " on " + answer.request().method() + " " + answer.request().uri().getPath();
                // 404 and not 403: the answer is the very one of an unknown id, so it does not tell B exists.
                assertEquals(404, answer.statusCode(), what + ": " + answer.body());
                assertEquals(notFound, answer.body(), what);
                assertTrue(answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"), what);
                refusals++;
            }
        }
        // Without any token, and with no id at all: nothing is looked up by the token alone either.
        assertEquals(404, Citizen.get("/api/appointments/" + b.id()).statusCode());
        assertEquals(404, Citizen.get("/api/appointments/?token=" + b.token()).statusCode());

        for (Citizen.Booked own : List.of(a, b)) {
            Map<String, Object> seen = (Map<String, Object>) Json.readObject(
                    Citizen.get("/api/appointments/" + own.id() + "?token=" + own.token()).body()).get("appointment");
            assertEquals("BOOKED", seen.get("status"), "untouched");
            assertEquals(own.slotId(), seen.get("slotId"), "not moved");
            assertEquals(200, Citizen.get("/api/appointments/" + own.id() + "/calendar.ics?token=" + own.token()).statusCode());
        }
        assertEquals(200, Citizen.post("/api/appointments/" + a.id() + "/cancel?token=" + a.token(), "", Map.of()).statusCode());
        assertEquals(200, Citizen.post("/api/appointments/" + b.id() + "/cancel?token=" + b.token(), "", Map.of()).statusCode());
        System.out.println("[security] access.link wrongTokenKinds=" + wrongTokens.size() + " routes=4 answers404=" + refusals
                + " sameBodyAsUnknownId=true");
    }

    /**
     * The survey link of an appointment opens that survey only: a wrong token, another appointment's token,
     * a token one character off at either end or the stored hash read as an unknown id, on both routes.
     */
    @Test
    void aSurveyLinkOpensItsOwnSurveyOnly() throws Exception {
        Citizen.Booked a = Citizen.book("carsat", "Agathe Sondage", "06 11 22 33 03", "agathe.sondage@example.fr");
        Citizen.Booked b = Citizen.book("carsat", "Basile Sondage", "06 11 22 33 04", "basile.sondage@example.fr");
        Map<String, String> tokens = new LinkedHashMap<>();
        Map<String, String> hashes = new LinkedHashMap<>();
        for (Citizen.Booked booked : List.of(a, b)) {
            // What the survey sender stores when the appointment is over: the link's token hash, valid a week.
            ManagementToken.Issued issued = ManagementToken.issue();
            Appointment appointment = AppContext.get().booking().appointments().find(booked.id()).orElseThrow();
            assertTrue(AppContext.get().satisfaction().store().invite(new SurveyInvitation(booked.id(), issued.hash(),
                    appointment.siteId(), appointment.partnerId(), appointment.themeId(), appointment.start().toLocalDate(),
                    Instant.now().plus(Duration.ofDays(7)))));
            tokens.put(booked.id(), issued.token());
            hashes.put(booked.id(), issued.hash());
        }
        String bToken = tokens.get(b.id());
        assertEquals(200, Citizen.get("/api/surveys/" + b.id() + "?token=" + bToken).statusCode(), "B's own link opens");
        HttpResponse<String> unknown = Citizen.get("/api/surveys/" + UUID.randomUUID() + "?token=" + bToken);
        assertEquals(404, unknown.statusCode());

        Map<String, String> wrongTokens = new LinkedHashMap<>();
        wrongTokens.put("A's token on B", tokens.get(a.id()));
        wrongTokens.put("B's token with its first character changed", changed(bToken, 0));
        wrongTokens.put("B's token with its last character changed", changed(bToken, bToken.length() - 1));
        wrongTokens.put("B's token truncated", bToken.substring(0, bToken.length() - 1));
        wrongTokens.put("the hash stored in the table", hashes.get(b.id()));
        wrongTokens.put("empty", "");
        long writesBefore = DynamoWrites.count();
        int refusals = 0;
        for (Map.Entry<String, String> wrong : wrongTokens.entrySet()) {
            String link = "/api/surveys/" + b.id() + "?token=" + java.net.URLEncoder.encode(wrong.getValue(), StandardCharsets.UTF_8);
            for (HttpResponse<String> answer : List.of(Citizen.get(link), Citizen.post(link, Json.write(Map.of("score", 5)), Map.of()))) {
                String what = wrong.getKey() + " on " + answer.request().method() + " /api/surveys/{id}";
                assertEquals(404, answer.statusCode(), what + ": " + answer.body());
                assertEquals(unknown.body(), answer.body(), what + ": the answer of an unknown id");
                refusals++;
            }
        }
        assertEquals(0, DynamoWrites.count() - writesBefore, "a refused answer writes nothing");
        assertEquals(201, Citizen.post("/api/surveys/" + b.id() + "?token=" + bToken, Json.write(Map.of("score", 5)), Map.of())
                .statusCode(), "B's own link answers");
        System.out.println("[security] access.survey wrongTokenKinds=" + wrongTokens.size() + " routes=2 answers404=" + refusals
                + " sameBodyAsUnknownId=true");
    }

    /**
     * 32 bytes, URL-safe base64: 43 characters, 256 bits; only a hash is stored. A presented token is
     * compared as a whole: one that differs in its first character and one that differs in its last are
     * refused alike (the time-independent comparison itself, MessageDigest.isEqual, is not timed here:
     * a timing test would be flaky on a shared machine).
     */
    @Test
    void managementTokensAreUnguessable() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ManagementToken.Issued issued = ManagementToken.issue();
            assertTrue(issued.token().matches("[A-Za-z0-9_-]{43}"), issued.token());
            assertEquals(256, Base64.getUrlDecoder().decode(issued.token()).length * 8);
            assertNotEquals(issued.token(), issued.hash());
            assertTrue(seen.add(issued.token()), "no token twice");
            assertFalse(issued.toString().contains(issued.token()), "toString hides the token");
            assertTrue(ManagementToken.verify(issued.token(), issued.hash()));
            assertFalse(ManagementToken.verify(changed(issued.token(), 0), issued.hash()), "first character off");
            assertFalse(ManagementToken.verify(changed(issued.token(), 42), issued.hash()), "last character off");
            assertFalse(ManagementToken.verify(issued.hash(), issued.hash()), "the stored hash is no token");
        }
    }

    /**
     * The link reads the appointment by its id and then checks the token against that appointment's hash:
     * the right token under another id, or an id under no token, opens nothing — what is looked up is the id
     * and the token together.
     */
    @Test
    void theLinkIsTheIdAndTheTokenTogether() throws Exception {
        Citizen.Booked a = Citizen.book("carsat", "Armand Lien", "06 11 22 33 05", "armand.lien@example.fr");
        Citizen.Booked b = Citizen.book("carsat", "Blanche Lien", "06 11 22 33 06", "blanche.lien@example.fr");
        String unknown = Citizen.get("/api/appointments/" + UUID.randomUUID() + "?token=" + a.token()).body();
        assertEquals(200, Citizen.get("/api/appointments/" + a.id() + "?token=" + a.token()).statusCode());
        for (String link : List.of("/api/appointments/" + b.id() + "?token=" + a.token(), "/api/appointments/" + a.id() + "?token=" + b.token(),
                "/api/appointments/" + a.id(), "/api/appointments/" + a.id() + "?token=", "/api/appointments/?token=" + a.token())) {
            HttpResponse<String> answer = Citizen.get(link);
            assertEquals(404, answer.statusCode(), link);
            if (answer.body().startsWith("{\"type\"")) {
                assertEquals(unknown, answer.body(), link + ": the answer of an unknown id");
            }
        }
        Citizen.post("/api/appointments/" + a.id() + "/cancel?token=" + a.token(), "", Map.of());
        Citizen.post("/api/appointments/" + b.id() + "/cancel?token=" + b.token(), "", Map.of());
    }

    /** The token with its character at {@code index} replaced by another of the alphabet. */
    private static String changed(String token, int index) {
        char replacement = token.charAt(index) == 'A' ? 'B' : 'A';
        return token.substring(0, index) + replacement + token.substring(index + 1);
    }

    private static Map<String, Object> with(Map<String, Object> claims, String name, Object value) {
        Map<String, Object> changed = new LinkedHashMap<>(claims);
        changed.put(name, value);
        return changed;
    }

    private static String part(Map<String, Object> json) {
        return B64.encodeToString(Json.write(json).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * The live items of each table (a test-only Scan). Items already past their TTL (an earlier test's) are left
     * out: DynamoDB Local may sweep them away at any moment, which is no write of the requests under test.
     */
    private static Map<String, Integer> counts(long now) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String table : TABLES) {
            String name = Environment.required(table);
            counts.put(table, AppContext.get().dynamo().scanPaginator(r -> r.tableName(name).select("COUNT")
                            .filterExpression("attribute_not_exists(expiresAt) OR expiresAt > :now")
                            .expressionAttributeValues(Map.of(":now", AttributeValue.fromN(Long.toString(now)))))
                    .stream().mapToInt(page -> page.count()).sum());
        }
        return counts;
    }
}
