package fr.accueil.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.storage.PrimingGuard;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.regions.Region;

/** The wire protocols against a loopback stub, and the signature against SigV4 computed here from its specification. */
class AwsJsonClientTest {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-12-03T12:00:00Z"), ZoneOffset.UTC);
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

    private record Received(String method, String path, Map<String, String> headers, String body) {
    }

    private record Reply(int status, String errorType, String body) {
    }

    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final List<Reply> replies = new CopyOnWriteArrayList<>();
    private HttpServer stub;

    @BeforeEach
    void start() throws IOException {
        stub = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 8);
        stub.createContext("/", this::answer);
        stub.start();
    }

    @AfterEach
    void stop() {
        stub.stop(0);
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange) {
            Map<String, String> headers = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            exchange.getRequestHeaders().forEach((name, values) -> headers.put(name, values.get(0)));
            received.add(new Received(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(), headers,
                    new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8)));
            Reply reply = replies.size() > 1 ? replies.remove(0) : replies.get(0);
            byte[] body = reply.body().getBytes(StandardCharsets.UTF_8);
            if (reply.errorType() != null) {
                exchange.getResponseHeaders().add("x-amzn-ErrorType", reply.errorType());
            }
            exchange.sendResponseHeaders(reply.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    private AwsJsonClient client(AwsJsonClient.Service service, AwsJsonClient.Bounds bounds, Clock clock) {
        return new AwsJsonClient(service, URI.create("http://127.0.0.1:" + stub.getAddress().getPort()), Region.EU_CENTRAL_1,
                StaticCredentialsProvider.create(AwsSessionCredentials.create("ASIAEXAMPLE", SECRET, "session-token")), bounds, clock);
    }

    @Test
    void parameterStoreIsJson11PostedToTheRootWithItsTargetAndSignedForSsm() throws Exception {
        replies.add(new Reply(200, null, "{\"Parameters\":[]}"));
        AwsJsonClient ssm = client(AwsJsonClient.Service.SSM, AwsJsonClient.Bounds.once(Duration.ofSeconds(5)), Clock.systemUTC());

        assertEquals(Map.of("Parameters", List.of()), ssm.call("GetParametersByPath", "POST", "/", Map.of("Path", "/a")));

        Received request = received.get(0);
        assertEquals("POST /", request.method() + " " + request.path());
        assertEquals("AmazonSSM.GetParametersByPath", request.headers().get("X-Amz-Target"));
        assertEquals("application/x-amz-json-1.1", request.headers().get("Content-Type"));
        assertEquals("session-token", request.headers().get("X-Amz-Security-Token"));
        assertEquals(Map.of("Path", "/a"), JSON.std.mapFrom(request.body()));
        assertTrue(request.headers().get("Authorization").matches(
                "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/\\d{8}/eu-central-1/ssm/aws4_request, SignedHeaders=.*x-amz-target.*"),
                request.headers().get("Authorization"));
    }

    @Test
    void connectIsRestJsonOnTheOperationsMethodAndPath() throws Exception {
        replies.add(new Reply(200, null, "{\"ContactId\":\"c-1\"}"));
        AwsJsonClient connect = client(AwsJsonClient.Service.CONNECT, AwsJsonClient.Bounds.once(Duration.ofSeconds(5)), Clock.systemUTC());

        assertEquals("c-1", connect.call("StartOutboundVoiceContact", "PUT", "/contact/outbound-voice", Map.of("ClientToken", "t"))
                .get("ContactId"));

        Received request = received.get(0);
        assertEquals("PUT /contact/outbound-voice", request.method() + " " + request.path());
        assertEquals(null, request.headers().get("X-Amz-Target"));
        assertTrue(request.headers().get("Authorization").contains("/eu-central-1/connect/aws4_request"));
    }

    /** SigV4 as the Signature Version 4 specification computes it: canonical request, string to sign, derived key. */
    @Test
    void theSignatureIsSigV4s() throws Exception {
        AwsJsonClient ssm = client(AwsJsonClient.Service.SSM, AwsJsonClient.Bounds.once(Duration.ofSeconds(5)), FIXED);
        byte[] body = "{\"Path\":\"/accueil\"}".getBytes(StandardCharsets.UTF_8);

        SdkHttpRequest signed = ssm.sign("GetParametersByPath", "POST", "/", body);

        String authorization = signed.firstMatchingHeader("Authorization").orElseThrow();
        String signedHeaders = authorization.replaceAll(".*SignedHeaders=([^,]+),.*", "$1");
        List<String> canonicalHeaders = new ArrayList<>();
        for (String name : signedHeaders.split(";")) {
            canonicalHeaders.add(name + ":" + signed.firstMatchingHeader(name).orElseThrow().trim());
        }
        String canonical = String.join("\n", "POST", "/", "", String.join("\n", canonicalHeaders), "", signedHeaders, hex(sha256(body)));
        String scope = "20261203/eu-central-1/ssm/aws4_request";
        String toSign = String.join("\n", "AWS4-HMAC-SHA256", "20261203T120000Z", scope,
                hex(sha256(canonical.getBytes(StandardCharsets.UTF_8))));
        byte[] key = hmac(("AWS4" + SECRET).getBytes(StandardCharsets.UTF_8), "20261203");
        for (String part : List.of("eu-central-1", "ssm", "aws4_request")) {
            key = hmac(key, part);
        }
        assertEquals("AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/" + scope + ", SignedHeaders=" + signedHeaders
                + ", Signature=" + hex(hmac(key, toSign)), authorization);
        assertEquals("20261203T120000Z", signed.firstMatchingHeader("X-Amz-Date").orElseThrow());
        assertTrue(signedHeaders.contains("host") && signedHeaders.contains("x-amz-target") && signedHeaders.contains("content-type"),
                signedHeaders);
    }

    @Test
    void throttlingAndServerErrorsAreTriedAgainWithTheSameRequest() {
        replies.addAll(List.of(new Reply(429, "TooManyRequestsException", "{}"), new Reply(500, "InternalServiceException", "{}"),
                new Reply(200, null, "{\"ContactId\":\"c-1\"}")));
        AwsJsonClient connect = client(AwsJsonClient.Service.CONNECT,
                new AwsJsonClient.Bounds(Duration.ofSeconds(2), Duration.ofSeconds(8), 3), Clock.systemUTC());

        connect.call("StartOutboundVoiceContact", "PUT", "/contact/outbound-voice", Map.of("ClientToken", "same"));

        assertEquals(3, received.size());
        assertEquals(1, received.stream().map(Received::body).distinct().count(), "the same ClientToken each time");
    }

    @Test
    void aRefusalIsNotTriedAgainAndNamesTheServicesError() {
        replies.add(new Reply(400, null, "{\"__type\":\"com.amazonaws.ssm#ValidationException\",\"message\":\"no\"}"));
        AwsJsonClient ssm = client(AwsJsonClient.Service.SSM,
                new AwsJsonClient.Bounds(Duration.ofSeconds(2), Duration.ofSeconds(5), 3), Clock.systemUTC());

        AwsJsonClient.Failure failure = assertThrows(AwsJsonClient.Failure.class,
                () -> ssm.call("GetParametersByPath", "POST", "/", Map.of("Path", "/a")));

        assertEquals("ValidationException", failure.errorCode());
        assertEquals(400, failure.status());
        assertEquals(1, received.size());
        assertEquals("ThrottlingException", AwsJsonClient.errorCode("ThrottlingException:http://internal.amazon.com/", Map.of(), 429));
    }

    @Test
    void primingSendsParameterStoreReadsButNoConnectCall() {
        replies.add(new Reply(200, null, "{}"));
        AwsJsonClient.Bounds once = AwsJsonClient.Bounds.once(Duration.ofSeconds(5));

        PrimingGuard.run(() -> client(AwsJsonClient.Service.SSM, once, Clock.systemUTC()).call("GetParametersByPath", "POST", "/", Map.of()));
        assertThrows(PrimingGuard.Stopped.class, () -> PrimingGuard.run(() -> client(AwsJsonClient.Service.CONNECT, once, Clock.systemUTC())
                .call("StartOutboundVoiceContact", "PUT", "/contact/outbound-voice", Map.of())));

        assertEquals(1, received.size(), "the Connect call did not leave");
    }

    private static byte[] sha256(byte[] data) throws Exception {
        return MessageDigest.getInstance("SHA-256").digest(data);
    }

    private static byte[] hmac(byte[] key, String data) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }
}
