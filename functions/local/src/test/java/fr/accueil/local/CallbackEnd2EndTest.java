package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A callback from end to end through the local runner: asked for in a call (Invoke endpoint),
 * dialled by the dispatcher function, answered by the simulated citizen, seen by an agent in
 * the list over HTTP with the dev token.
 */
class CallbackEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final DateTimeFormatter HH_MM = DateTimeFormatter.ofPattern("HH:mm");

    /**
     * A site open from a minute ago for three hours, in a time zone where that is daytime on a
     * working day: the test does not depend on the hour it runs at.
     */
    static Site openNow(String id) {
        Instant now = Instant.now();
        FrenchHolidays holidays = new FrenchHolidays();
        for (int hours = -11; hours <= 13; hours++) {
            ZoneOffset zone = ZoneOffset.ofHours(hours);
            LocalDateTime local = LocalDateTime.ofInstant(now, zone);
            if (local.getHour() < 7 || local.getHour() > 17) {
                continue;
            }
            Site site = site(id, zone, local);
            if (holidays.holiday(site, local.toLocalDate()).isEmpty()) {
                return site;
            }
        }
        Assumptions.abort("no zone where now is a working daytime");
        return null;
    }

    private static Site site(String id, ZoneOffset zone, LocalDateTime local) {
        TimeRange open = TimeRange.parse(local.minusMinutes(1).format(HH_MM) + "-" + local.plusHours(3).format(HH_MM));
        return new Site(id, AppContext.get().territoryId(), "France Services de test " + id,
                new Address("1 rue de la Gare", "54700", "Pont-à-Mousson"), List.of("54700"), zone,
                new WeeklyHours(Map.of(local.getDayOfWeek(), List.of(open))), List.of(), null, "general");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallbackAskedInACallIsDialledAnsweredAndListedForAgents() throws Exception {
        Site site = openNow("e2e-" + UUID.randomUUID().toString().substring(0, 8));
        AppContext.get().directory().save(AppContext.get().territoryId(), site);
        String caller = "+3361" + String.format("%07d", (long) (Math.random() * 10_000_000));

        Map<String, Object> requested = invoke("ConnectCallbackRequestFunction", Json.write(Map.of(
                "Name", "ContactFlowEvent",
                "Details", Map.of(
                        "ContactData", Map.of(
                                "ContactId", UUID.randomUUID().toString(),
                                "CustomerEndpoint", Map.of("Address", caller, "Type", "TELEPHONE_NUMBER"),
                                "SystemEndpoint", Map.of("Address", "+33970000000", "Type", "TELEPHONE_NUMBER"),
                                "Attributes", Map.of("siteId", site.id())),
                        "Parameters", Map.of("themeId", "retraite", "window", "earliest")))));
        assertEquals("booked", requested.get("result"), String.valueOf(requested));
        String callbackId = (String) requested.get("callbackId");
        assertTrue(((String) requested.get("prompt")).startsWith("Nous vous rappellerons"), (String) requested.get("prompt"));

        Map<String, Object> run = invoke("ScheduledCallbackDispatcherFunction", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
        assertTrue(((Number) run.get("dialed")).intValue() >= 1, String.valueOf(run));

        HttpResponse<String> list = get("/api/agent/callbacks?site=" + site.id() + "&status=COMPLETED",
                Optional.of(STACK.devAgentToken()));
        assertEquals(200, list.statusCode(), list.body());
        List<Map<String, Object>> callbacks = (List<Map<String, Object>>) Json.readObject(list.body()).get("callbacks");
        Map<String, Object> completed = callbacks.stream().filter(c -> callbackId.equals(c.get("id"))).findFirst().orElseThrow();
        assertEquals("REACHED", completed.get("outcome"));
        assertEquals(1, ((Number) completed.get("attempts")).intValue());
        assertEquals(caller, completed.get("phone"));

        HttpResponse<String> pending = get("/api/agent/callbacks?site=" + site.id(), Optional.of(STACK.devAgentToken()));
        assertEquals(List.of(), Json.readObject(pending.body()).get("callbacks"), "nothing left to call back");
    }

    @Test
    void agentRoutesRefuseARequestWithoutAValidToken() throws Exception {
        HttpResponse<String> none = get("/api/agent/callbacks?site=metz-borny", Optional.empty());
        assertEquals(401, none.statusCode());
        assertEquals(Map.of("message", "Unauthorized"), Json.readObject(none.body()));

        String forged = STACK.devAgentToken().substring(0, STACK.devAgentToken().lastIndexOf('.') + 1) + "AAAA";
        assertEquals(401, get("/api/agent/callbacks?site=metz-borny", Optional.of(forged)).statusCode());

        HttpResponse<String> claim = HTTP.send(HttpRequest.newBuilder(uri("/api/agent/callbacks/" + UUID.randomUUID() + "/claim"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(401, claim.statusCode());
    }

    @Test
    void aClaimOfAnUnknownCallbackIsAProblem404() throws Exception {
        HttpResponse<String> claim = HTTP.send(HttpRequest.newBuilder(uri("/api/agent/callbacks/" + UUID.randomUUID() + "/claim"))
                .header("Authorization", "Bearer " + STACK.devAgentToken())
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(404, claim.statusCode(), claim.body());
        assertTrue(claim.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertNotNull(Json.readObject(claim.body()).get("title"));
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + STACK.httpPort() + path);
    }

    private static HttpResponse<String> get(String path, Optional<String> token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        token.ifPresent(t -> request.header("Authorization", "Bearer " + t));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Map<String, Object> invoke(String function, String payload) throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + STACK.invokePort() + "/2015-03-31/functions/" + function + "/invocations"))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("X-Amz-Function-Error").isEmpty(), response.body());
        return Json.readObject(response.body());
    }
}
