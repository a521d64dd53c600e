package fr.accueil.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a stub speaking Amazon Connect's REST-JSON protocol on loopback. */
class ConnectQueueLoadTest {
    private static final String INSTANCE = "arn:aws:connect:eu-west-3:123456789012:instance/9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa";
    private static final String RETRAITE = "arn:aws:connect:eu-west-3:123456789012:instance/9308c2a1/queue/retraite-q";
    private static final String GENERAL = "arn:aws:connect:eu-west-3:123456789012:instance/9308c2a1/queue/general-q";

    private record Reply(int status, String errorType, String body) {
    }

    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
    private volatile Reply reply;
    private HttpServer stub;
    private ConnectQueueLoad load;

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        stub.createContext("/", this::answer);
        stub.start();
        Environment.setLocally("AWS_ENDPOINT_URL_CONNECT", "http://127.0.0.1:" + stub.getAddress().getPort());
        System.setProperty("aws.accessKeyId", "test");
        System.setProperty("aws.secretAccessKey", "test");
        load = new ConnectQueueLoad(QueueLoads.connectClient(), INSTANCE,
                new ConnectQueues(Map.of("retraite", RETRAITE), GENERAL));
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
        System.clearProperty("accueil.env.AWS_ENDPOINT_URL_CONNECT");
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            bodies.add(JSON.std.mapFrom(exchange.getRequestBody()));
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (reply.errorType() != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", reply.errorType());
            }
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Test
    void asksForTheQueuesWaitingCallersAndOldestWaitAndReadsThem() {
        reply = new Reply(200, null, """
                {"MetricResults": [{"Dimensions": {"Queue": {"Id": "retraite-q", "Arn": "%s"}, "Channel": "VOICE"},
                  "Collections": [{"Metric": {"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}, "Value": 7.0},
                                  {"Metric": {"Name": "OLDEST_CONTACT_AGE", "Unit": "SECONDS"}, "Value": 421.0}]}],
                 "DataSnapshotTime": 1.7634312E9}""".formatted(RETRAITE));

        assertEquals(Optional.of(new QueueMetrics(7, Duration.ofSeconds(421))), load.current("retraite"));

        assertEquals(List.of("POST /metrics/current/9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa"), paths);
        Map<String, Object> request = bodies.get(0);
        assertEquals(Map.of("Queues", List.of(RETRAITE), "Channels", List.of("VOICE")), request.get("Filters"));
        assertEquals(List.of(Map.of("Name", "CONTACTS_IN_QUEUE", "Unit", "COUNT"),
                Map.of("Name", "OLDEST_CONTACT_AGE", "Unit", "SECONDS")), request.get("CurrentMetrics"));
    }

    @Test
    void keepsAQueuesLoadAFewSecondsToStayUnderTheApiRate() {
        reply = new Reply(200, null, "{\"MetricResults\": []}");
        assertEquals(Optional.of(QueueMetrics.EMPTY), load.current("retraite"));
        assertEquals(Optional.of(QueueMetrics.EMPTY), load.current("retraite"));
        assertEquals(1, paths.size());
    }

    @Test
    void aKeyWithoutQueueOfItsOwnIsMeasuredOnTheGeneralQueue() {
        reply = new Reply(200, null, "{\"MetricResults\": []}");
        load.current("emploi");
        assertEquals(Map.of("Queues", List.of(GENERAL), "Channels", List.of("VOICE")), bodies.get(0).get("Filters"));
    }

    @Test
    void throttlingGivesAnUnknownLoadWithoutRetrying() {
        reply = new Reply(429, "ThrottlingException", "{\"message\": \"Rate exceeded\"}");
        assertEquals(Optional.empty(), load.current("retraite"));
        assertEquals(1, paths.size());
    }

    @Test
    void aServerErrorGivesAnUnknownLoad() {
        reply = new Reply(500, "InternalServiceException", "{\"message\": \"Internal error\"}");
        assertEquals(Optional.empty(), load.current("retraite"));
    }

    @Test
    void noQueueConfiguredAtAllGivesAnUnknownLoadWithoutAsking() {
        ConnectQueueLoad unconfigured = new ConnectQueueLoad(QueueLoads.connectClient(), INSTANCE, new ConnectQueues(Map.of(), ""));
        assertTrue(unconfigured.current("retraite").isEmpty());
        assertTrue(paths.isEmpty());
    }
}
