package fr.accueil.local;

import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.embedded.Template;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ExpiredIteratorException;
import software.amazon.awssdk.services.dynamodb.model.GetRecordsResponse;
import software.amazon.awssdk.services.dynamodb.model.Record;
import software.amazon.awssdk.services.dynamodb.model.Shard;
import software.amazon.awssdk.services.dynamodb.model.ShardIteratorType;
import software.amazon.awssdk.services.dynamodb.model.TrimmedDataAccessException;
import software.amazon.awssdk.services.dynamodb.streams.DynamoDbStreamsClient;

/**
 * The template's DynamoDB event sources (a function's {@code Events} of {@code Type: DynamoDB}), run locally as
 * Lambda's event source mapping runs them ("Using AWS Lambda with Amazon DynamoDB"): the table's stream is read
 * from DynamoDB Local (DescribeStream, GetShardIterator, GetRecords), shard by shard in order, in batches of
 * {@code BatchSize}; the function is invoked with the records as a DynamoDB stream event; a batch that fails is
 * halved when {@code BisectBatchOnFunctionError} is true, retried {@code MaximumRetryAttempts} times, then handed to
 * the on-failure destination (kept here, {@link #failed()}) and the shard moves on.
 */
final class StreamMappings implements AutoCloseable {
    /** The pollers' threads, on which the mapped functions run. */
    static final String THREAD_PREFIX = "stream-";
    /** Lambda polls each shard about four times a second when it is idle. */
    private static final long IDLE_MILLIS = 250;

    /** One event source: the function, the stream's table (local name) and the mapping's settings. */
    record Mapping(String function, String table, int batchSize, boolean bisect, int maximumRetryAttempts) {
    }

    /** A batch given up after its retries: what the on-failure destination would receive. */
    record Failed(String function, List<String> sequenceNumbers, String errorType) {
    }

    private final List<Mapping> mappings;
    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final Functions functions;
    private final LambdaInvoker invoker;
    private final List<Failed> failed = new CopyOnWriteArrayList<>();
    private final List<Thread> pollers = new ArrayList<>();
    private volatile boolean running = true;

    private StreamMappings(List<Mapping> mappings, DynamoDbClient dynamo, DynamoDbStreamsClient streams, Functions functions,
            LambdaInvoker invoker) {
        this.mappings = mappings;
        this.dynamo = dynamo;
        this.streams = streams;
        this.functions = functions;
        this.invoker = invoker;
    }

    /** The event sources of template.yaml, each polled on a thread of its own from now on. */
    static StreamMappings start(Template template, Map<String, String> tableNames, DynamoDbClient dynamo,
            DynamoDbStreamsClient streams, Functions functions, LambdaInvoker invoker) {
        StreamMappings started = new StreamMappings(read(template, tableNames), dynamo, streams, functions, invoker);
        for (Mapping mapping : started.mappings) {
            Thread poller = new Thread(() -> started.poll(mapping), THREAD_PREFIX + mapping.function());
            poller.setDaemon(true);
            poller.start();
            started.pollers.add(poller);
        }
        return started;
    }

    @SuppressWarnings("unchecked")
    static List<Mapping> read(Template template, Map<String, String> tableNames) {
        List<Mapping> mappings = new ArrayList<>();
        template.resources("AWS::Serverless::Function").forEach((id, properties) -> {
            if (properties.get("Events") instanceof Map<?, ?> events) {
                ((Map<String, Object>) events).values().forEach(event -> {
                    Map<String, Object> e = (Map<String, Object>) event;
                    if ("DynamoDB".equals(e.get("Type")) && e.get("Properties") instanceof Map<?, ?> p
                            && p.get("Stream") instanceof Map<?, ?> stream && stream.get("Fn::GetAtt") instanceof List<?> att) {
                        String table = tableNames.get(String.valueOf(att.get(0)));
                        if (table == null) {
                            throw new IllegalArgumentException("template.yaml: " + id + " reads the stream of an unknown table " + att.get(0));
                        }
                        mappings.add(new Mapping(id, table, number(p.get("BatchSize"), 100),
                                Boolean.TRUE.equals(p.get("BisectBatchOnFunctionError")),
                                // Without a setting, Lambda retries until the record expires: a few times here.
                                number(p.get("MaximumRetryAttempts"), 10)));
                    }
                });
            }
        });
        return mappings;
    }

    private static int number(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }

    List<Failed> failed() {
        return List.copyOf(failed);
    }

    @Override
    public void close() {
        running = false;
        pollers.forEach(Thread::interrupt);
    }

