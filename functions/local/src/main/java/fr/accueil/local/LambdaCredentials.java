package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The functions' credentials as Lambda gives them (Lambda Developer Guide, « Activating and managing Lambda
 * SnapStart », Using SnapStart with AWS SDKs; « Defined runtime environment variables »): a function with
 * SnapStart has no access-key variables but {@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and
 * {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}, an endpoint its SDK asks for credentials; one without SnapStart
 * has {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}.
 *
 * <p>The runner hosts every function in one JVM and one SDK client per service, so the template's functions
 * must agree: all with SnapStart (the container endpoint, served here on loopback, as the SDK accepts an
 * {@code http} full URI only on a loopback address — AWS SDKs and Tools Reference Guide, « Container
 * credential provider »), or none (session keys as variables). The endpoint answers as the container
 * credential provider protocol says: a GET with the token in {@code Authorization}, answered by
 * {@code AccessKeyId}, {@code SecretAccessKey}, {@code Token} and {@code Expiration}; a request without the
 * token is refused (401), with another token too (403). Credentials expire after {@link #LIFETIME}; the SDK
 * fetches new ones 15 minutes before, so a runner left up exercises the refresh as well.
 */
final class LambdaCredentials implements AutoCloseable {
    static final String PATH = "/credentials";
    /** As short-lived as the SDK's refresh margins allow (it refreshes 15 min before expiry, insists 1 min before). */
    static final Duration LIFETIME = Duration.ofMinutes(20);
    private static final List<String> ACCESS_KEY_VARIABLES = List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY",
            "AWS_SESSION_TOKEN");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final HttpServer server;
    private final String token;
    private final Duration lifetime;
    private final AtomicInteger issued = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();

    private LambdaCredentials(HttpServer server, String token, Duration lifetime) {
        this.server = server;
        this.token = token;
        this.lifetime = lifetime;
    }

    /**
     * Gives the template's functions their credentials through the names their SDK reads: the system properties
     * {@code aws.containerCredentialsFullUri} and {@code aws.containerAuthorizationToken} (which the SDK reads
     * before the environment), and the access-key variables through {@link Environment} (blank for SnapStart
     * functions, whatever the runner's own environment holds).
     *
     * @return the endpoint, to close with the stack; none when the functions have no SnapStart
     * @throws IllegalStateException when some functions have SnapStart and others not
     */
    static LambdaCredentials give(Functions functions, Duration lifetime) throws IOException {
        List<String> withSnapStart = functions.all().stream().filter(FunctionSpec::snapStart).map(FunctionSpec::logicalId).toList();
        List<String> without = functions.all().stream().filter(f -> !f.snapStart()).map(FunctionSpec::logicalId).toList();
        if (!withSnapStart.isEmpty() && !without.isEmpty()) {
            throw new IllegalStateException("The local runner hosts every function in one JVM and cannot give SnapStart's"
                    + " container credentials to some and access keys to others: SnapStart on " + withSnapStart
                    + ", not on " + without + ". Set SnapStart alike on every function of the template.");
        }
        System.clearProperty("aws.containerCredentialsFullUri");
        System.clearProperty("aws.containerAuthorizationToken");
        if (withSnapStart.isEmpty()) {
            Map<String, String> keys = credentials(Instant.now().plus(lifetime));
            Environment.setLocally("AWS_ACCESS_KEY_ID", keys.get("AccessKeyId"));
            Environment.setLocally("AWS_SECRET_ACCESS_KEY", keys.get("SecretAccessKey"));
            Environment.setLocally("AWS_SESSION_TOKEN", keys.get("Token"));
            return null;
        }
        LambdaCredentials endpoint = start(lifetime);
        ACCESS_KEY_VARIABLES.forEach(name -> Environment.setLocally(name, ""));
        System.setProperty("aws.containerCredentialsFullUri", endpoint.uri().toString());
        System.setProperty("aws.containerAuthorizationToken", endpoint.token);
        return endpoint;
    }

    /** The endpoint alone, on a free loopback port, with a token of its own. */
    static LambdaCredentials start(Duration lifetime) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.LOOPBACK, 0), 16);
        LambdaCredentials endpoint = new LambdaCredentials(server, random(24), lifetime);
        server.createContext(PATH, endpoint::handle);
        server.start();
        return endpoint;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (!"GET".equals(exchange.getRequestMethod()) || !PATH.equals(exchange.getRequestURI().getPath())) {
                Exchanges.sendJson(exchange, 404, Map.of(), error("NotFound", "GET " + PATH + " only"));
            } else if (authorization == null || authorization.isBlank()) {
                refused.incrementAndGet();
                Exchanges.sendJson(exchange, 401, Map.of(), error("Unauthorized", "no authorization token"));
            } else if (!token.equals(authorization)) {
                refused.incrementAndGet();
                Exchanges.sendJson(exchange, 403, Map.of(), error("AccessDenied", "this authorization token is not valid"));
            } else {
                issued.incrementAndGet();
                Exchanges.sendJson(exchange, 200, Map.of(), Json.write(credentials(Instant.now().plus(lifetime))));
            }
        }
    }

    /** A new temporary key each time, as STS gives them (ASIA…), valid until {@code expiration}. */
    private static Map<String, String> credentials(Instant expiration) {
        Map<String, String> credentials = new LinkedHashMap<>();
        credentials.put("AccessKeyId", "ASIA" + random(8).toUpperCase());
        credentials.put("SecretAccessKey", random(20));
        credentials.put("Token", random(32));
        credentials.put("Expiration", expiration.truncatedTo(ChronoUnit.SECONDS).toString());
        return credentials;
    }

    private static String error(String code, String message) {
        return Json.write(Map.of("code", code, "message", message));
    }

    private static String random(int bytes) {
        byte[] value = new byte[bytes];
        RANDOM.nextBytes(value);
        return HexFormat.of().formatHex(value);
    }

    URI uri() {
        return URI.create("http://" + LocalStack.LOOPBACK + ":" + server.getAddress().getPort() + PATH);
    }

    String token() {
        return token;
    }

    /** Credentials given so far. */
    int issued() {
        return issued.get();
    }

    /** Requests refused for their token so far. */
    int refused() {
        return refused.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
