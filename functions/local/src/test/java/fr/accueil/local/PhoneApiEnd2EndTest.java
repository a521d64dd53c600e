package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Interaction;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The local phone's call API on the running stack: bad requests, the history a call leaves, the softphone page. */
class PhoneApiEnd2EndTest {
    private static final String MONDAY_MORNING = "2026-11-23T09:00:00Z";

    @AfterEach
    void realTime() {
        System.clearProperty("accueil.env.FIXED_CLOCK");
    }

    @Test
    void aCallLeavesItsStartAndItsEndInTheCallersHistory() throws Exception {
        Environment.setLocally("FIXED_CLOCK", MONDAY_MORNING);
        String caller = "+33611990001";
        HttpResponse<String> started = post("/api/phone/calls", "{\"from\":\"06 11 99 00 01\"}");
        assertEquals(201, started.statusCode(), started.body());
        Map<String, Object> call = Json.readObject(started.body());
        assertEquals(caller, call.get("from"));
        assertEquals(true, call.get("awaitingInput"));
        assertEquals(8, ((Number) ((Map<?, ?>) call.get("input")).get("timeoutSeconds")).intValue());
        String id = (String) call.get("callId");
        assertTrue(started.headers().firstValue("Location").orElseThrow().endsWith(id));

        Map<String, Object> ended = Json.readObject(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"4\"}").body());
        assertEquals("ended", ended.get("status"));
        assertEquals(Map.of("type", "queue", "queue", "emploi", "description", "en file d'attente « emploi »"), ended.get("outcome"));

        List<Interaction> history = AppContext.get().contacts().history(caller, 10);
        assertTrue(history.stream().anyMatch(h -> h.kind().equals("call")), history.toString());
        Interaction end = history.stream().filter(h -> h.kind().equals("call-ended")).findFirst().orElseThrow();
        assertEquals(Map.of("contactId", id, "outcome", "queue", "queue", "emploi", "menuPath", "accueil"), end.details());
        assertEquals("phone", end.channel());

        HttpResponse<String> again = post("/api/phone/calls/" + id + "/input", "{\"digits\":\"1\"}");
        assertProblem(again, 409, "L'appel est terminé");
        HttpResponse<String> transcript = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + id)).GET().build());
        assertEquals(200, transcript.statusCode());
        assertTrue(transcript.body().contains("Bienvenue sur la ligne France Services"), transcript.body());
    }

    @Test
    void badRequestsAreRefusedInFrench() throws Exception {
        Environment.setLocally("FIXED_CLOCK", MONDAY_MORNING);
        assertProblem(post("/api/phone/calls", "{\"from\":\"12\"}"), 400, "from : numéro de téléphone invalide");
        assertProblem(post("/api/phone/calls", "[1]"), 400, "objet JSON");
        assertProblem(post("/api/phone/calls", "{\"from\":\"+33611990002\",\"failFunctions\":[\"NoSuchFunction\"]}"), 400,
                "« NoSuchFunction » n'est pas une fonction de template.yaml");
        assertProblem(post("/api/phone/calls/unknown-call/input", "{\"digits\":\"1\"}"), 404, "Aucun appel");

        String id = (String) Json.readObject(post("/api/phone/calls", "{\"from\":\"+33611990002\"}").body()).get("callId");
        assertProblem(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"12a\"}"), 400, "touches parmi 0-9, * et #");
        assertProblem(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"1\",\"timeout\":true}"), 400, "l'un ou l'autre");
        assertProblem(post("/api/phone/calls/" + id + "/input", "{}"), 400, "l'un ou l'autre");
        HttpResponse<String> hungUp = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + id)).DELETE().build());
        assertEquals("hangup", ((Map<?, ?>) Json.readObject(hungUp.body()).get("outcome")).get("type"));
    }

    @Test
    void theSoftphonePageIsServed() throws Exception {
        for (String page : List.of("/telephone.html", "/telephone.js", "/telephone.css")) {
            HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.http(page)).GET().build());
            assertEquals(200, response.statusCode(), page);
        }
    }

    private static void assertProblem(HttpResponse<String> response, int status, String detail) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
        String text = (String) Json.readObject(response.body()).get("detail");
        assertTrue(text.contains(detail), text);
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        return RunningStack.send(HttpRequest.newBuilder(RunningStack.http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
