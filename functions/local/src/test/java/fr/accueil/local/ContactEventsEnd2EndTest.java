package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.simulation.SimulatedDialer;
import fr.accueil.storage.Environment;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Amazon Connect's contact events through the local stack: the local phone emits them, the local EventBridge's rule
 * (template.yaml's ConnectContactEventsRule) has EventsContactFunction invoked with them, as Lambda invokes it on AWS.
 */
class ContactEventsEnd2EndTest {
    /** A Monday of the demo territory's opening hours. */

    @Test
    @SuppressWarnings("unchecked")
    void aCallerWhoHangsUpInTheQueueShowsAsAbandonedInTheStatistics() throws Exception {
        long before = abandoned("emploi");
        hangUpInQueue();
        long after = before;
        for (int i = 0; i < 100 && after == before; i++) {
            Thread.sleep(100);
            after = abandoned("emploi");
        }
        assertEquals(before + 1, after, "the caller who hung up while waiting is one more abandoned call in the queue emploi");
        Map<String, Object> queues = (Map<String, Object>) stats().get("queues");
        // Other calls of the shared stack may have queued for emploi that day: this one's hour is 09:00 UTC, 10 h in Paris.
        Map<String, Object> hour = ((List<Map<String, Object>>) queues.get("hours")).stream()
                .filter(h -> "emploi".equals(h.get("queue")) && "2026-11-23T10:00+01:00".equals(h.get("hour"))).findFirst()
                .orElseThrow(() -> new AssertionError("no emploi figures at 10 h, Paris time: " + queues.get("hours")));
        assertEquals(60, ((Number) hour.get("serviceLevelSeconds")).intValue());
        HttpResponse<String> csv = RunningStack.send(HttpRequest.newBuilder(RunningStack.http(
                        "/api/stats?from=2026-11-23&to=2026-11-23&format=csv&table=queues"))
                .header("Authorization", "Bearer " + RunningStack.get().devAgentToken()).build());
        assertEquals(200, csv.statusCode(), csv.body());
        assertTrue(csv.body().startsWith("\uFEFFFile;Heure;En file;"), csv.body());
        assertTrue(csv.body().contains("\r\nemploi;2026-11-23T10:00+01:00;") && csv.body().contains("\r\nemploi;Total;"), csv.body());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCallbackNobodyAnswersIsRecordedNoAnswerFromItsContactEvents() throws Exception {
        unansweredCallback();
        Map<String, Object> events = Json.readObject(Citizen.get(LocalEventBridge.DEV_PATH).body());
        assertTrue(((List<Map<String, Object>>) events.get("events")).stream().anyMatch(e -> "aws.connect".equals(e.get("source"))
                && "DISCONNECTED".equals(((Map<String, Object>) e.get("detail")).get("eventType"))
                && "API".equals(((Map<String, Object>) e.get("detail")).get("initiationMethod"))), "the phone's contact events on the bus");
    }

    /** A caller on Monday 23 November 2026 at 10 h in Paris keys 2 then 3 (employment), waits in the queue emploi, and hangs up. */
    static void hangUpInQueue() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        try {
            Map<String, Object> call = Json.readObject(Citizen.post("/api/phone/calls", Json.write(Map.of("from", "+33611000916")),
                    Map.of()).body());
            Map<String, Object> queued = null;
            for (String digits : List.of("2", "3")) {
                queued = Json.readObject(Citizen.post("/api/phone/calls/" + call.get("callId") + "/input",
                        Json.write(Map.of("digits", digits)), Map.of()).body());
            }
            assertEquals("in-queue", queued.get("status"), String.valueOf(queued));
            HttpResponse<String> hungUp = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/phone/calls/" + call.get("callId")))
                    .DELETE().build());
            assertEquals(200, hungUp.statusCode(), hungUp.body());
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
    }

    /**
     * A callback dialled as the dispatcher dials it (dialing lease, the call, its contact id stored), to a citizen who does
     * not pick up: the phone's DISCONNECTED event, never answered, makes it a NO_ANSWER attempt within seconds. The event
     * usually comes before the contact id is stored: the function fails, and the bridge's retry finds it.
     */
    static Callback unansweredCallback() throws Exception {
        RunningStack.get();
        CallbackContext callbacks = CallbackContext.get();
        Site site = CallbackEnd2EndTest.openNow("e2e-" + UUID.randomUUID().toString().substring(0, 8));
        AppContext.get().directory().save(AppContext.get().territoryId(), site);
        String caller = "+3362" + String.format("%07d", (long) (Math.random() * 10_000_000));
        Callback requested = callbacks.service().request(new CallbackRequest(site, new Theme("retraite", "Retraite", "retraite"),
                caller, null, null, null)).callback();
        Instant now = Instant.now();
        Callback dialing = requested.startDialing(now, now.plus(callbacks.dispatch().dialingLease()));
        assertTrue(callbacks.store().replace(requested, dialing));
        SimulatedDialer nobodyAnswers = new SimulatedDialer(callbacks.service(), 0.0, 1,
                () -> Environment.optional("SIMULATED_PHONE_URL").map(URI::create));
        String contactId = nobodyAnswers.dial(caller, callbacks.dispatch().contactFlowId(), requested.queue(),
                Map.of("callbackId", requested.id(), "attempt", "1"), dialing.clientToken());
        assertTrue(callbacks.store().replace(dialing, dialing.dialed(contactId, now.plus(callbacks.dispatch().outcomeWait()))));

        Callback after = callbacks.store().find(requested.id()).orElseThrow();
        for (int i = 0; i < 100 && after.status() == CallbackStatus.DIALING; i++) {
            Thread.sleep(100);
            after = callbacks.store().find(requested.id()).orElseThrow();
        }
        assertEquals(CallbackStatus.PENDING, after.status(), "retried later, not left DIALING until the lease lapses");
        assertEquals(CallOutcome.NO_ANSWER, after.outcome());
        assertEquals(1, after.attempts());
        return after;
    }

    private static Map<String, Object> stats() throws Exception {
        HttpResponse<String> answer = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/stats?from=2026-11-23&to=2026-11-23"))
                .header("Authorization", "Bearer " + RunningStack.get().devAgentToken()).timeout(Duration.ofSeconds(20)).build());
        assertEquals(200, answer.statusCode(), answer.body());
        return Json.readObject(answer.body());
    }

    @SuppressWarnings("unchecked")
    private static long abandoned(String queue) throws Exception {
        Map<String, Object> queues = (Map<String, Object>) stats().get("queues");
        return ((List<Map<String, Object>>) queues.get("totals")).stream().filter(q -> queue.equals(q.get("queue")))
                .map(q -> ((Number) q.get("abandoned")).longValue()).findFirst().orElse(0L);
    }
}
