package fr.accueil.storage;

import java.util.Set;
import java.util.function.Supplier;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;

/**
 * Keeps SnapStart priming from changing anything: while a thread primes ({@link #run}), a request of the clients
 * {@link AwsClients} configures, or of the hand-written Connect and Parameter Store clients ({@link #check}), leaves
 * the process only if it reads (DynamoDB GetItem, Query and their batches, Parameter Store gets). Any other, a write or a call to Amazon Connect, is stopped once marshalled and signed, the
 * path a first call takes up to the network: its classes are loaded, nothing is written, nobody is dialled. (Lambda
 * Developer Guide, « Maximize Lambda SnapStart performance »: prime in a beforeCheckpoint hook by running the code
 * paths calls take; the hook runs once per published version, so what it does must be safe to do then.)
 */
public final class PrimingGuard implements ExecutionInterceptor {
    private static final ThreadLocal<Boolean> PRIMING = ThreadLocal.withInitial(() -> false);
    private static final Set<String> READS = Set.of("GetItem", "BatchGetItem", "TransactGetItems", "Query",
            "GetParameter", "GetParameters", "GetParametersByPath");

    /** What a stopped request throws: the caller's code takes its failure path, as for a refused write. */
    public static final class Stopped extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        Stopped(String operation) {
            super(operation + " stopped: priming sends reads only");
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

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        check(context.request().getClass().getSimpleName().replaceFirst("Request$", ""));
    }

    /**
     * Called once a request is marshalled and signed, before it is sent.
     *
     * @param operation the API's operation name ("GetItem", "StartOutboundVoiceContact")
     * @throws Stopped while this thread primes, unless the operation reads
     */
    public static void check(String operation) {
        if (PRIMING.get() && !READS.contains(operation)) {
            throw new Stopped(operation);
        }
    }
}
