package fr.accueil.connect.outbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import fr.accueil.connect.AwsJsonClient;
import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.callback.OutboundDialer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * Against a stub that speaks Amazon Connect's REST-JSON protocol on loopback:
 * {@code PUT /contact/outbound-voice}, errors named by the {@code x-amzn-ErrorType} header.
 */
class ConnectOutboundDialerTest {
    private static final String QUEUE_ARN =
            "arn:aws:connect:eu-central-1:123456789012:instance/9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa/queue/4b5c6d7e-0000-1111-2222-333344445555";

    private record Exchange(String method, String path, String body) {
    }

    private final List<Exchange> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger status = new AtomicInteger(200);
    private final AtomicReference<String> errorType = new AtomicReference<>();
    private HttpServer stub;
    private ConnectOutboundDialer dialer;

    @BeforeEach
    void start() throws Exception {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        stub.createContext("/", exchange -> {
            received.add(new Exchange(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            byte[] body = (status.get() == 200
                    ? "{\"ContactId\":\"c0ffee00-1111-2222-3333-444455556666\"}"
                    : "{\"message\":\"stubbed failure\"}").getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            if (errorType.get() != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", errorType.get());
            }
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        stub.start();
        // One attempt: how each answer is told the dispatcher; the retries have their own test.
        AwsJsonClient connect = new AwsJsonClient(AwsJsonClient.Service.CONNECT,
                URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), Region.EU_WEST_3,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")),
                AwsJsonClient.Bounds.once(Duration.ofSeconds(10)), Clock.systemUTC());
        dialer = new ConnectOutboundDialer(connect, "9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa",
                new ConnectQueues(Map.of("retraite", QUEUE_ARN), "general-queue-id"), "+33970000000");
    }

    @AfterEach
    void stop() {
        stub.stop(0);
    }

    @Test
    void startsAnOutboundVoiceContactWithEverythingTheFlowNeeds() throws Exception {
        String contactId = dialer.dial("+33612345678", "flow-123", "retraite",
                Map.of("callbackId", "cb-1", "attempt", "2"), "5f1e8a7c-1b2d-3c4e-8f9a-0b1c2d3e4f5a");

        assertEquals("c0ffee00-1111-2222-3333-444455556666", contactId);
        assertEquals(1, received.size());
        Exchange request = received.get(0);
        assertEquals("PUT", request.method());
        assertEquals("/contact/outbound-voice", request.path());
        String body = request.body();
        assertTrue(body.contains("\"DestinationPhoneNumber\":\"+33612345678\""), body);
        assertTrue(body.contains("\"ContactFlowId\":\"flow-123\""), body);
        assertTrue(body.contains("\"InstanceId\":\"9308c2a1-9bc6-4cea-8290-6c0b4a6d38fa\""), body);
        assertTrue(body.contains("\"QueueId\":\"" + QUEUE_ARN + "\""), body);
        assertTrue(body.contains("\"callbackId\":\"cb-1\"") && body.contains("\"attempt\":\"2\""), body);
        assertTrue(body.contains("\"ClientToken\":\"5f1e8a7c-1b2d-3c4e-8f9a-0b1c2d3e4f5a\""), body);
        assertTrue(body.contains("\"SourcePhoneNumber\":\"+33970000000\""), body);
    }

    @Test
    void aQueueWithoutItsOwnGoesToTheGeneralQueue() throws Exception {
        dialer.dial("+33612345678", "flow-123", "impots", Map.of(), "token-1");
        assertTrue(received.get(0).body().contains("\"QueueId\":\"general-queue-id\""));
    }

    @Test
    void tooManyRequestsIsThrottled() {
        status.set(429);
        errorType.set("TooManyRequestsException");
        assertThrows(OutboundDialer.Throttled.class, () -> dialer.dial("+33612345678", "flow", "retraite", Map.of(), "t"));
        assertEquals(1, received.size(), "one attempt allowed, one made");
    }

    @Test
    void aServerErrorIsTransient() {
        status.set(500);
        errorType.set("InternalServiceException");
        assertThrows(OutboundDialer.TransientFailure.class, () -> dialer.dial("+33612345678", "flow", "retraite", Map.of(), "t"));
    }

    @Test
    void theConcurrentCallsQuotaIsTransient() {
        status.set(402);
        errorType.set("LimitExceededException");
        assertThrows(OutboundDialer.TransientFailure.class, () -> dialer.dial("+33612345678", "flow", "retraite", Map.of(), "t"));
    }

    @Test
    void aRefusedDestinationIsPermanent() {
        status.set(400);
        errorType.set("DestinationNotAllowedException");
        assertThrows(OutboundDialer.PermanentFailure.class, () -> dialer.dial("+33612345678", "flow", "retraite", Map.of(), "t"));
    }
}
