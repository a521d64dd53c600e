package fr.accueil.storage;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.AbortableInputStream;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.HttpExecuteResponse;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.SdkHttpResponse;
import software.amazon.awssdk.utils.AttributeMap;

/**
 * Keeps SnapStart priming from changing anything: while a thread primes ({@link #run}), a request of the clients
 * {@link AwsClients} configures leaves the process only if it reads (DynamoDB GetItem, Query and their batches,
 * Parameter Store gets). Any other, a write or a call to Amazon Connect, is marshalled and signed, then addressed to
 * {@link #STOPPED_HOST}, which the client's transport ({@link #answering}) answers itself with the operation's
 * empty success (HTTP 200, {@code {}}): the path a first call takes past the write (the response's unmarshalling,
 * the code after it) is loaded and compiled too, nothing is written, nobody is dialled. Outside priming nothing
 * changes. The hand-written Connect and Parameter Store client asks {@link #check}: its writes and Connect calls are
 * stopped there, before they leave. (Lambda Developer Guide, « Maximize Lambda SnapStart performance »: prime in a beforeCheckpoint hook by
 * running the code paths calls take; the hook runs once per published version, so what it does must be safe then.)
 */
public final class PrimingGuard implements ExecutionInterceptor {
    /** Where a stopped request goes: a reserved name that never resolves (RFC 2606), answered by {@link #answering}. */
    static final String STOPPED_HOST = "priming.invalid";
    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> false);
    private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "TransactGetItems", "Query",
            "GetParameter", "GetParameters", "GetParametersByPath");

    /** What a request that would still leave for its endpoint while priming throws. */
    public static final class Stopped extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Stopped(String request) {
            super(request + " stopped: priming sends reads only");
        }
    }

    /** Runs the priming work on this thread with the guard on. */
    public static <T> T run(Supplier<T> work) {
        PRIMING.set(true);
        try {
            return work.get();
        } finally {
            PRIMING.remove();
        }
    }

    /** The client's transport, answering the requests the guard stopped and passing on the others. */
    public static SdkHttpClient.Builder<?> answering(SdkHttpClient.Builder<?> transport) {
        return new AnsweringBuilder(transport);
    }

    private static boolean stops(Object request) {
        return stops(request.getClass().getSimpleName().replaceFirst("Request$", ""));
    }

    private static boolean stops(String operation) {
        return PRIMING.get() && !READS.contains(operation);
    }

    /**
     * What the hand-written Connect and Parameter Store client ({@code AwsJsonClient}) calls once a request is
     * marshalled and signed, before it is sent.
     *
     * @param operation the API's operation name ("GetParametersByPath", "StartOutboundVoiceContact")
     * @throws Stopped while this thread primes, unless the operation reads
     */
    public static void check(String operation) {
        if (stops(operation)) {
            throw new Stopped(operation);
        }
    }

    @Override
    public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
        return stops(context.request()) ? context.httpRequest().toBuilder().host(STOPPED_HOST).build() : context.httpRequest();
    }

    /** A second lock: a stopped request whose address something changed back does not leave. */
    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        if (stops(context.request()) && !STOPPED_HOST.equals(context.httpRequest().host())) {
            throw new Stopped(context.request().getClass().getSimpleName());
        }
    }

    private record AnsweringBuilder(SdkHttpClient.Builder<?> transport) implements SdkHttpClient.Builder<AnsweringBuilder> {
        @Override
        public SdkHttpClient buildWithDefaults(AttributeMap defaults) {
            return new Answering(transport.buildWithDefaults(defaults));
        }
    }

    private record Answering(SdkHttpClient transport) implements SdkHttpClient {
        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            if (!STOPPED_HOST.equals(request.httpRequest().host())) {
                return transport.prepareRequest(request);
            }
            return new ExecutableHttpRequest() {
                @Override
                public HttpExecuteResponse call() {
                    return HttpExecuteResponse.builder()
                            .response(SdkHttpResponse.builder().statusCode(200).putHeader("Content-Type", "application/json").build())
                            .responseBody(AbortableInputStream.create(new ByteArrayInputStream("{}".getBytes(StandardCharsets.UTF_8))))
                            .build();
                }

                @Override
                public void abort() {
                }
            };
        }

        @Override
        public String clientName() {
            return transport.clientName();
        }

        @Override
        public void close() {
            transport.close();
        }
    }
}
