package fr.accueil.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.QueueStaffing;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a stub speaking Amazon Connect's REST-JSON protocol on loopback. */
class ConnectQueueLoadTest {
    private static final String INSTANCE = "arn:aws:connect:eu-central-1:123456789012:instance/9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa";
    private static final String RETRAITE = "arn:aws:connect:eu-central-1:123456789012:instance/9308c2a1/queue/retraite-q";
    private static final String GENERAL = "arn:aws:connect:eu-central-1:123456789012:instance/9308c2a1/queue/general-q";
    private static final ConnectQueues QUEUES = new ConnectQueues(Map.of("retraite", RETRAITE), GENERAL);

    private record Reply(int status, String errorType, String body, Duration delay) {
        Reply(int status, String errorType, String body) {
            this(status, errorType, body, Duration.ZERO);
        }
    }

    /** The adapter's warnings, as the functions' log takes them: the event and its fields. */
    private final List<String> warnings = new CopyOnWriteArrayList<>();

    private final List<String> paths = new CopyOnWriteArrayList<>();
    private final List<Map<String, Object>> bodies = new CopyOnWriteArrayList<>();
    private volatile Reply reply;
    private HttpServer stub;
    private ConnectQueueLoad load;

    private void warned(String event, Map<String, String> fields) {
        warnings.add(event + " " + fields);
    }

