package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who did what, through the running stack with tokens minted by the runner's {@code /local/agent-token}: an
 * agent's booking for a caller and attendance land in the citizen's history with the agent's identity, and in the
 * audit trail the coordinator reads; an erasure is there with a masked number only; an agent is refused the trail.
 */
class AuditEnd2EndTest {
    private static final LocalDate TODAY = LocalDate.now(ZoneId.of("Europe/Paris"));
    private static final String PERIOD = "from=" + TODAY.minusDays(1) + "&to=" + TODAY.plusDays(1);

    private static String mint(String sub, String groups) throws Exception {
        HttpResponse<String> minted = RunningStack.send(HttpRequest.newBuilder(RunningStack.http(
                "/local/agent-token?groups=" + groups + "&site=*&sub=" + sub)).GET().build());
        assertEquals(200, minted.statusCode(), minted.body());
        return (String) Json.readObject(minted.body()).get("token");
    }

    private static HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        return RunningStack.send(HttpRequest.newBuilder(RunningStack.http(path)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)).build());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anAgentsActionsAreInTheHistoryAndTheAuditWithTheirIdentity() throws Exception {
        String agentSub = "agent-" + UUID.randomUUID();
        String agent = mint(agentSub, "agents");
        String coordinator = mint("coord-" + UUID.randomUUID(), "coordinators");
        String protection = mint("dpo-" + UUID.randomUUID(), "data-protection");
        String phone = "+3361177" + String.format("%04d", (int) (Math.random() * 10_000));

        HttpResponse<String> booked = send("POST", "/api/agent/appointments", Json.write(Map.of("slotId",
                Citizen.freeSlots("cpam").get(0), "name", "Léa Audit", "phone", phone, "channel", "counter")), agent);
        assertEquals(201, booked.statusCode(), booked.body());
        String id = (String) ((Map<String, Object>) Json.readObject(booked.body()).get("appointment")).get("id");
        HttpResponse<String> excused = send("POST", "/api/agent/appointments/" + id + "/attendance",
                Json.write(Map.of("status", "EXCUSED")), agent);
        assertEquals(200, excused.statusCode(), excused.body());

        // The citizen's history names the agent beside each of their actions.
        String history = send("GET", "/api/agent/contacts/" + URLEncoder.encode(phone, StandardCharsets.UTF_8) + "/history",
                null, coordinator).body();
        List<Map<String, Object>> entries = (List<Map<String, Object>>) Json.readObject(history).get("history");
        for (String kind : List.of("appointment-booked", "appointment-attendance")) {
            Map<String, Object> details = (Map<String, Object>) entries.stream().filter(e -> kind.equals(e.get("kind")))
                    .findFirst().orElseThrow(() -> new AssertionError(kind + " not in " + history)).get("details");
            assertEquals(agentSub, details.get("actorSub"), history);
            assertEquals(agentSub + "@agents.accueil.local", details.get("actorName"), history);
        }

        assertEquals(200, send("DELETE", "/api/agent/contacts/" + URLEncoder.encode(phone, StandardCharsets.UTF_8), null,
                protection).statusCode());

        HttpResponse<String> audit = send("GET", "/api/agent/audit?" + PERIOD, null, coordinator);
        assertEquals(200, audit.statusCode(), audit.body());
        List<Map<String, Object>> trail = (List<Map<String, Object>>) Json.readObject(audit.body()).get("entries");
        List<Map<String, Object>> byAgent = trail.stream().filter(e -> agentSub.equals(e.get("actorSub"))).toList();
        assertEquals(List.of("appointment-attendance", "appointment-booked"),
                byAgent.stream().map(e -> (String) e.get("action")).toList(), audit.body());
        assertEquals(id, ((Map<String, Object>) byAgent.get(0).get("details")).get("appointmentId"));
        assertTrue(trail.stream().anyMatch(e -> "contact-erased".equals(e.get("action"))
                && ((String) ((Map<String, Object>) e.get("details")).get("contact")).endsWith(phone.substring(phone.length() - 2))),
                audit.body());
        assertFalse(audit.body().contains(phone.substring(3)), "the erased number stays out of the trail: " + audit.body());
        assertTrue(AppContext.get().contacts().history(phone, 10).isEmpty(), "erased");

        // The data protection officer reads it too; an agent does not; a bad period is a French problem.
        assertEquals(200, send("GET", "/api/agent/audit?" + PERIOD, null, protection).statusCode());
        HttpResponse<String> refused = send("GET", "/api/agent/audit?" + PERIOD, null, agent);
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        HttpResponse<String> bad = send("GET", "/api/agent/audit?from=01/12/2026&to=" + TODAY, null, coordinator);
        assertEquals(400, bad.statusCode(), bad.body());
        assertTrue(bad.body().contains("AAAA-MM-JJ"), bad.body());
        assertEquals(400, send("GET", "/api/agent/audit?from=" + TODAY + "&to=" + TODAY.minusDays(2), null, coordinator).statusCode());
    }
}
