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

/** The local phone's call API on the running stack: bad requests, the history a call leaves, what the softphone page uses. */
class PhoneApiEnd2EndTest {

    @AfterEach
    void realTime() {
        System.clearProperty("accueil.env.FIXED_CLOCK");
    }

    @Test
    void aCallLeavesItsStartAndItsEndInTheCallersHistory() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        String caller = "+33611990001";
        HttpResponse<String> started = post("/api/phone/calls", "{\"from\":\"06 11 99 00 01\"}");
        assertEquals(201, started.statusCode(), started.body());
        Map<String, Object> call = Json.readObject(started.body());
        assertEquals(caller, call.get("from"));
        assertEquals("inbound", call.get("direction"));
        assertEquals(true, call.get("awaitingInput"));
        assertEquals(8, ((Number) ((Map<?, ?>) call.get("input")).get("timeoutSeconds")).intValue());
        String id = (String) call.get("callId");
        assertTrue(started.headers().firstValue("Location").orElseThrow().endsWith(id));

        post("/api/phone/calls/" + id + "/input", "{\"digits\":\"2\"}");
        Map<String, Object> queued = Json.readObject(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"3\"}").body());
        assertEquals("in-queue", queued.get("status"), "on the line with the queue, then an agent");
        assertEquals(true, queued.get("awaitingInput"), "the queue flow's loop prompts: time passes");
        assertEquals(0, ((Number) ((Map<?, ?>) queued.get("input")).get("maxDigits")).intValue(), "no key read during the loop");
        assertEquals(Map.of("type", "queue", "queue", "emploi", "description", "en file d'attente « emploi »"), queued.get("outcome"));
        assertProblem(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"1\"}"), 409, "attente en file");
        assertTrue(history(caller).stream().noneMatch(h -> h.kind().equals("call-ended")), "the call is not over");

        Map<String, Object> hungUp = Json.readObject(RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + id))
                .DELETE().build()).body());
        assertEquals("ended", hungUp.get("status"));
        assertEquals("queue", ((Map<?, ?>) hungUp.get("outcome")).get("type"), "routed to a queue, whoever hangs up after");
        List<Interaction> history = history(caller);
        assertTrue(history.stream().anyMatch(h -> h.kind().equals("call")), history.toString());
        Interaction end = history.stream().filter(h -> h.kind().equals("call-ended")).findFirst().orElseThrow();
        assertEquals(Map.of("contactId", id, "direction", "inbound", "outcome", "queue", "queue", "emploi", "menuPath", "accueil/retraite-emploi"),
                end.details());
        assertEquals("phone", end.channel());

        assertProblem(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"1\"}"), 409, "L'appel est terminé");
        assertProblem(post("/api/phone/calls/" + id + "/agent-hangup", ""), 409, "L'appel est terminé");
        HttpResponse<String> transcript = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + id)).GET().build());
        assertEquals(200, transcript.statusCode());
        assertTrue(transcript.body().contains("Bienvenue sur la ligne France Services"), transcript.body());
    }

    @Test
    void badRequestsAreRefusedInFrench() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        assertProblem(post("/api/phone/calls", "{\"from\":\"12\"}"), 400, "from : numéro de téléphone invalide");
        assertProblem(post("/api/phone/calls", "[1]"), 400, "objet JSON");
        assertProblem(post("/api/phone/calls", "{\"from\":\"+33611990002\",\"faults\":{\"NoSuchFunction\":\"throws\"}}"), 400,
                "« NoSuchFunction » n'est pas une fonction de template.yaml");
        assertProblem(post("/api/phone/calls", "{\"from\":\"+33611990002\",\"faults\":{\"ConnectMenuFunction\":\"explodes\"}}"), 400,
                "« explodes » n'est pas une panne connue (throws, slow, dynamodb-down, answered-by:<fonction>)");
        assertProblem(post("/api/phone/calls", "{\"from\":\"+33611990002\",\"faults\":{\"ConnectMenuFunction\":\"answered-by:Nobody\"}}"),
                400, "« Nobody » n'est pas une fonction de template.yaml");
        assertProblem(post("/api/phone/calls", "{\"from\":\"+33611990002\",\"faults\":[\"ConnectMenuFunction\"]}"), 400,
                "faults : objet de textes attendu");
        assertProblem(post("/api/phone/calls/unknown-call/input", "{\"digits\":\"1\"}"), 404, "Aucun appel");
        assertProblem(post("/api/phone/outbound-calls", "{\"to\":\"+33611990002\",\"contactFlowId\":\"NoSuchFlow\"}"), 400,
                "« NoSuchFlow » n'est pas un flux déployé");
        assertProblem(post("/api/phone/outbound-calls", "{\"to\":\"+33611990002\",\"contactFlowId\":\"OutboundCallbackFlow\","
                + "\"attributes\":{\"bad name\":\"x\"}}"), 400, "attributes : des noms en lettres");
        assertProblem(get("/api/phone/calls"), 400, "number : le numéro dont on veut les appels");

        String id = (String) Json.readObject(post("/api/phone/calls", "{\"from\":\"+33611990002\"}").body()).get("callId");
        assertProblem(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"12a\"}"), 400, "touches parmi 0-9, * et #");
        assertProblem(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"1\",\"timeout\":true}"), 400, "l'un ou l'autre");
        assertProblem(post("/api/phone/calls/" + id + "/input", "{}"), 400, "l'un ou l'autre");
        assertProblem(post("/api/phone/calls/" + id + "/agent-hangup", ""), 409, "Aucun conseiller n'est en ligne");
        assertProblem(RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + id + "/agent-hangup")).GET().build()),
                405, "Méthode GET non permise");
        HttpResponse<String> hungUp = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + id)).DELETE().build());
        assertEquals("hangup", ((Map<?, ?>) Json.readObject(hungUp.body()).get("outcome")).get("type"));
    }

    /**
     * What the softphone page (web/telephone.js) relies on, request by request: a call started with its
     * number, a one-key choice announced by input.maxDigits, a call in queue with no input, the agent's
     * hang-up leading to the survey's prompt, a silence, and the end described in French.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theSoftphonesRequestsGetWhatThePageShows() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        Map<String, Object> call = Json.readObject(post("/api/phone/calls", "{\"from\":\"anonymous\"}").body());
        assertEquals("anonymous", call.get("from"));
        assertEquals("awaiting-input", call.get("status"));
        Map<String, Object> input = (Map<String, Object>) call.get("input");
        assertEquals(1, ((Number) input.get("maxDigits")).intValue(), "a one-key choice: the page sends the key at once");
        assertEquals("#", input.get("terminator"), "a stored input ends at #, as on Connect");
        List<Map<String, Object>> prompts = (List<Map<String, Object>>) call.get("prompts");
        assertTrue(((String) prompts.get(0).get("text")).startsWith("Bienvenue"), prompts.toString());
        assertTrue(((String) prompts.get(0).get("ssml")).startsWith("<speak>"), prompts.toString());
        String id = (String) call.get("callId");

        post("/api/phone/calls/" + id + "/input", "{\"digits\":\"2\"}");
        Map<String, Object> queued = Json.readObject(post("/api/phone/calls/" + id + "/input", "{\"digits\":\"3\"}").body());
        assertEquals("in-queue", queued.get("status"));
        assertEquals(0, ((Number) ((Map<?, ?>) queued.get("input")).get("maxDigits")).intValue(),
                "the queue flow's loop: the page offers the silence (time passes) and the agent's hang-up, no key");
        assertEquals(false, queued.get("agentHungUp"));

        Map<String, Object> survey = Json.readObject(post("/api/phone/calls/" + id + "/agent-hangup", "").body());
        assertEquals("awaiting-input", survey.get("status"));
        assertEquals(true, survey.get("agentHungUp"));
        assertEquals("flows/survey.json", survey.get("flow"));
        assertTrue(((String) ((List<Map<String, Object>>) survey.get("prompts")).get(0).get("text")).contains("êtes-vous satisfait"),
                survey.toString());
        assertEquals(1, ((Number) ((Map<String, Object>) survey.get("input")).get("maxDigits")).intValue());

        Map<String, Object> ended = Json.readObject(post("/api/phone/calls/" + id + "/input", "{\"timeout\":true}").body());
        assertEquals("ended", ended.get("status"));
        assertEquals(Map.of("type", "message", "description", "message, puis fin d'appel"), ended.get("afterAgent"));
        assertEquals("queue", ((Map<String, Object>) ended.get("outcome")).get("type"));
        assertEquals("Merci, au revoir.", ((List<Map<String, Object>>) ended.get("prompts")).get(0).get("text"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCallsOfANumberAreListedNewestFirst() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        String first = (String) Json.readObject(post("/api/phone/calls", "{\"from\":\"+33611990003\"}").body()).get("callId");
        String second = (String) Json.readObject(post("/api/phone/calls", "{\"from\":\"+33611990003\"}").body()).get("callId");
        Map<String, Object> listed = Json.readObject(get("/api/phone/calls?number=%2B33611990003").body());
        List<Map<String, Object>> calls = (List<Map<String, Object>>) listed.get("calls");
        assertEquals(List.of(second, first), calls.stream().map(c -> c.get("callId")).toList());
        assertEquals(List.of(), Json.readObject(get("/api/phone/calls?number=%2B33611990004").body()).get("calls"));
    }

    private static List<Interaction> history(String caller) {
        return AppContext.get().contacts().history(caller, 10);
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return RunningStack.send(HttpRequest.newBuilder(RunningStack.http(path)).GET().build());
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
