package fr.accueil.reliability;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.storage.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Faults injected at the SDK level: an execution interceptor that fails a share of the calls as
 * DynamoDB would answer them — throttling (ProvisionedThroughputExceededException, 400), an
 * internal error (500), for transactions a TransactionCanceledException whose first reason is
 * TransactionConflict, and for writes the answer lost after DynamoDB applied the write (the call
 * reaches DynamoDB Local, then the client sees a 500 and retries). Every fault is thrown inside
 * the SDK's retry loop, so the client's own retry policy sees it exactly as a real answer.
 *
 * <p>Each kind is injected once on the first eligible call after {@link #enabled enabling} (when
 * the share is above 0), so a short storm meets every kind; then calls fail at random.
 *
 * <p>The client is built by {@link AwsClients#configure} as production builds it (same retry
 * policy, same HTTP client), only pointed at DynamoDB Local with the interceptor added.
 */
final class DynamoFaults implements ExecutionInterceptor {
    enum Kind { THROTTLING, SERVER_ERROR, TRANSACTION_CONFLICT, APPLIED_ANSWER_LOST }

    /** The operations that change data: the ones whose answer can be lost after they were applied. */
    static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");
    /** Set before transmission on a call whose answer is to be lost once DynamoDB has applied it. */
    private static final ExecutionAttribute<Boolean> LOSE_ANSWER = new ExecutionAttribute<>("accueil.loseAnswer");

    private final double share;
    private volatile boolean enabled = true;
    private final Map<Kind, LongAdder> injected = new EnumMap<>(Kind.class);
    private final Map<Kind, AtomicBoolean> scheduled = new EnumMap<>(Kind.class);
    private final AtomicLong calls = new AtomicLong();

    /** @param share the share of calls that fail, 0 to 1 */
    DynamoFaults(double share) {
        this.share = share;
        for (Kind kind : Kind.values()) {
            injected.put(kind, new LongAdder());
            scheduled.put(kind, new AtomicBoolean(share > 0));
        }
    }

    /** A client for the shared DynamoDB Local, built the production way, with these faults. */
    DynamoDbClient client(EmbeddedStack stack) {
        return AwsClients.configure(DynamoDbClient.builder(), "DYNAMODB")
                .endpointOverride(stack.dynamoDb().endpoint())
                .region(LocalClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .overrideConfiguration(o -> o.addExecutionInterceptor(this))
                .build();
    }

    void enabled(boolean on) {
        enabled = on;
    }

    long injected() {
        return injected.values().stream().mapToLong(LongAdder::sum).sum();
    }

    long injected(Kind kind) {
        return injected.get(kind).sum();
    }

    /** Calls that left for DynamoDB, attempts included. */
    long calls() {
        return calls.get();
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        calls.incrementAndGet();
        if (!enabled) {
            return;
        }
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        List<Kind> eligible = new ArrayList<>(List.of(Kind.THROTTLING, Kind.SERVER_ERROR));
        if (context.request() instanceof TransactWriteItemsRequest) {
            eligible.add(Kind.TRANSACTION_CONFLICT);
        }
        if (WRITES.contains(operation)) {
            eligible.add(Kind.APPLIED_ANSWER_LOST);
        }
        Kind kind = eligible.stream().filter(k -> scheduled.get(k).compareAndSet(true, false)).findFirst()
                .orElseGet(() -> ThreadLocalRandom.current().nextDouble() < share
                        ? eligible.get(ThreadLocalRandom.current().nextInt(eligible.size())) : null);
        if (kind == null) {
            return;
        }
        switch (kind) {
            case THROTTLING -> {
                injected.get(kind).increment();
                throw ProvisionedThroughputExceededException.builder()
                        .message("injected: throughput exceeded on " + operation).statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                                .serviceName("DynamoDb").build())
                        .build();
            }
            case SERVER_ERROR -> {
                injected.get(kind).increment();
                throw serverError("injected: internal server error on " + operation);
            }
            case TRANSACTION_CONFLICT -> {
                injected.get(kind).increment();
                int items = ((TransactWriteItemsRequest) context.request()).transactItems().size();
                throw TransactionCanceledException.builder()
                        .message("injected: transaction cancelled, conflict").statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").serviceName("DynamoDb").build())
                        .cancellationReasons(conflictOnFirst(items))
                        .build();
            }
            case APPLIED_ANSWER_LOST -> attributes.putAttribute(LOSE_ANSWER, true);
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** The write went through; its answer, if DynamoDB applied it, is lost on the way back. */
    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        if (!Boolean.TRUE.equals(attributes.getAttribute(LOSE_ANSWER))) {
            return;
        }
        attributes.putAttribute(LOSE_ANSWER, false);
        if (!context.httpResponse().isSuccessful()) {
            // DynamoDB refused it (a condition, a conflict): nothing was applied, the answer passes,
            // and the first lost answer is still to come if this was it.
            if (share > 0 && injected(Kind.APPLIED_ANSWER_LOST) == 0) {
                scheduled.get(Kind.APPLIED_ANSWER_LOST).set(true);
            }
            return;
        }
        context.responseBody().ifPresent(DynamoFaults::drain);
        injected.get(Kind.APPLIED_ANSWER_LOST).increment();
        throw serverError("injected: the write was applied, its answer lost on "
                + attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }

    private static DynamoDbException serverError(String message) {
        return (DynamoDbException) DynamoDbException.builder().message(message).statusCode(500)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").serviceName("DynamoDb").build())
                .build();
    }

    private static void drain(InputStream body) {
        try (body) {
            body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** As DynamoDB reports it: the item in conflict, and None for the others. */
    private static List<CancellationReason> conflictOnFirst(int items) {
        List<CancellationReason> reasons = new ArrayList<>();
        reasons.add(CancellationReason.builder().code("TransactionConflict").message("Transaction is ongoing for the item").build());
        for (int i = 1; i < items; i++) {
            reasons.add(CancellationReason.builder().code("None").build());
        }
        return reasons;
    }
}