    @BeforeEach
    void startStub() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        stub.createContext("/", this::answer);
        stub.start();
        Environment.setLocally("AWS_ENDPOINT_URL_CONNECT", "http://127.0.0.1:" + stub.getAddress().getPort());
        // The access-key variables of a function without SnapStart (the functions read them through Environment).
        Environment.setLocally("AWS_ACCESS_KEY_ID", "test");
        Environment.setLocally("AWS_SECRET_ACCESS_KEY", "test");
        // What is read and how failures are taken, whatever the machine's speed: the 400 ms limit has its own test.
        load = new ConnectQueueLoad(QueueLoads.connectClient(Duration.ofSeconds(10)), INSTANCE, QUEUES, this::warned);
    }

    @AfterEach
    void stopStub() {
        stub.stop(0);
        System.clearProperty("accueil.env.AWS_ENDPOINT_URL_CONNECT");
        System.clearProperty("accueil.env.AWS_ACCESS_KEY_ID");
        System.clearProperty("accueil.env.AWS_SECRET_ACCESS_KEY");
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            paths.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            bodies.add(JSON.std.mapFrom(exchange.getRequestBody()));
            if (!reply.delay().isZero()) {
                try {
                    Thread.sleep(reply.delay().toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
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
    void throttlingGivesAnUnknownLoadWithoutRetryingAndIsLoggedAsAWarning() {
        reply = new Reply(429, "ThrottlingException", "{\"message\": \"Rate exceeded for +33612345678\"}");
        assertEquals(Optional.empty(), load.current("retraite"));
        assertEquals(1, paths.size());
        assertEquals(1, warnings.size());
        String warning = warnings.get(0);
        assertTrue(warning.contains("ThrottlingException (HTTP 429)") && warning.contains(RETRAITE), warning);
        assertFalse(warning.contains("+33612345678"), "the error's message is not logged: " + warning);
    }

    @Test
    void aServerErrorGivesAnUnknownLoadAndAWarning() {
        reply = new Reply(500, "InternalServiceException", "{\"message\": \"Internal error\"}");
        assertEquals(Optional.empty(), load.current("retraite"));
        assertTrue(warnings.get(0).contains("InternalServiceException (HTTP 500)"), warnings.get(0));
    }

    /**
     * Connect gives the flow's function 3 s in all: an answer slower than the 400 ms limit is given up
     * (1.2 s here, which the former 1.5 s limit waited for).
     */
    @Test
    void aSlowAnswerIsGivenUpWellWithinTheFlowsInvocationLimit() {
        ConnectQueueLoad deployed = new ConnectQueueLoad(QueueLoads.connectClient(), INSTANCE, QUEUES, this::warned);
        reply = new Reply(200, null, "{\"MetricResults\": []}", Duration.ofMillis(1200));
        long started = System.nanoTime();
        assertEquals(Optional.empty(), deployed.current("retraite"));
        Duration waited = Duration.ofNanos(System.nanoTime() - started);
        assertTrue(waited.compareTo(Duration.ofMillis(1200)) < 0, "waited " + waited);
        assertTrue(warnings.get(0).contains("SocketTimeoutException"), warnings.get(0));
    }

    @Test
    void noQueueConfiguredAtAllGivesAnUnknownLoadWithoutAsking() {
        ConnectQueueLoad unconfigured = new ConnectQueueLoad(QueueLoads.connectClient(), INSTANCE, new ConnectQueues(Map.of(), ""), this::warned);
        assertTrue(unconfigured.current("retraite").isEmpty());
        assertTrue(paths.isEmpty());
    }

    @Test
    void readsTheStaffingOfAllTheRunsQueuesInOneRequestGroupedByQueue() {
        reply = new Reply(200, null, """
                {"MetricResults": [{"Dimensions": {"Queue": {"Id": "retraite-q", "Arn": "%s"}},
                  "Collections": [{"Metric": {"Name": "AGENTS_AVAILABLE", "Unit": "COUNT"}, "Value": 3.0},
                                  {"Metric": {"Name": "CONTACTS_IN_QUEUE", "Unit": "COUNT"}, "Value": 1.0}]}],
                 "DataSnapshotTime": 1.7634312E9}""".formatted(RETRAITE));

        Map<String, QueueStaffing> staffing = load.staffing(Set.of("retraite", "emploi", "social"));

        assertEquals(1, paths.size(), "one request for every queue of the run");
        Map<String, Object> request = bodies.get(0);
        assertEquals(Map.of("Queues", List.of(GENERAL, RETRAITE), "Channels", List.of("VOICE")), request.get("Filters"));
        assertEquals(List.of("QUEUE"), request.get("Groupings"));
        assertEquals(List.of(Map.of("Name", "AGENTS_AVAILABLE", "Unit", "COUNT"), Map.of("Name", "CONTACTS_IN_QUEUE", "Unit", "COUNT")),
                request.get("CurrentMetrics"));
        assertEquals(new QueueStaffing(RETRAITE, 3, 1), staffing.get("retraite"));
        assertEquals(new QueueStaffing(GENERAL, 0, 0), staffing.get("emploi"), "no result for a queue: no agent, no caller");
        assertEquals(staffing.get("emploi"), staffing.get("social"), "two keys on the general queue share it");
    }

    @Test
    void moreThanAHundredQueuesArePagedAPageASecond() {
        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 101; i++) {
            many.put("q" + i, "arn:aws:connect:eu-central-1:123456789012:instance/9308c2a1/queue/q" + i);
        }
        ConnectQueueLoad load101 = new ConnectQueueLoad(QueueLoads.connectClient(Duration.ofSeconds(10)), INSTANCE,
                new ConnectQueues(many, GENERAL), this::warned);
        reply = new Reply(200, null, "{\"MetricResults\": []}");
        long started = System.nanoTime();

        Map<String, QueueStaffing> staffing = load101.staffing(many.keySet());

        assertEquals(101, staffing.size());
        assertEquals(2, paths.size());
        assertEquals(List.of(100, 1), bodies.stream().map(b -> ((List<?>) ((Map<?, ?>) b.get("Filters")).get("Queues")).size()).toList());
        assertTrue(Duration.ofNanos(System.nanoTime() - started).compareTo(ConnectQueueLoad.BETWEEN_PAGES) >= 0,
                "the second page waits, leaving the account's request rate to the voice functions");
    }

    @Test
    void aThrottledStaffingReadLeavesTheQueuesUnknownAndWarns() {
        reply = new Reply(429, "ThrottlingException", "{\"message\": \"Rate exceeded\"}");

        assertEquals(Map.of(), load.staffing(Set.of("retraite")));
        assertEquals(1, paths.size(), "not retried: the next run reads again");
        assertTrue(warnings.get(0).startsWith("connect.queue-staffing.unknown") && warnings.get(0).contains("ThrottlingException (HTTP 429)"),
                warnings.get(0));
    }
}
