package fr.accueil.connect;

import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.domain.Retry;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.PrimingGuard;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.regions.Region;

/**
 * A client of the few Amazon Connect and Parameter Store operations the functions call, in place of those services'
 * SDK modules (Connect's jar is 11 MB, SSM's 6 MB, for three operations): the JSON body written by jackson-jr, signed
 * by the SDK's SigV4 signer (http-auth-aws, which the DynamoDB client holds anyway) with the credentials
 * {@link AwsClients#credentials()} gives, sent on {@link HttpURLConnection} (what the SDK's url-connection client
 * wraps; used directly for a time bound per request). The wire protocols: Connect is REST-JSON (the operation in the
 * method and path, the error named by the {@code x-amzn-ErrorType} header), Parameter Store JSON 1.1 (POST /, the
 * operation in {@code X-Amz-Target}, the error in the body's {@code __type}) (AWS SDKs' Smithy protocols,
 * « AWS restJson1 » and « AWS JSON 1.1 »).
 *
 * <p>As the SDK did: an attempt and the whole call are bounded; throttling, server errors and failed or timed-out
 * attempts are tried again with the very same request (a Connect ClientToken places a call once) while attempts and
 * the call's time remain; {@link PrimingGuard} stops what is not a read while priming; the endpoint is
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL} when set. The {@link Check}s the class path declares
 * (the local runner's IAM; the deployed packages declare none) see each request before it is sent.
 */
public final class AwsJsonClient {
    /** The two services, their SigV4 signing names and protocols. */
    public enum Service {
        CONNECT("connect", "CONNECT", null, "application/json"),
        SSM("ssm", "SSM", "AmazonSSM", "application/x-amz-json-1.1");

        private final String signingName;
        private final String endpointVariable;
        private final String targetPrefix;
        private final String contentType;

        Service(String signingName, String endpointVariable, String targetPrefix, String contentType) {
            this.signingName = signingName;
            this.endpointVariable = endpointVariable;
            this.targetPrefix = targetPrefix;
            this.contentType = contentType;
        }

        public String signingName() {
            return signingName;
        }
    }

    /** One attempt's time, the whole call's (its retries and their waits included), and the attempts at most. */
    public record Bounds(Duration attempt, Duration call, int attempts) {
        /** One attempt, bounded by {@code call}. */
        public static Bounds once(Duration call) {
            return new Bounds(call, call, 1);
        }
    }

    /** What a request failed with: the service's error (its code and HTTP status) or no answer (status 0). */
    public static final class Failure extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String errorCode;

        public Failure(int status, String errorCode, Throwable cause) {
            super(errorCode + (status == 0 ? "" : " (HTTP " + status + ")"), cause);
            this.status = status;
            this.errorCode = errorCode;
        }

        /** The HTTP status, 0 when no answer came (unreachable, timed out). */
        public int status() {
            return status;
        }

        /** The service's error code ("ThrottlingException"), or the I/O failure's type ("SocketTimeoutException"). */
        public String errorCode() {
            return errorCode;
        }

