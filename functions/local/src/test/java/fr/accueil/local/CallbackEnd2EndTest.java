package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.routing.SimulatedQueueLoad;
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

        Map<String, Object> requested = request(site, "retraite", caller);
        String callbackId = (String) requested.get("callbackId");
        assertTrue(((String) requested.get("prompt")).startsWith("Nous vous rappellerons"), (String) requested.get("prompt"));

        List<Map<String, Object>> callbacks = dispatchedUntilCompleted(site.id(), callbackId);
        Map<String, Object> completed = callbacks.stream().filter(c -> callbackId.equals(c.get("id"))).findFirst().orElseThrow();
        assertEquals("REACHED", completed.get("outcome"));
        assertEquals(1, ((Number) completed.get("attempts")).intValue());
        assertEquals(caller, completed.get("phone"));

        HttpResponse<String> pending = get("/api/agent/callbacks?site=" + site.id(), Optional.of(STACK.devAgentToken()));
        assertEquals(List.of(), Json.readObject(pending.body()).get("callbacks"), "nothing left to call back");
    }

    /**
     * Agent first, on themes of the test's own (their own queues: the demo's callbacks are not in them): no one
     * is dialled while the queue has no free agent, and a citizen with callbacks on two themes is called once at a
     * time, the second call after the first is over.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theDispatcherDialsNoOneWithoutAFreeAgentAndACitizenOnceAtATime() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        Site site = openNow("e2e-" + tag);
        String territory = AppContext.get().territoryId();
        AppContext.get().directory().save(territory, site);
        Theme first = new Theme("e2e-a-" + tag, "Essai A", "queue-a-" + tag);
        Theme second = new Theme("e2e-b-" + tag, "Essai B", "queue-b-" + tag);
        AppContext.get().directory().save(territory, first);
        AppContext.get().directory().save(territory, second);
        AppContext.get().voices().forget();  // the functions keep the themes a few seconds: read the new ones now
        SimulatedQueueLoad queues = (SimulatedQueueLoad) AppContext.get().queueLoad();
        queues.setAgents(first.queue(), 0);
        queues.setAgents(second.queue(), 0);
        String caller = "+3361" + String.format("%07d", (long) (Math.random() * 10_000_000));
        Object a = request(site, first.id(), caller).get("callbackId");
        Object b = request(site, second.id(), caller).get("callbackId");

        Map<String, Object> held = invoke("ScheduledCallbackDispatcherFunction", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
        assertTrue(((Number) held.get("heldNoAgent")).intValue() >= 2, String.valueOf(held));
        List<Object> pending = (List<Object>) Json.readObject(get("/api/agent/callbacks?site=" + site.id(),
                Optional.of(STACK.devAgentToken())).body()).get("callbacks");
        assertEquals(2, pending.size(), "no agent free: neither is called");

        queues.setAgents(first.queue(), 1);
        queues.setAgents(second.queue(), 1);
        Map<String, Object> once = invoke("ScheduledCallbackDispatcherFunction", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
        assertTrue(((Number) once.get("heldSameCitizen")).intValue() >= 1, String.valueOf(once));
        assertEquals(1, statuses(site, "COMPLETED").size(), "one call to the citizen in that run");

        invoke("ScheduledCallbackDispatcherFunction", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
        assertEquals(java.util.Set.of(a, b), java.util.Set.copyOf(statuses(site, "COMPLETED")),
                "the first call over, the second theme's call followed");
    }

    @SuppressWarnings("unchecked")
    private static List<String> statuses(Site site, String status) throws Exception {
        HttpResponse<String> list = get("/api/agent/callbacks?site=" + site.id() + "&status=" + status, Optional.of(STACK.devAgentToken()));
        assertEquals(200, list.statusCode(), list.body());
        return ((List<Map<String, Object>>) Json.readObject(list.body()).get("callbacks")).stream()
                .map(c -> (String) c.get("id")).toList();
    }

    /** A callback asked for in a call, as the voice menu's function gets it; answered « booked ». */
    private static Map<String, Object> request(Site site, String themeId, String caller) throws Exception {
        Map<String, Object> requested = invoke("ConnectCallbackRequestFunction", Json.write(Map.of(
                "Name", "ContactFlowEvent",
                "Details", Map.of(
                        "ContactData", Map.of(
                                "ContactId", UUID.randomUUID().toString(),
                                "CustomerEndpoint", Map.of("Address", caller, "Type", "TELEPHONE_NUMBER"),
                                "SystemEndpoint", Map.of("Address", "+33970000000", "Type", "TELEPHONE_NUMBER"),
                                "Attributes", Map.of("siteId", site.id())),
                        "Parameters", Map.of("themeId", themeId)))));
        assertEquals("booked", requested.get("result"), String.valueOf(requested));
        return requested;
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallbackAskedOnTheWebIsBookedInTheWindowChosenOnceAndDialledLikeOneAskedByVoice() throws Exception {
        Site site = openNow("web-" + UUID.randomUUID().toString().substring(0, 8));
        AppContext.get().directory().save(AppContext.get().territoryId(), site);
        String phone = "06 13 " + String.format("%02d %02d %02d", (int) (Math.random() * 100), (int) (Math.random() * 100), (int) (Math.random() * 100));

        HttpResponse<String> offered = get("/api/callback-windows?site=" + site.id() + "&theme=retraite", Optional.empty());
        assertEquals(200, offered.statusCode(), offered.body());
        List<Map<String, Object>> windows = (List<Map<String, Object>>) Json.readObject(offered.body()).get("windows");
        assertTrue(List.of("ce matin", "cet après-midi").contains(windows.get(0).get("label")), "the site is open now: " + windows);
        String window = (String) windows.get(0).get("key");

        HttpResponse<String> refused = post("/api/callbacks", Map.of("site", site.id(), "theme", "retraite", "phone", "0899123456", "window", window));
        assertEquals(422, refused.statusCode(), refused.body());
        HttpResponse<String> unlisted = get("/api/agent/callbacks?site=" + site.id(), Optional.of(STACK.devAgentToken()));
        assertEquals(List.of(), Json.readObject(unlisted.body()).get("callbacks"), "nothing stored on bad input");

        HttpResponse<String> created = post("/api/callbacks", Map.of("site", site.id(), "theme", "retraite", "phone", phone, "window", window));
        assertEquals(201, created.statusCode(), created.body());
        String id = (String) Json.readObject(created.body()).get("id");
        assertEquals(window, Json.readObject(created.body()).get("from"));
        HttpResponse<String> again = post("/api/callbacks", Map.of("site", site.id(), "theme", "retraite", "phone", phone, "window", window));
        assertEquals(200, again.statusCode(), again.body());
        assertEquals(id, Json.readObject(again.body()).get("id"));

        assertEquals(List.of(id), dispatchedUntilCompleted(site.id(), id).stream().map(c -> c.get("id")).toList());
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

    /**
     * The site's completed callbacks once the dispatcher has dialled {@code callbackId}: a run dials the due callbacks
     * earliest first, as many as its time allows, so those other tests on the shared stack left due may come first.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> dispatchedUntilCompleted(String siteId, String callbackId) throws Exception {
        for (int run = 0; run < 10; run++) {
            Map<String, Object> report = invoke("ScheduledCallbackDispatcherFunction", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
            assertTrue(((Number) report.get("dialed")).intValue() >= 1, String.valueOf(report));
            HttpResponse<String> list = get("/api/agent/callbacks?site=" + siteId + "&status=COMPLETED", Optional.of(STACK.devAgentToken()));
            assertEquals(200, list.statusCode(), list.body());
            List<Map<String, Object>> callbacks = (List<Map<String, Object>>) Json.readObject(list.body()).get("callbacks");
            if (callbacks.stream().anyMatch(c -> callbackId.equals(c.get("id")))) {
                return callbacks;
            }
        }
        throw new AssertionError("the dispatcher never dialled " + callbackId);
    }

    private static HttpResponse<String> post(String path, Map<String, Object> body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(body))).build(), HttpResponse.BodyHandlers.ofString());
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
