package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lobby board, the mobile site, the survey pages and the supervisor's callback, through the local runner. */
class SatisfactionAndBoardEnd2EndTest {
    private static HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return RunningStack.send(request.build());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMobileSiteIsSeededWithItsStopsAndItsBoard() throws Exception {
        HttpResponse<String> site = get("/api/sites/bus-pays-de-bitche", null);
        assertEquals(200, site.statusCode(), site.body());
        Map<String, Object> bus = Json.readObject(site.body());
        assertEquals(true, bus.get("mobile"));
        assertTrue(((List<?>) bus.get("stops")).size() >= 30, "nine weeks of four stops");

        HttpResponse<String> board = get("/api/sites/bus-pays-de-bitche/board", null);
        assertEquals(200, board.statusCode(), board.body());
        List<Map<String, Object>> days = (List<Map<String, Object>>) Json.readObject(board.body()).get("days");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        assertEquals(List.of(today.toString(), today.plusDays(1).toString()), days.stream().map(d -> d.get("date")).toList());

        LocalDate from = today.plusDays(3);
        HttpResponse<String> slots = get("/api/slots?partner=france-services&postcode=57720&from=" + from + "&to="
                + from.plusDays(30) + "&pageSize=100", null);
        assertEquals(200, slots.statusCode(), slots.body());
        List<Map<String, Object>> found = (List<Map<String, Object>>) Json.readObject(slots.body()).get("slots");
        assertTrue(!found.isEmpty() && found.stream().allMatch(s -> "Volmunster".equals(((Map<String, Object>) s.get("place")).get("city"))),
                found.toString());
    }

    @Test
    void theLobbyAndSurveyPagesAreServedSelfContained() throws Exception {
        for (String page : List.of("/tableau.html?site=metz-borny", "/avis.html?rdv=x&token=y")) {
            HttpResponse<String> response = get(page, null);
            assertEquals(200, response.statusCode(), page);
            assertTrue(response.body().contains("<html lang=\"fr\""), page);
            assertTrue(!response.body().contains("<script>") && !response.body().contains("style="), "no inline code: " + page);
        }
        for (String asset : List.of("/assets/tableau.js", "/assets/tableau.css", "/assets/avis.js", "/assets/avis.css")) {
            assertEquals(200, get(asset, null).statusCode(), asset);
        }
        assertEquals(404, get("/api/surveys/unknown?token=nothing", null).statusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void satisfactionFiguresNeedAnAgentAndALowScoreCanBeCalledBackBySupervision() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        String range = "/api/stats/satisfaction?from=" + today.minusDays(7) + "&to=" + today;
        assertEquals(401, get(range, null).statusCode());
        HttpResponse<String> stats = get(range, RunningStack.get().devAgentToken());
        assertEquals(200, stats.statusCode(), stats.body());
        assertTrue(Json.readObject(stats.body()).containsKey("satisfaction"));

        // What the survey flow sends after a low score: a callback on the « supervision » list of the caller's site.
        Map<String, Object> event = Json.readObject(new String(java.nio.file.Files.readAllBytes(
                fr.accueil.embedded.EmbeddedStack.repositoryRoot().resolve("events/ConnectCallbackRequestFunction.json"))));
        Map<String, Object> details = (Map<String, Object>) event.get("Details");
        String phone = "+3367" + String.format("%07d", (long) (Math.random() * 10_000_000));
        ((Map<String, Object>) ((Map<String, Object>) details.get("ContactData")).get("CustomerEndpoint")).put("Address", phone);
        details.put("Parameters", Map.of("siteId", "metz-borny", "themeId", "supervision"));
        HttpResponse<String> answer = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("ConnectCallbackRequestFunction"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(event))).build());
        assertEquals(200, answer.statusCode());
        Map<String, Object> requested = Json.readObject(answer.body());
        assertEquals("booked", requested.get("result"), answer.body());

        // The supervisors find it in their list (the internal theme), with the caller's number.
        HttpResponse<String> list = get("/api/agent/callbacks?site=metz-borny&theme=supervision&limit=100",
                RunningStack.get().devAgentToken());
        assertEquals(200, list.statusCode(), list.body());
        List<Map<String, Object>> callbacks = (List<Map<String, Object>>) Json.readObject(list.body()).get("callbacks");
        Map<String, Object> callback = callbacks.stream().filter(c -> requested.get("callbackId").equals(c.get("id")))
                .findFirst().orElseThrow(() -> new AssertionError("not in the supervision list: " + list.body()));
        assertEquals(List.of("supervision", phone, "PENDING"), List.of(callback.get("themeId"), callback.get("phone"), callback.get("status")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theInternalThemeIsForAgentsOnly() throws Exception {
        List<Map<String, Object>> citizens = (List<Map<String, Object>>) Json.readObject(get("/api/themes", null).body()).get("themes");
        assertTrue(citizens.stream().noneMatch(t -> "supervision".equals(t.get("id"))), citizens.toString());
        assertEquals(7, citizens.size(), "the demo's seven citizens' themes");
        List<Map<String, Object>> all = (List<Map<String, Object>>) Json.readObject(get("/api/themes?include=internal", null).body())
                .get("themes");
        assertEquals(List.of(Map.of("id", "supervision", "label", "Rappel par un responsable (après une enquête de satisfaction)",
                "internal", true)), all.stream().filter(t -> Boolean.TRUE.equals(t.get("internal"))).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCommuneNameFindsTheBusAtItsStop() throws Exception {
        LocalDate from = LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(3);
        HttpResponse<String> slots = get("/api/slots?partner=france-services&commune=volmunster&from=" + from + "&to="
                + from.plusDays(30) + "&pageSize=100", null);
        assertEquals(200, slots.statusCode(), slots.body());
        List<Map<String, Object>> found = (List<Map<String, Object>>) Json.readObject(slots.body()).get("slots");
        assertTrue(!found.isEmpty() && found.stream().allMatch(s -> "57720".equals(((Map<String, Object>) s.get("place")).get("postcode"))),
                found.toString());
        assertEquals(422, get("/api/slots?partner=france-services&commune=Nulle-Part&from=" + from + "&to=" + from.plusDays(3), null)
                .statusCode());
    }
}
