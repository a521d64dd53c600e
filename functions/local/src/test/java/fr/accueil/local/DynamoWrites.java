package fr.accueil.local;

import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Counts the DynamoDB write calls made in this JVM (each call once, whatever its retries). The SDK
 * adds it to every client it builds, the runner's own included, from the test classpath's
 * {@code software/amazon/awssdk/global/handlers/execution.interceptors}: a test-only hook, nothing
 * changed in how production builds its clients.
 */
public final class DynamoWrites implements ExecutionInterceptor {
    private static final AtomicLong WRITES = new AtomicLong();

    /** Writes so far: tests compare the count before and after what must write nothing. */
    static long count() {
        return WRITES.get();
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        if (Thread.currentThread().getName().startsWith(StreamMappings.THREAD_PREFIX)) {
            return; // a stream's function (the message sender) runs after the request, on its own: not the request's writes
        }
        SdkRequest request = context.request();
        if (request instanceof PutItemRequest || request instanceof UpdateItemRequest || request instanceof DeleteItemRequest
                || request instanceof TransactWriteItemsRequest || request instanceof BatchWriteItemRequest) {
            WRITES.incrementAndGet();
        }
    }
}