    private void poll(Mapping mapping) {
        String streamArn = dynamo.describeTable(r -> r.tableName(mapping.table())).table().latestStreamArn();
        Map<String, String> iterators = new HashMap<>();
        // Where each shard was read up to: an iterator lost (expired, or refused) starts again after it.
        Map<String, String> lastSequence = new HashMap<>();
        while (running) {
            try {
                boolean busy = false;
                for (Shard shard : streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards()) {
                    String iterator = iterators.computeIfAbsent(shard.shardId(), id -> iterator(streamArn, id, lastSequence.get(id)));
                    if (iterator == null) {
                        continue; // a closed shard read to its end
                    }
                    GetRecordsResponse page;
                    try {
                        page = streams.getRecords(r -> r.shardIterator(iterator).limit(mapping.batchSize()));
                    } catch (TrimmedDataAccessException | ExpiredIteratorException e) {
                        // DynamoDB Local refuses a TRIM_HORIZON iterator taken while its shard was empty: take another.
                        iterators.remove(shard.shardId());
                        continue;
                    }
                    iterators.put(shard.shardId(), page.nextShardIterator());
                    if (!page.records().isEmpty()) {
                        busy = true;
                        lastSequence.put(shard.shardId(), page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
                        deliver(mapping, streamArn, page.records(), mapping.maximumRetryAttempts());
                    }
                }
                if (!busy) {
                    Thread.sleep(IDLE_MILLIS);
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (!running) {
                    return;
                }
                System.err.println("stream of " + mapping.table() + " for " + mapping.function() + ": " + e);
                sleepQuietly();
            }
        }
    }

    private String iterator(String streamArn, String shardId, String after) {
        return streams.getShardIterator(r -> {
            r.streamArn(streamArn).shardId(shardId);
            if (after == null) {
                r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
            }
        }).shardIterator();
    }

    /** One batch: invoked, retried, halved on error when the mapping bisects, handed to the destination when spent. */
    private void deliver(Mapping mapping, String streamArn, List<Record> batch, int retriesLeft) {
        FunctionSpec function = functions.get(mapping.function()).orElseThrow();
        LambdaInvoker.Result result = invoker.invoke(function, event(streamArn, batch));
        if (!result.failed()) {
            return;
        }
        if (mapping.bisect() && batch.size() > 1) {
            int half = batch.size() / 2;
            deliver(mapping, streamArn, batch.subList(0, half), retriesLeft);
            deliver(mapping, streamArn, batch.subList(half, batch.size()), retriesLeft);
        } else if (retriesLeft > 0) {
            deliver(mapping, streamArn, batch, retriesLeft - 1);
        } else {
            failed.add(new Failed(mapping.function(), batch.stream().map(r -> r.dynamodb().sequenceNumber()).toList(), result.errorType()));
            System.err.println(mapping.function() + ": a batch of " + batch.size() + " records failed after its retries ("
                    + result.errorType() + "), sent to its on-failure destination");
        }
    }

    /** The records as Lambda passes them: a DynamoDB stream event. */
    private static byte[] event(String streamArn, List<Record> batch) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Record record : batch) {
            Map<String, Object> dynamodb = new LinkedHashMap<>();
            dynamodb.put("Keys", attributes(record.dynamodb().keys()));
            dynamodb.put("SequenceNumber", record.dynamodb().sequenceNumber());
            dynamodb.put("SizeBytes", record.dynamodb().sizeBytes());
            dynamodb.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
            if (record.dynamodb().approximateCreationDateTime() != null) {
                dynamodb.put("ApproximateCreationDateTime", record.dynamodb().approximateCreationDateTime().getEpochSecond());
            }
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("eventID", record.eventID());
            json.put("eventName", record.eventNameAsString());
            json.put("eventVersion", "1.1");
            json.put("eventSource", "aws:dynamodb");
            json.put("awsRegion", record.awsRegion());
            json.put("dynamodb", dynamodb);
            json.put("eventSourceARN", streamArn);
            records.add(json);
        }
        try {
            return JSON.std.asString(Map.of("Records", records)).getBytes(StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Keys are strings, numbers or binaries. */
    private static Map<String, Object> attributes(Map<String, AttributeValue> keys) {
        Map<String, Object> json = new LinkedHashMap<>();
        keys.forEach((name, value) -> json.put(name, value.s() != null ? Map.of("S", value.s())
                : value.n() != null ? Map.of("N", value.n())
                : Map.of("B", java.util.Base64.getEncoder().encodeToString(value.b().asByteArray()))));
        return json;
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(IDLE_MILLIS * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
