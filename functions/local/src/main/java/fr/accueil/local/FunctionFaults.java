package fr.accueil.local;

import java.time.Duration;
import java.util.concurrent.Callable;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/**
 * The DynamoDB side of {@link FunctionFault}: an SDK execution interceptor registered for every client
 * of the local runner (the SDK reads software/amazon/awssdk/global/handlers/execution.interceptors from
 * the classpath; the deployed functions' jar has no such file). It acts only on a thread inside
 * {@link #during}, i.e. while the faulty function's invocation runs on it, and lets every other request
 * through untouched. Public with a public constructor: the SDK instantiates it.
 */
public final class FunctionFaults implements ExecutionInterceptor {
    /** The fault of the invocation running on this thread, if any. */
    private static final ThreadLocal<Active> ACTIVE = new ThreadLocal<>();

    private record Active(FunctionFault fault, Duration delay) {
    }

    /**
     * Runs an invocation with the fault applied to its DynamoDB requests.
     *
     * @param delay how long a {@code slow} function's requests wait
     */
    static <T> T during(FunctionFault fault, Duration delay, Callable<T> invocation) throws Exception {
        if (fault == null) {
            return invocation.call();
        }
        ACTIVE.set(new Active(fault, delay));
        try {
            return invocation.call();
        } finally {
            ACTIVE.remove();
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        Active active = ACTIVE.get();
        if (active == null) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        switch (active.fault().kind()) {
            case THROWS -> throw new OutOfMemoryError("Java heap space (fault injected in " + operation + ")");
            case DYNAMODB_DOWN -> throw SdkClientException.create("Unable to execute HTTP request: Connection refused"
                    + " (fault injected in " + operation + ")");
            case SLOW -> {
                try {
                    Thread.sleep(active.delay().toMillis());
                } catch (InterruptedException e) {
                    // The client's own timeout gave up on the request (or the invocation was cut): it never leaves.
                    Thread.currentThread().interrupt();
                    throw AbortedException.create("the request was given up before it left (fault injected in " + operation + ")");
                }
            }
            default -> {
                // answered-by is applied by the interpreter: another function is invoked
            }
        }
    }
}
