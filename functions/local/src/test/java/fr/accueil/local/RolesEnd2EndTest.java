package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.directory.Theme;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.handlers.Json;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Roles and scopes through the running stack, with ID tokens the runner's user pool mints as Cognito does
 * (groups, custom:site, custom:partner). An agent and manager of Metz-Borny reaches nothing of Sarreguemines
 * or of the mobile site through any agent route of template.yaml (by id too: the callback's and appointment's
 * own site decide, whatever the query says), and nothing is written; export and erasure are the data protection
 * officer's; a referent reaches their partner's appointments and figures only.
 */
class RolesEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final String OWN_SITE = "metz-borny";
    private static final String OTHER_SITE = "sarreguemines";
    private static final String MOBILE_SITE = "bus-pays-de-bitche";
    /** Agent and manager of one site: every refusal below is one of scope, not of role (but export and erasure). */
    private static final String SITE_LIMITED = token("agent-metz", List.of("agents", "managers"), OWN_SITE, null);

    private static Appointment otherAppointment;
    private static String otherPhone;
    private static Callback otherCallback;
    private static String otherSlot;

    private static String token(String subject, List<String> groups, String sites, String partner) {
        return STACK.agentTokens().issue(new DevAgentTokens.Agent(subject, groups, sites, partner), Duration.ofHours(1));
    }

    @BeforeAll
    static void anotherSitesData() throws Exception {
        otherPhone = "+3361122" + String.format("%04d", (int) (Math.random() * 10_000));
        Citizen.Booked booked = Citizen.book("dgfip", "Sarah Autresite", otherPhone.replace("+33", "0"), "sarah.autresite@example.fr");
        otherAppointment = AppContext.get().booking().appointments().find(booked.id()).orElseThrow();
        assertEquals(OTHER_SITE, otherAppointment.siteId());
        AppContext app = AppContext.get();
        Theme impots = app.directory().themes(app.territoryId()).stream().filter(t -> t.id().equals("impots")).findFirst().orElseThrow();
        otherCallback = CallbackContext.get().service().request(new CallbackRequest(app.directory().site(app.territoryId(), OTHER_SITE)
                .orElseThrow(), impots, otherPhone, null, null, null)).callback();
        assertNotNull(otherCallback, "a callback at " + OTHER_SITE);
        otherSlot = Citizen.freeSlots("france-travail").get(0);
    }

    /** What a site-limited agent asks of another site on one route, and what it must get. */
    private record Probe(String method, String path, String body, Predicate<HttpResponse<String>> refused) {
    }

    /** A week of figures: the statistics routes need a period. */
    private static final String WEEK = "from=" + LocalDate.now(ZoneId.of("Europe/Paris")).minusDays(7) + "&to="
            + LocalDate.now(ZoneId.of("Europe/Paris"));

    private static final Predicate<HttpResponse<String>> FORBIDDEN = answer -> answer.statusCode() == 403
            && answer.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json")
            && answer.body().contains("\"status\":403");

    /** Each agent route of the template aimed at another site's data; a route without a probe fails the test. */
    private static Probe probe(String routeKey) {
        String date = otherAppointment.start().toLocalDate().toString();
        // By id, the query names the agent's own site: only the stored item's site may decide.
        String own = "?site=" + OWN_SITE;
        String phone = URLEncoder.encode(otherPhone, StandardCharsets.UTF_8);
        return switch (routeKey) {
            case "GET /api/agent/callbacks" -> new Probe("GET", "/api/agent/callbacks?site=" + OTHER_SITE, null, FORBIDDEN);
            case "POST /api/agent/callbacks/{id}/claim", "POST /api/agent/callbacks/{id}/release" -> new Probe("POST",
                    routeKey.substring(5).replace("{id}", otherCallback.id()) + own, "", FORBIDDEN);
            case "POST /api/agent/callbacks/{id}/complete" -> new Probe("POST", "/api/agent/callbacks/" + otherCallback.id()
                    + "/complete" + own, Json.write(Map.of("outcome", "REACHED")), FORBIDDEN);
            case "GET /api/agent/appointments" -> new Probe("GET", "/api/agent/appointments?site=" + OTHER_SITE + "&date=" + date,
                    null, FORBIDDEN);
            case "POST /api/agent/appointments/{id}/attendance" -> new Probe("POST", "/api/agent/appointments/"
                    + otherAppointment.id() + "/attendance" + own, Json.write(Map.of("status", "EXCUSED")), FORBIDDEN);
            case "POST /api/agent/appointments" -> new Probe("POST", "/api/agent/appointments" + own, Json.write(Map.of(
                    "slotId", otherSlot, "name", "Intrus Refusé", "phone", "0611223399", "channel", "phone")), FORBIDDEN);
            // A contact's history is not one site's: the agent reads the entries of their sites, none of the other's.
            case "GET /api/agent/contacts/{phone}/history" -> new Probe("GET", "/api/agent/contacts/" + phone + "/history" + own,
                    null, answer -> answer.statusCode() == 200 && !answer.body().contains(OTHER_SITE)
                            && !answer.body().contains(otherAppointment.id()) && !answer.body().contains(otherCallback.id()));
            case "GET /api/agent/contacts/{phone}/export" -> new Probe("GET", "/api/agent/contacts/" + phone + "/export" + own, null,
                    FORBIDDEN);
            case "DELETE /api/agent/contacts/{phone}" -> new Probe("DELETE", "/api/agent/contacts/" + phone + own, null, FORBIDDEN);
            case "POST /api/agent/sites/{siteId}/stops/{date}/cancel" -> new Probe("POST", "/api/agent/sites/" + MOBILE_SITE + "/stops/"
                    + LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(7) + "/cancel" + own, "", FORBIDDEN);
            case "GET /api/stats" -> new Probe("GET", "/api/stats?" + WEEK + "&site=" + OTHER_SITE, null, FORBIDDEN);
            case "GET /api/stats/satisfaction" -> new Probe("GET", "/api/stats/satisfaction?" + WEEK + "&site=" + OTHER_SITE, null,
                    FORBIDDEN);
            // Who did what is the coordinators' and the data protection officer's: an agent's role is refused.
            case "GET /api/agent/audit" -> new Probe("GET", "/api/agent/audit?" + WEEK + "&site=" + OTHER_SITE, null, FORBIDDEN);
            // The back office is the coordinators' and referents': an agent's and a manager's roles are refused.
            case "GET /api/admin/territory" -> new Probe("GET", "/api/admin/territory" + own, null, FORBIDDEN);
            case "PUT /api/admin/voice", "POST /api/admin/voice/transcript" -> new Probe(routeKey.split(" ")[0],
                    routeKey.split(" ")[1], "{}", FORBIDDEN);
            case "PUT /api/admin/sites/{id}", "PUT /api/admin/themes/{id}", "PUT /api/admin/partners/{id}",
                    "PUT /api/admin/permanences/{id}", "DELETE /api/admin/sites/{id}", "DELETE /api/admin/themes/{id}",
                    "DELETE /api/admin/partners/{id}", "DELETE /api/admin/permanences/{id}" -> new Probe(routeKey.split(" ")[0],
                    routeKey.split(" ")[1].replace("{id}", OTHER_SITE), routeKey.startsWith("PUT") ? "{}" : null, FORBIDDEN);
            default -> throw new AssertionError("no probe for " + routeKey + ": add one, every agent route is checked");
        };
    }

    static Stream<String> agentRoutes() {
        return TemplateRoutes.all(STACK).stream().filter(TemplateRoutes.ApiRoute::agent).map(r -> r.route().routeKey());
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(path)).header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return RunningStack.send(request.build());
    }

    private static Map<String, Object> stored() {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("appointment", AppContext.get().booking().appointments().find(otherAppointment.id()).orElseThrow());
        state.put("callback", CallbackContext.get().store().find(otherCallback.id()).orElseThrow());
        state.put("slot", AppContext.get().booking().slots().find(otherSlot).orElseThrow());
        state.put("history", AppContext.get().contacts().history(otherPhone, 100));
        return state;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("agentRoutes")
    void aSiteLimitedAgentReachesNothingOfAnotherSite(String routeKey) throws Exception {
        Probe probe = probe(routeKey);
        Map<String, Object> before = stored();
        long writes = DynamoWrites.count();
        HttpResponse<String> answer = send(probe.method(), probe.path(), probe.body(), SITE_LIMITED);
        assertTrue(probe.refused().test(answer), routeKey + " → " + answer.statusCode() + " " + answer.body());
        assertEquals(0, DynamoWrites.count() - writes, routeKey + ": no DynamoDB write");
        assertEquals(before, stored(), routeKey + ": the other site's data as it was");
    }

    /** The control of the test above: the same token opens its own site, so the refusals are the scope's. */
    @Test
    void theSameTokenOpensItsOwnSite() throws Exception {
        String date = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
        for (String path : List.of("/api/agent/callbacks", "/api/agent/callbacks?site=" + OWN_SITE,
                "/api/agent/appointments?site=" + OWN_SITE + "&date=" + date, "/api/stats?" + WEEK + "&site=" + OWN_SITE,
                "/api/stats/satisfaction?" + WEEK, "/api/stats/satisfaction?" + WEEK + "&site=" + OWN_SITE)) {
            HttpResponse<String> answer = send("GET", path, null, SITE_LIMITED);
            assertEquals(200, answer.statusCode(), path + " " + answer.body());
        }
        // A territory-wide figure (no site) is not one site's.
        assertEquals(403, send("GET", "/api/stats?" + WEEK, null, SITE_LIMITED).statusCode());
        String everySite = token("agent-all", List.of("agents"), "*", null);
        assertEquals(200, send("GET", "/api/agent/callbacks?site=" + OTHER_SITE, null, everySite).statusCode());
        // Without custom:site an agent serves no site (a forgotten attribute opens nothing).
        assertEquals(403, send("GET", "/api/agent/callbacks?site=" + OWN_SITE, null, token("agent-none", List.of("agents"), null, null))
                .statusCode());
    }

    @Test
    void exportAndErasureBelongToDataProtectionAlone() throws Exception {
        String phone = URLEncoder.encode(otherPhone, StandardCharsets.UTF_8);
        Map<String, Object> before = stored();
        for (List<String> groups : List.of(List.of("agents"), List.of("managers"), List.of("coordinators"), List.of("referents"),
                List.of("agents", "managers", "coordinators", "referents"))) {
            String token = token("not-dpo", groups, "*", "dgfip");
            for (String[] route : new String[][] {{"GET", "/api/agent/contacts/" + phone + "/export"}, {"DELETE", "/api/agent/contacts/" + phone}}) {
                HttpResponse<String> answer = send(route[0], route[1], null, token);
                assertEquals(403, answer.statusCode(), groups + " " + route[0] + " " + answer.body());
                assertTrue(answer.body().contains("role-interdit"), answer.body());
            }
        }
        assertEquals(before, stored(), "nothing erased");
        String dpo = token("dpo", List.of("data-protection"), null, null);
        HttpResponse<String> export = send("GET", "/api/agent/contacts/" + phone + "/export", null, dpo);
        assertEquals(200, export.statusCode(), export.body());
        assertTrue(export.body().contains(otherAppointment.id()), "the export holds every site's data");
        // Erasure of a contact of its own, so the other tests keep theirs.
        Citizen.Booked erased = Citizen.book("carsat", "Effacée Parledpo", "0611220077", "effacee.parledpo@example.fr");
        assertEquals(200, send("DELETE", "/api/agent/contacts/0611220077", null, dpo).statusCode());
        assertTrue(AppContext.get().booking().appointments().find(erased.id()).isEmpty(), "erased");
        assertEquals(403, send("GET", "/api/agent/callbacks?site=" + OWN_SITE, null, dpo).statusCode(), "no callbacks for the DPO");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReferentReachesTheirPartnersAppointmentsAndFiguresOnly() throws Exception {
        Citizen.Booked carsat = Citizen.book("carsat", "Régis Carsat", "0611220088", "regis.carsat@example.fr");
        Appointment theirs = AppContext.get().booking().appointments().find(carsat.id()).orElseThrow();
        String referent = token("referent-carsat", List.of("referents"), null, "carsat");
        String otherReferent = token("referent-caf", List.of("referents"), null, "caf");
        String day = "/api/agent/appointments?site=" + theirs.siteId() + "&date=" + theirs.start().toLocalDate();

        List<Map<String, Object>> listed = (List<Map<String, Object>>) Json.readObject(send("GET", day, null, referent).body()).get("appointments");
        assertTrue(listed.stream().anyMatch(a -> carsat.id().equals(a.get("id"))), "their partner's appointment");
        assertTrue(listed.stream().allMatch(a -> "carsat".equals(a.get("partnerId"))), "no other partner's: " + listed);
        List<Map<String, Object>> other = (List<Map<String, Object>>) Json.readObject(send("GET", day, null, otherReferent).body()).get("appointments");
        assertFalse(other.stream().anyMatch(a -> carsat.id().equals(a.get("id"))), "another referent does not see it");

        String attendance = "/api/agent/appointments/" + carsat.id() + "/attendance";
        long writes = DynamoWrites.count();
        assertEquals(403, send("POST", attendance, Json.write(Map.of("status", "EXCUSED")), otherReferent).statusCode());
        assertEquals(0, DynamoWrites.count() - writes, "a refused attendance writes nothing");
        assertEquals(200, send("POST", attendance, Json.write(Map.of("status", "EXCUSED")), referent).statusCode());

        assertEquals(200, send("GET", "/api/stats?" + WEEK + "&partner=carsat", null, referent).statusCode());
        assertEquals(403, send("GET", "/api/stats?" + WEEK + "&partner=caf", null, referent).statusCode());
        assertEquals(403, send("GET", "/api/stats?" + WEEK + "&site=" + OWN_SITE, null, referent).statusCode());
        for (String[] route : new String[][] {{"GET", "/api/agent/callbacks?site=" + OWN_SITE}, {"POST", "/api/agent/appointments"},
                {"GET", "/api/agent/contacts/0611220088/history"}}) {
            HttpResponse<String> answer = send(route[0], route[1], "POST".equals(route[0]) ? "{}" : null, referent);
            assertEquals(403, answer.statusCode(), route[1] + " " + answer.body());
        }
    }

    /** The pool holds the groups the functions read, and the pages cannot write the attributes that scope them. */
    @Test
    @SuppressWarnings("unchecked")
    void theUserPoolDeclaresTheRolesAndKeepsScopesForAdministrators() throws Exception {
        Template template = Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
        assertEquals(java.util.Set.of("agents", "managers", "coordinators", "referents", "data-protection"),
                template.resources("AWS::Cognito::UserPoolGroup").values().stream().peek(g -> assertEquals(Map.of("Ref", "AgentUserPool"),
                        g.get("UserPoolId"))).map(g -> g.get("GroupName")).collect(java.util.stream.Collectors.toSet()));
        Map<String, Object> pool = template.resources("AWS::Cognito::UserPool").get("AgentUserPool");
        assertEquals("ON", pool.get("MfaConfiguration"), "MFA required");
        assertEquals(List.of("site", "partner"), ((List<Map<String, Object>>) pool.get("Schema")).stream().map(a -> a.get("Name")).toList());
        Map<String, Object> client = template.resources("AWS::Cognito::UserPoolClient").get("AgentUserPoolClient");
        List<String> writable = (List<String>) client.get("WriteAttributes");
        assertNotNull(writable, "without WriteAttributes a user could write every attribute");
        assertTrue(writable.stream().noneMatch(a -> a.startsWith("custom:")), "users cannot change their own scope: " + writable);
        assertTrue(((List<String>) client.get("ReadAttributes")).containsAll(List.of("custom:site", "custom:partner")));
    }

    @Test
    void aManagerReadsFiguresAndNoCitizensData() throws Exception {
        String manager = token("manager", List.of("managers"), "*", null);
        assertEquals(200, send("GET", "/api/stats?" + WEEK, null, manager).statusCode());
        String date = LocalDate.now(ZoneId.of("Europe/Paris")).toString();
        for (String path : List.of("/api/agent/callbacks?site=" + OWN_SITE, "/api/agent/appointments?site=" + OWN_SITE + "&date=" + date,
                "/api/agent/contacts/" + UUID.randomUUID() + "/history")) {
            assertEquals(403, send("GET", path, null, manager).statusCode(), path);
        }
    }
}