        /** Worth another try with the same request (AWS SDKs' standard retry mode: throttling, 5xx, no answer). */
        public boolean retryable() {
            return status == 0 || status == 429 || status >= 500 || errorCode.contains("Throttling")
                    || errorCode.equals("TooManyRequestsException");
        }
    }

    /** Sees a request before it is signed: the service's signing name, the operation, the path and the JSON body. */
    public interface Check {
        void beforeExecution(String service, String operation, String path, Map<String, Object> body);
    }

    /** The waits between attempts, as the SDK's standard retry mode (100 ms doubling, at most 1 s, jittered). */
    private static final Duration FIRST_WAIT = Duration.ofMillis(100);
    private static final Duration MAX_WAIT = Duration.ofSeconds(1);
    private static final List<Check> CHECKS = ServiceLoader.load(Check.class).stream().map(ServiceLoader.Provider::get).toList();
    private static final AwsV4HttpSigner SIGNER = AwsV4HttpSigner.create();

    private final Service service;
    private final URI endpoint;
    private final Region region;
    private final AwsCredentialsProvider credentials;
    private final Bounds bounds;
    private final Clock clock;

    public AwsJsonClient(Service service, URI endpoint, Region region, AwsCredentialsProvider credentials, Bounds bounds,
            Clock clock) {
        this.service = service;
        this.endpoint = endpoint;
        this.region = region;
        this.credentials = credentials;
        this.bounds = bounds;
        this.clock = clock;
    }

    /** Region, credentials and endpoint as {@link AwsClients#configure} gives the SDK clients. */
    public static AwsJsonClient fromEnvironment(Service service, Bounds bounds) {
        Region region = AwsClients.region();
        URI endpoint = AwsClients.endpointOverride(service.endpointVariable)
                .orElseGet(() -> URI.create("https://" + service.signingName + "." + region.id() + ".amazonaws.com"));
        return new AwsJsonClient(service, endpoint, region, AwsClients.credentials(), bounds, Clock.systemUTC());
    }

    /** The same client with other bounds. */
    public AwsJsonClient bounded(Bounds other) {
        return new AwsJsonClient(service, endpoint, region, credentials, other, clock);
    }

    /**
     * Calls an operation: JSON 1.1 services are sent {@code POST /} whatever {@code method} and {@code path} say.
     *
     * @param path the request's path, its variable segments already URL-encoded
     * @return the answer's JSON object
     * @throws Failure when the service refuses or does not answer, after the retries the bounds allow
     */
    public Map<String, Object> call(String operation, String method, String path, Map<String, Object> body) {
        for (Check check : CHECKS) {
            check.beforeExecution(service.signingName, operation, path, body);
        }
        byte[] payload = json(body);
        long deadline = System.nanoTime() + bounds.call().toNanos();
        return Retry.of(bounds.attempts(), FIRST_WAIT, MAX_WAIT).call(
                e -> e instanceof Failure f && f.retryable() && System.nanoTime() < deadline,
                attempt -> send(sign(operation, method, path, payload), payload, deadline));
    }

    /** The request as it is sent: its headers, SigV4's among them. */
    SdkHttpRequest sign(String operation, String method, String path, byte[] payload) {
        SdkHttpRequest.Builder request = SdkHttpRequest.builder()
                .uri(endpoint.resolve(service.targetPrefix == null ? path : "/"))
                .method(service.targetPrefix == null ? SdkHttpMethod.fromValue(method) : SdkHttpMethod.POST)
                .putHeader("Content-Type", service.contentType);
        if (service.targetPrefix != null) {
            request.putHeader("X-Amz-Target", service.targetPrefix + "." + operation);
        }
        SdkHttpRequest signed = SIGNER.sign(r -> r.identity(credentials.resolveCredentials())
                .request(request.build())
                .payload(ContentStreamProvider.fromByteArrayUnsafe(payload))
                .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, service.signingName)
                .putProperty(AwsV4HttpSigner.REGION_NAME, region.id())
                .putProperty(AwsV4HttpSigner.SIGNING_CLOCK, clock)).request();
        PrimingGuard.check(operation);
        return signed;
    }

    private Map<String, Object> send(SdkHttpRequest request, byte[] payload, long deadline) {
        int timeout = (int) Math.max(1, Math.min(bounds.attempt().toMillis(), (deadline - System.nanoTime()) / 1_000_000));
        HttpURLConnection connection = null;
        try {
            connection = (HttpURLConnection) request.getUri().toURL().openConnection();
            connection.setRequestMethod(request.method().name());
            connection.setConnectTimeout(timeout);
            connection.setReadTimeout(timeout);
            HttpURLConnection open = connection;
            // HttpURLConnection writes Host and Content-Length itself, the values signed.
            request.forEachHeader((name, values) -> {
                if (!name.equalsIgnoreCase("Host")) {
                    values.forEach(value -> open.addRequestProperty(name, value));
                }
            });
            connection.setDoOutput(true);
            connection.setFixedLengthStreamingMode(payload.length);
            try (OutputStream out = connection.getOutputStream()) {
                out.write(payload);
            }
            int status = connection.getResponseCode();
            byte[] answer;
            try (InputStream in = status < 400 ? connection.getInputStream() : connection.getErrorStream()) {
                answer = in == null ? new byte[0] : in.readAllBytes();
            }
            if (status >= 300) {
                throw new Failure(status, errorCode(connection.getHeaderField("x-amzn-ErrorType"), errorBody(answer), status), null);
            }
            return answer.length == 0 ? Map.of() : JSON.std.mapFrom(answer);
        } catch (IOException e) {
            if (connection != null) {
                connection.disconnect();
            }
            throw new Failure(0, e.getClass().getSimpleName(), e);
        }
    }

    /**
     * The error's code: the {@code x-amzn-ErrorType} header, else the body's {@code __type} or {@code code}, without
     * the namespace before '#' and the URL after ':' ("com.amazonaws.ssm#ValidationException").
     */
    static String errorCode(String header, Map<String, Object> body, int status) {
        Object named = header != null ? header : body.getOrDefault("__type", body.get("code"));
        if (named == null) {
            return "HTTP" + status;
        }
        String code = named.toString();
        code = code.substring(code.indexOf('#') + 1);
        int colon = code.indexOf(':');
        return colon < 0 ? code : code.substring(0, colon);
    }

    /** An error's body, or nothing when it is no JSON object (a proxy's HTML page). */
    private static Map<String, Object> errorBody(byte[] answer) {
        try {
            return answer.length == 0 ? Map.of() : JSON.std.mapFrom(answer);
        } catch (IOException e) {
            return Map.of();
        }
    }

    private static byte[] json(Map<String, Object> body) {
        try {
            return JSON.std.asBytes(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
