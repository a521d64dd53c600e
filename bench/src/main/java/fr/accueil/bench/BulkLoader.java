package fr.accueil.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.LongFunction;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/** Loads many items with parallel BatchWriteItem (25 a request), retrying what comes back unprocessed. */
final class BulkLoader {
    private static final int BATCH = 25;

    private BulkLoader() {
    }

    /** Writes the items of indexes [from, to) built by {@code item}; returns items per second. */
    static double load(DynamoDbClient dynamo, String table, long from, long to, int threads,
                       LongFunction<Map<String, AttributeValue>> item) throws Exception {
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> parts = new ArrayList<>();
            long share = (to - from + threads - 1) / threads;
            for (int t = 0; t < threads; t++) {
                long partFrom = from + t * share;
                long partTo = Math.min(to, partFrom + share);
                parts.add(pool.submit(() -> {
                    for (long i = partFrom; i < partTo; i += BATCH) {
                        List<WriteRequest> batch = new ArrayList<>(BATCH);
                        for (long j = i; j < Math.min(partTo, i + BATCH); j++) {
                            batch.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item.apply(j)).build()).build());
                        }
                        write(dynamo, table, batch);
                    }
                    return null;
                }));
            }
            for (Future<?> part : parts) {
                part.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return (to - from) / ((System.nanoTime() - start) / 1e9);
    }

    private static void write(DynamoDbClient dynamo, String table, List<WriteRequest> batch) throws InterruptedException {
        Map<String, List<WriteRequest>> pending = Map.of(table, batch);
        for (int attempt = 0; !pending.isEmpty(); attempt++) {
            Map<String, List<WriteRequest>> request = pending;
            BatchWriteItemResponse response = dynamo.batchWriteItem(r -> r.requestItems(request));
            pending = response.hasUnprocessedItems() ? response.unprocessedItems() : Map.of();
            if (!pending.isEmpty()) {
                Thread.sleep(Math.min(1000, 10L << Math.min(attempt, 6)));
            }
        }
    }
}
