package fr.accueil.local;

import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.embedded.LocalClients;
import fr.accueil.embedded.Template;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
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
 * from DynamoDB Local (DescribeStream, GetShardIterator, GetRecords), shard by shard in order, from the oldest record,
 * about four times a second when idle, in batches of {@code BatchSize}; records that match none of the
 * {@code FilterCriteria} patterns are dropped ("Lambda event filtering"); the function is invoked with the records as
 * the DynamodbEvent Lambda sends (keys and, as the stream view holds them, images). A batch that fails is halved when
 * {@code BisectBatchOnFunctionError} is true; with {@code ReportBatchItemFailures} it is retried from the first record
 * the function reports; after {@code MaximumRetryAttempts} it is handed to the on-failure destination (kept here,
 * {@link #failed()}) and the shard moves on. Each mapping polls on a thread of its own, as each has its own poller on AWS.
 */
final class StreamMappings implements AutoCloseable {
    /** The pollers' threads, on which the mapped functions run. */
    static final String THREAD_PREFIX = "stream-";
    /** Lambda polls each shard about four times a second when it is idle. */
    private static final long IDLE_MILLIS = 250;
    /** Polls between two lookups of a stream's shards (about every five seconds when idle). */
    private static final int SHARD_REFRESH_ROUNDS = 20;

    /** One event source: the function, the stream's table (local name) and the mapping's settings. */
    record Mapping(String function, String table, int batchSize, boolean bisect, int maximumRetryAttempts,
                   boolean partialFailures, List<Map<String, Object>> filters) {
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
    /** Raised by {@link #skipToLatest}; each mapping's poller notes the value it has acted on. */
    private final AtomicInteger skips = new AtomicInteger();
    private final Map<Mapping, Integer> skipped = new ConcurrentHashMap<>();
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
                                number(p.get("MaximumRetryAttempts"), 10),
                                p.get("FunctionResponseTypes") instanceof List<?> types && types.contains("ReportBatchItemFailures"),
                                filters(id, p.get("FilterCriteria"))));
                    }
                });
            }
        });
        return mappings;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> filters(String function, Object criteria) {
        List<Map<String, Object>> patterns = new ArrayList<>();
        if (criteria instanceof Map<?, ?> c && c.get("Filters") instanceof List<?> filters) {
            for (Object filter : filters) {
                try {
                    patterns.add(JSON.std.mapFrom(String.valueOf(((Map<String, Object>) filter).get("Pattern"))));
                } catch (IOException e) {
                    throw new IllegalArgumentException("template.yaml: a FilterCriteria pattern of " + function + " is not JSON", e);
                }
            }
        }
        return patterns;
    }

    private static int number(Object value, int fallback) {
        return value == null ? fallback : Integer.parseInt(String.valueOf(value));
    }

    /**
     * Every mapping goes on from the latest record of its streams, as if it had read what they hold: the benchmark's
     * year of historic callbacks, written at once, whose records Lambda would have read as they were written (here
     * their filtering would share the machine with what is measured next). Returns once every poller has moved.
     */
    void skipToLatest(Duration atMost) throws InterruptedException {
        int skip = skips.incrementAndGet();
        long deadline = System.nanoTime() + atMost.toNanos();
        while (mappings.stream().anyMatch(mapping -> skipped.getOrDefault(mapping, 0) < skip)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the stream pollers did not move to the latest records within " + atMost);
            }
            Thread.sleep(50);
        }
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
        List<Shard> shards = List.of();
        boolean latest = false;
        for (long round = 0; running; round++) {
            try {
                int skip = skips.get();
                if (skip != skipped.getOrDefault(mapping, 0)) {
                    iterators.clear();
                    lastSequence.clear();
                    latest = true;
                    round = 0;
                }
                // Shards change rarely: looked up every few seconds, not at every poll (the machine is shared).
                if (round % SHARD_REFRESH_ROUNDS == 0) {
                    shards = streams.describeStream(r -> r.streamArn(streamArn)).streamDescription().shards();
                }
                boolean busy = false;
                for (Shard shard : shards) {
                    boolean fromLatest = latest;
                    String iterator = iterators.computeIfAbsent(shard.shardId(),
                            id -> iterator(streamArn, id, lastSequence.get(id), fromLatest));
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
                        List<Record> kept = page.records().stream().filter(r -> kept(mapping, r)).toList();
                        if (!kept.isEmpty()) {
                            deliver(mapping, streamArn, kept, mapping.maximumRetryAttempts());
                        }
                    }
                }
                // Acted on once its shards have their iterators from the latest record.
                skipped.put(mapping, skip);
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

    private String iterator(String streamArn, String shardId, String after, boolean latest) {
        return streams.getShardIterator(r -> {
            r.streamArn(streamArn).shardId(shardId);
            if (after == null && latest) {
                r.shardIteratorType(ShardIteratorType.LATEST);
            } else if (after == null) {
                r.shardIteratorType(ShardIteratorType.TRIM_HORIZON);
            } else {
                r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(after);
            }
        }).shardIterator();
    }

    private static boolean kept(Mapping mapping, Record record) {
        if (mapping.filters().isEmpty()) {
            return true;
        }
        Map<String, Object> json = record(record, "");
        return mapping.filters().stream().anyMatch(pattern -> EventPatterns.matches(pattern, json));
    }

    /**
     * One batch: invoked; on a function error halved when the mapping bisects, else retried; with
     * ReportBatchItemFailures retried from the first record reported; handed to the destination when spent.
     */
    private void deliver(Mapping mapping, String streamArn, List<Record> batch, int retriesLeft) {
        FunctionSpec function = functions.get(mapping.function()).orElseThrow();
        LambdaInvoker.Result result = invoker.invoke(function, event(streamArn, batch));
        int from = result.failed() ? 0 : firstFailed(mapping, result, batch);
        if (from == batch.size()) {
            return;
        }
        if (result.failed() && mapping.bisect() && batch.size() > 1) {
            int half = batch.size() / 2;
            deliver(mapping, streamArn, batch.subList(0, half), retriesLeft);
            deliver(mapping, streamArn, batch.subList(half, batch.size()), retriesLeft);
        } else if (retriesLeft > 0) {
            deliver(mapping, streamArn, batch.subList(from, batch.size()), retriesLeft - 1);
        } else {
            List<Record> left = batch.subList(from, batch.size());
            String error = result.failed() ? result.errorType() : "batchItemFailures";
            failed.add(new Failed(mapping.function(), left.stream().map(r -> r.dynamodb().sequenceNumber()).toList(), error));
            System.err.println(mapping.function() + ": a batch of " + left.size() + " records failed after its retries ("
                    + error + "), sent to its on-failure destination");
        }
    }

    /** Where a batch the function took must start again: its size when nothing failed. */
    @SuppressWarnings("unchecked")
    private static int firstFailed(Mapping mapping, LambdaInvoker.Result result, List<Record> batch) {
        if (!mapping.partialFailures() || result.payload().length == 0) {
            return batch.size();
        }
        try {
            List<Object> failures = (List<Object>) JSON.std.mapFrom(result.payload()).getOrDefault("batchItemFailures", List.of());
            int first = batch.size();
            for (Object failure : failures) {
                String sequence = String.valueOf(((Map<String, Object>) failure).get("itemIdentifier"));
                for (int i = 0; i < first; i++) {
                    if (batch.get(i).dynamodb().sequenceNumber().equals(sequence)) {
                        first = i;
                    }
                }
            }
            return first;
        } catch (IOException e) {
            return 0; // an answer Lambda cannot read fails the whole batch
        }
    }

    /** The records as Lambda passes them: a DynamoDB stream event. */
    private static byte[] event(String streamArn, List<Record> batch) {
        try {
            return JSON.std.asString(Map.of("Records", batch.stream().map(r -> record(r, streamArn)).toList()))
                    .getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One record as Lambda's DynamodbEvent carries it. */
    private static Map<String, Object> record(Record record, String streamArn) {
        Map<String, Object> change = new LinkedHashMap<>();
        if (record.dynamodb().approximateCreationDateTime() != null) {
            change.put("ApproximateCreationDateTime", record.dynamodb().approximateCreationDateTime().getEpochSecond());
        }
        change.put("Keys", image(record.dynamodb().keys()));
        if (record.dynamodb().hasNewImage()) {
            change.put("NewImage", image(record.dynamodb().newImage()));
        }
        if (record.dynamodb().hasOldImage()) {
            change.put("OldImage", image(record.dynamodb().oldImage()));
        }
        change.put("SequenceNumber", record.dynamodb().sequenceNumber());
        change.put("SizeBytes", record.dynamodb().sizeBytes());
        change.put("StreamViewType", record.dynamodb().streamViewTypeAsString());
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("eventID", record.eventID());
        json.put("eventName", record.eventNameAsString());
        json.put("eventVersion", "1.1");
        json.put("eventSource", "aws:dynamodb");
        json.put("awsRegion", LocalClients.REGION.id());
        json.put("dynamodb", change);
        json.put("eventSourceARN", streamArn);
        return json;
    }

    private static Map<String, Object> image(Map<String, AttributeValue> item) {
        Map<String, Object> json = new LinkedHashMap<>();
        item.forEach((name, value) -> json.put(name, value(value)));
        return json;
    }

    private static Map<String, Object> value(AttributeValue v) {
        return switch (v.type()) {
            case S -> Map.of("S", v.s());
            case N -> Map.of("N", v.n());
            case BOOL -> Map.of("BOOL", v.bool());
            case NUL -> Map.of("NULL", true);
            case M -> Map.of("M", image(v.m()));
            case L -> Map.of("L", v.l().stream().map(StreamMappings::value).toList());
            case SS -> Map.of("SS", v.ss());
            case NS -> Map.of("NS", v.ns());
            case B -> Map.of("B", Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BS -> Map.of("BS", v.bs().stream().map(b -> Base64.getEncoder().encodeToString(b.asByteArray())).toList());
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("attribute type unknown to the SDK");
        };
    }

    private void sleepQuietly() {
        try {
            Thread.sleep(IDLE_MILLIS * 4);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
