package fr.accueil.reliability;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.connect.AwsJsonClient;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.callback.CallbackContext;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Amazon Connect's {@code StartOutboundVoiceContact} on loopback (REST-JSON),
 * idempotent on the ClientToken like Connect: a token already seen answers the same contact id and
 * places no second call. With a fault share above 0, the first three requests fail in a fixed order
 * — 429 and 500 before any call is placed, then a call placed whose answer comes too late for the
 * client, which tries again with the same token (a replay) — so that every storm meets each kind;
 * after them, a share of requests fail the same ways at random.
 */
final class ConnectStub implements AutoCloseable {
    /** A call the stub placed: what the outbound flow knows of it. */
    record PlacedCall(String contactId, String callbackId, int attempt, String clientToken) {
    }

    private enum Fault { THROTTLED, SERVER_ERROR, LATE }

    private static final List<Fault> FIRST_FAULTS = List.of(Fault.THROTTLED, Fault.SERVER_ERROR, Fault.LATE);

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final double faultShare;
    private final Duration lateAnswer;
    private final Map<String, PlacedCall> byToken = new ConcurrentHashMap<>();
    /** Calls placed per callback attempt: more than one is a double dial. */
    private final Map<String, LongAdder> perAttempt = new ConcurrentHashMap<>();
    private final Queue<PlacedCall> unreported = new ConcurrentLinkedQueue<>();
    private final AtomicLong numbered = new AtomicLong();
    final LongAdder requests = new LongAdder(), throttled = new LongAdder(), serverErrors = new LongAdder(),
            lateAnswers = new LongAdder(), replays = new LongAdder();

    ConnectStub(double faultShare, Duration lateAnswer) throws IOException {
        this.faultShare = faultShare;
        this.lateAnswer = lateAnswer;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.createContext("/contact/outbound-voice", exchange -> {
            try (exchange) {
                handle(exchange);
            }
        });
        server.setExecutor(executor);
        server.start();
    }

    /** A Connect client with the bounds and retries of {@code CallbackContext}, pointed at the stub. */
    AwsJsonClient client() {
        return new AwsJsonClient(AwsJsonClient.Service.CONNECT, URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Region.EU_WEST_3, StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                CallbackContext.CONNECT_BOUNDS, Clock.systemUTC());
    }

    private void handle(HttpExchange exchange) throws IOException {
        requests.increment();
        Map<String, Object> request = Json.readObject(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Fault fault = fault(numbered.getAndIncrement());
        if (fault == Fault.THROTTLED) {
            throttled.increment();
            answer(exchange, 429, "TooManyRequestsException", "{\"message\":\"Rate exceeded\"}");
            return;
        }
        if (fault == Fault.SERVER_ERROR) {
            serverErrors.increment();
            answer(exchange, 500, "InternalServiceException", "{\"message\":\"injected\"}");
            return;
        }
        String token = (String) request.get("ClientToken");
        @SuppressWarnings("unchecked")
        Map<String, Object> attributes = (Map<String, Object>) request.getOrDefault("Attributes", Map.of());
        boolean[] fresh = {false};
        PlacedCall call = byToken.computeIfAbsent(token, t -> {
            fresh[0] = true;
            PlacedCall placed = new PlacedCall(UUID.randomUUID().toString(), String.valueOf(attributes.get("callbackId")),
                    Integer.parseInt(String.valueOf(attributes.getOrDefault("attempt", "0"))), t);
            perAttempt.computeIfAbsent(placed.callbackId() + "#" + placed.attempt(), k -> new LongAdder()).increment();
            unreported.add(placed);
            return placed;
        });
        if (!fresh[0]) {
            replays.increment();
        }
        if (fault == Fault.LATE) {
            // Placed, but the answer comes after the client gave up waiting.
            lateAnswers.increment();
            sleep(lateAnswer);
        }
        answer(exchange, 200, null, "{\"ContactId\":\"" + call.contactId() + "\"}");
    }

    /** The fault of the n-th request (from 0): the fixed first ones, then a share at random. */
    private Fault fault(long n) {
        if (faultShare <= 0) {
            return null;
        }
        if (n < FIRST_FAULTS.size()) {
            return FIRST_FAULTS.get((int) n);
        }
        double dice = ThreadLocalRandom.current().nextDouble();
        return dice < faultShare ? Fault.values()[(int) (dice / faultShare * Fault.values().length)] : null;
    }

    private static void answer(HttpExchange exchange, int status, String errorType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        if (errorType != null) {
            exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType);
        }
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Calls placed (distinct client tokens). */
    int placed() {
        return byToken.size();
    }

    /** Callback attempts that got more than one call. */
    long doubleDials() {
        return perAttempt.values().stream().filter(n -> n.sum() > 1).count();
    }

    /** Every call placed, once each. */
    Collection<PlacedCall> calls() {
        return List.copyOf(byToken.values());
    }

    /** The next placed call whose outcome the flow has not reported yet. */
    PlacedCall nextUnreported() {
        return unreported.poll();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
