package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Partner events from end to end: the tables' streams, StreamPartnerEventsFunction under its role, the local
 * EventBridge with the template's rule, and a partner's receiver on loopback that checks the webhook key.
 */
class PartnerEventsEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final String KEY = "cle-de-test-" + UUID.randomUUID();
    private static final String NAME = "Hortense Vasseur";
    private static final String PHONE = "0611" + String.format("%06d", (long) (Math.random() * 1_000_000));
    private static final String EMAIL = "hortense.vasseur@example.fr";

    private record Delivery(String key, Map<String, Object> event, String body) {
    }

    private final List<Delivery> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger refusals = new AtomicInteger();
    private HttpServer receiver;
    private String url;

    @BeforeEach
    void partnerReceiver() throws Exception {
        receiver = HttpServer.create(new InetSocketAddress(LocalStack.LOOPBACK, 0), 8);
        receiver.createContext("/webhook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            // The first delivery is refused with a 503: EventBridge, and the local one, try again.
            int status = refusals.getAndIncrement() == 0 ? 503 : 204;
            if (status == 204) {
                received.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Accueil-Webhook-Key"), Json.readObject(body), body));
            }
            exchange.sendResponseHeaders(status, -1);
            exchange.close();
        });
        receiver.start();
        url = "http://" + LocalStack.LOOPBACK + ":" + receiver.getAddress().getPort() + "/webhook";
    }

    @AfterEach
    void stopReceiver() {
        STACK.events().deliverTo(LocalEventBridge.Webhook.none());
        receiver.stop(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPartnersAppointmentsReachItsWebhookSignedRetriedAndWithoutPersonalData() throws Exception {
        STACK.events().deliverTo(new LocalEventBridge.Webhook(url, "carsat", "", KEY));
        Citizen.Booked booked = Citizen.book("carsat", NAME, PHONE, EMAIL);
        for (String slot : Citizen.freeSlots("carsat")) {
            if (Citizen.post("/api/appointments/" + booked.id() + "/reschedule?token=" + booked.token(),
                    Json.write(Map.of("slotId", slot)), Map.of()).statusCode() == 200) {
                break;
            }
        }
        assertEquals(200, Citizen.post("/api/appointments/" + booked.id() + "/cancel?token=" + booked.token(), "", Map.of()).statusCode());
        Citizen.Booked attended = Citizen.book("carsat", NAME, PHONE, EMAIL);
        Citizen.Booked elsewhere = Citizen.book("cpam", NAME, PHONE, EMAIL);
        Environment.setLocally("FIXED_CLOCK", Citizen.time(attended, "start").plusSeconds(600).toString());
        try {
            HttpResponse<String> marked = agent("/api/agent/appointments/" + attended.id() + "/attendance", Map.of("status", "NO_SHOW"));
            assertEquals(200, marked.statusCode(), marked.body());
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }

        // EventBridge keeps no order (the refused first delivery comes last): each item's own events, in any order.
        assertEquals(List.of("Appointment Booked", "Appointment Cancelled", "Appointment Moved"),
                awaitTypes(d -> booked.id().equals(detail(d).get("appointmentId")), 3));
        assertEquals(List.of("Appointment Booked", "Appointment No-Show"), awaitTypes(d -> attended.id().equals(detail(d).get("appointmentId")), 2));
        for (Delivery delivery : received) {
            assertEquals(KEY, delivery.key(), "the connection's API key header");
            assertEquals("fr.accueil.partners", delivery.event().get("source"));
            assertEquals("carsat", detail(delivery).get("partnerId"), "filtered by partner");
            assertEquals(List.of(), PersonalData.in(delivery.body(), List.of(NAME, "Vasseur", "Hortense")), delivery.body());
        }
        Map<String, Object> moved = received.stream().filter(d -> "Appointment Moved".equals(d.event().get("detail-type")))
                .findFirst().orElseThrow().event();
        assertTrue(((Map<String, Object>) moved.get("detail")).containsKey("previousStart"), String.valueOf(moved));
        // The other partner's booking is on the bus, shown by the runner, and not delivered.
        Map<String, Object> dev = Json.readObject(Citizen.get(LocalEventBridge.DEV_PATH).body());
        assertTrue(((List<Map<String, Object>>) dev.get("events")).stream()
                .anyMatch(e -> elsewhere.id().equals(((Map<String, Object>) e.get("detail")).get("appointmentId"))), String.valueOf(dev));
        assertTrue(received.stream().noneMatch(d -> elsewhere.id().equals(detail(d).get("appointmentId"))));
    }

    @Test
    void aCallbackIsToldRequestedThenCompleted() throws Exception {
        STACK.events().deliverTo(new LocalEventBridge.Webhook(url, "", "", KEY));
        Map<String, Object> event = Json.readObject(Files.readString(EmbeddedStack.repositoryRoot().resolve("events/ConnectCallbackRequestFunction.json")));
        String number = "+3367" + String.format("%07d", (long) (Math.random() * 10_000_000));
        contact(event).put("CustomerEndpoint", Map.of("Address", number, "Type", "TELEPHONE_NUMBER"));
        HttpResponse<String> answer = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("ConnectCallbackRequestFunction"))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(event))).build());
        String callbackId = (String) Json.readObject(answer.body()).get("callbackId");
        assertTrue(callbackId != null, answer.body());
        assertEquals(200, agent("/api/agent/callbacks/" + callbackId + "/claim", null).statusCode());
        assertEquals(200, agent("/api/agent/callbacks/" + callbackId + "/complete", Map.of("outcome", "REACHED", "note", "Joint.")).statusCode());

        assertEquals(List.of("Callback Completed", "Callback Requested"), awaitTypes(d -> callbackId.equals(detail(d).get("callbackId")), 2));
        Delivery completed = received.stream().filter(d -> "Callback Completed".equals(d.event().get("detail-type"))).findFirst().orElseThrow();
        assertEquals("REACHED", detail(completed).get("outcome"));
        assertFalse(completed.body().contains(number.substring(3)), completed.body());
    }

    /** The detail types delivered for the test's own items, sorted, once there are as many as expected. */
    private List<String> awaitTypes(Predicate<Delivery> ours, int expected) throws InterruptedException {
        long deadline = System.nanoTime() + 20_000_000_000L;
        List<String> types = List.of();
        while (System.nanoTime() < deadline) {
            types = received.stream().filter(ours).map(d -> (String) d.event().get("detail-type")).toList();
            if (types.size() >= expected) {
                Thread.sleep(500); // nothing more should come
                return received.stream().filter(ours).map(d -> (String) d.event().get("detail-type")).sorted().toList();
            }
            Thread.sleep(100);
        }
        return types;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> detail(Delivery delivery) {
        return (Map<String, Object>) delivery.event().get("detail");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> contact(Map<String, Object> event) {
        return (Map<String, Object>) ((Map<String, Object>) event.get("Details")).get("ContactData");
    }

    private static HttpResponse<String> agent(String path, Map<String, Object> body) throws Exception {
        return RunningStack.send(HttpRequest.newBuilder(RunningStack.http(path)).header("Authorization", "Bearer " + STACK.devAgentToken())
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body == null ? "" : Json.write(body))).build());
    }
}
