package fr.accueil.reliability;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.storage.AwsClients;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
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
 * Faults injected at the SDK level: an execution interceptor that fails a share of the calls
 * just before they leave, as DynamoDB would answer them — throttling
 * (ProvisionedThroughputExceededException, 400), an internal error (500), and for transactions
 * a TransactionCanceledException whose every reason is TransactionConflict. The failure is thrown
 * inside the SDK's retry loop, so the client's own retry policy sees it exactly as a real answer.
 *
 * <p>The client is built by {@link AwsClients#configure} as production builds it (same retry
 * policy, same HTTP client), only pointed at DynamoDB Local with the interceptor added.
 */
final class DynamoFaults implements ExecutionInterceptor {
    enum Kind { THROTTLING, SERVER_ERROR, TRANSACTION_CONFLICT }

    private final double share;
    private volatile boolean enabled = true;
    private final Map<Kind, LongAdder> injected = new ConcurrentHashMap<>();
    private final AtomicLong calls = new AtomicLong();

    /** @param share the share of calls that fail, 0 to 1 */
    DynamoFaults(double share) {
        this.share = share;
        for (Kind kind : Kind.values()) {
            injected.put(kind, new LongAdder());
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
        if (!enabled || ThreadLocalRandom.current().nextDouble() >= share) {
            return;
        }
        boolean transaction = context.request() instanceof TransactWriteItemsRequest;
        Kind kind = Kind.values()[ThreadLocalRandom.current().nextInt(transaction ? 3 : 2)];
        injected.get(kind).increment();
        String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
        switch (kind) {
            case THROTTLING -> throw ProvisionedThroughputExceededException.builder()
                    .message("injected: throughput exceeded on " + operation).statusCode(400)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("ProvisionedThroughputExceededException")
                            .serviceName("DynamoDb").sdkHttpResponse(null).build())
                    .build();
            case SERVER_ERROR -> throw DynamoDbException.builder()
                    .message("injected: internal server error on " + operation).statusCode(500)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").serviceName("DynamoDb").build())
                    .build();
            case TRANSACTION_CONFLICT -> {
                int items = ((TransactWriteItemsRequest) context.request()).transactItems().size();
                throw TransactionCanceledException.builder()
                        .message("injected: transaction cancelled, conflict").statusCode(400)
                        .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException").serviceName("DynamoDb").build())
                        .cancellationReasons(conflictOnFirst(items))
                        .build();
            }
            default -> throw new IllegalStateException(kind.name());
        }
    }

    /** As DynamoDB reports it: the item in conflict, and None for the others. */
    private static java.util.List<CancellationReason> conflictOnFirst(int items) {
        java.util.List<CancellationReason> reasons = new java.util.ArrayList<>();
        reasons.add(CancellationReason.builder().code("TransactionConflict").message("Transaction is ongoing for the item").build());
        for (int i = 1; i < items; i++) {
            reasons.add(CancellationReason.builder().code("None").build());
        }
        return reasons;
    }
}
