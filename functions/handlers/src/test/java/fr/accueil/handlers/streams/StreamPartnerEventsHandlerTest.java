package fr.accueil.handlers.streams;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.storage.events.EventBridgePartnerEvents;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;

/**
 * The sample stream batch (a booking, then its move) through the real SDK client to an endpoint on loopback
 * that answers PutEvents as EventBridge does, entry by entry: the events in order, no personal data, and a
 * failed entry reported as the batch item Lambda must retry from.
 */
class StreamPartnerEventsHandlerTest {
    private final List<Map<String, Object>> requests = new CopyOnWriteArrayList<>();
    private volatile String failEntry;
    private HttpServer eventBridge;
    private StreamPartnerEventsHandler handler;

    @BeforeEach
    void eventBridgeOnLoopback() throws Exception {
        eventBridge = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4);
        eventBridge.createContext("/", exchange -> {
            Map<String, Object> request = JSON.std.mapFrom(exchange.getRequestBody());
            requests.add(request);
            List<Map<String, Object>> results = new ArrayList<>();
            int failed = 0;
            for (Object entry : (List<?>) request.get("Entries")) {
                if (String.valueOf(((Map<?, ?>) entry).get("DetailType")).equals(failEntry)) {
                    results.add(Map.of("ErrorCode", "InternalFailure", "ErrorMessage", "try again"));
                    failed++;
                } else {
                    results.add(Map.of("EventId", "e-" + results.size()));
                }
            }
            byte[] body = JSON.std.asBytes(Map.of("FailedEntryCount", failed, "Entries", results));
            exchange.getResponseHeaders().add("Content-Type", "application/x-amz-json-1.1");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        eventBridge.start();
        EventBridgeClient client = EventBridgeClient.builder().region(Region.EU_CENTRAL_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + eventBridge.getAddress().getPort()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        handler = new StreamPartnerEventsHandler(new EventBridgePartnerEvents(client, "accueil-demo-dev-partner-events"));
    }

    @AfterEach
    void stop() {
        eventBridge.stop(0);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBatchsEventsGoInOrderWithoutPersonalData() throws Exception {
        StreamsEventResponse response = handler.handleRequest(SampleEvents.read("StreamPartnerEventsFunction.json", DynamodbEvent.class), null);
        assertEquals(List.of(), response.getBatchItemFailures());
        List<Map<String, Object>> entries = (List<Map<String, Object>>) requests.get(0).get("Entries");
        assertEquals(List.of("Appointment Booked", "Appointment Moved"), entries.stream().map(e -> e.get("DetailType")).toList());
        assertEquals("fr.accueil.partners", entries.get(0).get("Source"));
        assertEquals("accueil-demo-dev-partner-events", entries.get(0).get("EventBusName"));
        Map<String, Object> detail = JSON.std.mapFrom((String) entries.get(0).get("Detail"));
        assertEquals("c4ca4238a0b923820dcc509a6f75849b", detail.get("eventId"), "the stream record's id");
        String sent = JSON.std.asString(requests);
        for (String personal : List.of("Jeanne", "Martin", "612345678", "tokenHash", "0c5b1e2f")) {
            assertFalse(sent.contains(personal), personal + " in " + sent);
        }
    }

    @Test
    void aFailedEntryIsTheBatchItemLambdaRetriesFrom() {
        failEntry = "Appointment Moved";
        StreamsEventResponse response = handler.handleRequest(SampleEvents.read("StreamPartnerEventsFunction.json", DynamodbEvent.class), null);
        assertEquals(List.of("200000000000000000002"), response.getBatchItemFailures().stream()
                .map(StreamsEventResponse.BatchItemFailure::getItemIdentifier).toList());
        assertTrue(requests.size() == 1, "one PutEvents for the batch");
    }
}
