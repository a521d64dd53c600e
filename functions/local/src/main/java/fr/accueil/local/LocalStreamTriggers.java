package fr.accueil.local;

import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.embedded.LocalClients;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
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
 * The functions' {@code Type: DynamoDB} events of template.yaml, as Lambda's event source mapping runs them, on
 * DynamoDB Local's streams: each shard polled four times a second (Lambda Developer Guide, "Using AWS Lambda with
 * Amazon DynamoDB": "Lambda polls shards … at a base rate of 4 times per second"), at most BatchSize records a
 * batch, the FilterCriteria patterns applied (a record that matches none is dropped), the batch given as the
 * DynamodbEvent Lambda sends. A function error retries the whole batch; with ReportBatchItemFailures the batch is
 * retried from the first sequence number reported; after MaximumRetryAttempts the batch is skipped and said on
 * the error stream (on AWS, its coordinates go to the OnFailure queue). Generic over tables and functions.
 */
final class LocalStreamTriggers {
    private static final long POLL_MILLIS = 250;
    private static final int SHARD_REFRESH = 20;

    private record Mapping(FunctionSpec function, String table, int batchSize, int maxRetries, boolean partialFailures,
                           List<Map<String, Object>> filters) {
    }

    private final DynamoDbClient dynamo;
    private final DynamoDbStreamsClient streams;
    private final LambdaInvoker invoker;
    private final List<Mapping> mappings;
    private final Map<String, String> iterators = new HashMap<>();
    private final Map<String, String> delivered = new HashMap<>();
    private final Map<String, String> streamArns = new HashMap<>();
    private final Map<String, List<Shard>> shards = new HashMap<>();
    private long rounds;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "local-stream-triggers");
        t.setDaemon(true);
        return t;
    });

    private LocalStreamTriggers(DynamoDbClient dynamo, URI endpoint, LambdaInvoker invoker, List<Mapping> mappings) {
        this.dynamo = dynamo;
        this.streams = DynamoDbStreamsClient.builder().endpointOverride(endpoint).region(LocalClients.REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        this.invoker = invoker;
        this.mappings = mappings;
    }

    @SuppressWarnings("unchecked")
    static LocalStreamTriggers start(Template template, Functions functions, Map<String, String> tableNames, DynamoDbClient dynamo,
            URI endpoint, LambdaInvoker invoker) throws IOException {
        List<Mapping> mappings = new ArrayList<>();
        for (Map.Entry<String, Map<String, Object>> resource : template.resources("AWS::Serverless::Function").entrySet()) {
            if (!(resource.getValue().get("Events") instanceof Map<?, ?> events)) {
                continue;
            }
            for (Object value : events.values()) {
                Map<String, Object> event = (Map<String, Object>) value;
                if (!"DynamoDB".equals(event.get("Type"))) {
                    continue;
                }
                Map<String, Object> p = (Map<String, Object>) event.get("Properties");
                String table = ((List<String>) ((Map<String, Object>) p.get("Stream")).get("Fn::GetAtt")).get(0);
                List<Map<String, Object>> filters = new ArrayList<>();
                if (p.get("FilterCriteria") instanceof Map<?, ?> criteria) {
                    for (Object filter : (List<?>) criteria.get("Filters")) {
                        filters.add(JSON.std.mapFrom(String.valueOf(((Map<String, Object>) filter).get("Pattern"))));
                    }
                }
                mappings.add(new Mapping(functions.get(resource.getKey()).orElseThrow(), tableNames.get(table),
                        ((Number) p.getOrDefault("BatchSize", 100)).intValue(), ((Number) p.getOrDefault("MaximumRetryAttempts", -1)).intValue(),
                        p.get("FunctionResponseTypes") instanceof List<?> types && types.contains("ReportBatchItemFailures"), filters));
            }
        }
        LocalStreamTriggers triggers = new LocalStreamTriggers(dynamo, endpoint, invoker, mappings);
        triggers.poller.scheduleWithFixedDelay(triggers::pollAll, 0, POLL_MILLIS, TimeUnit.MILLISECONDS);
        return triggers;
    }

    void stop() {
        poller.shutdownNow();
        streams.close();
    }

    private void pollAll() {
        rounds++;
        for (Mapping mapping : mappings) {
            try {
                poll(mapping);
            } catch (RuntimeException e) {
                System.err.println("[local stream] " + mapping.function().logicalId() + " on " + mapping.table() + ": " + e);
            }
        }
    }

    /**
     * Every shard of the table's stream, from its oldest record (StartingPosition TRIM_HORIZON), each key its own
     * iterator. The stream and its shards are looked up every few seconds only: they change rarely, and the
     * machine is shared.
     */
    private void poll(Mapping mapping) {
        if (rounds % SHARD_REFRESH == 0 || !shards.containsKey(mapping.table())) {
            String arn = dynamo.describeTable(r -> r.tableName(mapping.table())).table().latestStreamArn();
            if (arn == null) {
                return;
            }
            streamArns.put(mapping.table(), arn);
            shards.put(mapping.table(), streams.describeStream(r -> r.streamArn(arn)).streamDescription().shards());
        }
        String arn = streamArns.get(mapping.table());
        for (Shard shard : shards.get(mapping.table())) {
            String key = mapping.function().logicalId() + "|" + shard.shardId();
            String iterator = iterators.get(key);
            if (iterator == null && !iterators.containsKey(key)) {
                iterator = streams.getShardIterator(r -> r.streamArn(arn).shardId(shard.shardId())
                        .shardIteratorType(ShardIteratorType.TRIM_HORIZON)).shardIterator();
            }
            if (iterator == null) {
                continue; // a closed shard read to its end
            }
            String from = iterator;
            GetRecordsResponse page;
            try {
                page = streams.getRecords(r -> r.shardIterator(from).limit(mapping.batchSize()));
            } catch (TrimmedDataAccessException | ExpiredIteratorException e) {
                // DynamoDB Local refuses an iterator taken while its shard was empty once records arrive: a new one
                // reads on after the last record delivered, or from the shard's oldest.
                String last = delivered.get(key);
                iterators.put(key, streams.getShardIterator(r -> (last == null
                        ? r.shardIteratorType(ShardIteratorType.TRIM_HORIZON)
                        : r.shardIteratorType(ShardIteratorType.AFTER_SEQUENCE_NUMBER).sequenceNumber(last))
                        .streamArn(arn).shardId(shard.shardId())).shardIterator());
                continue;
            }
            List<Record> batch = page.records().stream().filter(r -> kept(mapping, r)).toList();
            deliver(mapping, arn, batch);
            if (!page.records().isEmpty()) {
                delivered.put(key, page.records().get(page.records().size() - 1).dynamodb().sequenceNumber());
            }
            iterators.put(key, page.nextShardIterator());
        }
    }

    private static boolean kept(Mapping mapping, Record record) {
        if (mapping.filters().isEmpty()) {
            return true;
        }
        Map<String, Object> json = record(record, "");
        return mapping.filters().stream().anyMatch(pattern -> EventPatterns.matches(pattern, json));
    }

    /** The batch until the function takes it, from the first record it reports failed, within the retries. */
    private void deliver(Mapping mapping, String arn, List<Record> batch) {
        List<Record> left = batch;
        for (int attempt = 0; !left.isEmpty(); attempt++) {
            List<Map<String, Object>> records = left.stream().map(r -> record(r, arn)).toList();
            LambdaInvoker.Result result = invoker.invoke(mapping.function(), Json.write(Map.of("Records", records)).getBytes(
                    java.nio.charset.StandardCharsets.UTF_8));
            int from = result.failed() ? 0 : firstFailed(mapping, result, left);
            if (from == left.size()) {
                return;
            }
            if (mapping.maxRetries() >= 0 && attempt >= mapping.maxRetries()) {
                System.err.println("[local stream] " + mapping.function().logicalId() + " skipped " + (left.size() - from)
                        + " records of " + mapping.table() + " after " + attempt + " retries (OnFailure on AWS)");
                return;
            }
            left = left.subList(from, left.size());
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

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
            return 0;
        }
    }

    /** One record as Lambda's DynamodbEvent carries it. */
    private static Map<String, Object> record(Record record, String arn) {
        Map<String, Object> change = new LinkedHashMap<>();
        change.put("ApproximateCreationDateTime", record.dynamodb().approximateCreationDateTime().getEpochSecond());
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
        json.put("eventVersion", record.eventVersion());
        json.put("eventSource", "aws:dynamodb");
        json.put("awsRegion", LocalClients.REGION.id());
        json.put("dynamodb", change);
        json.put("eventSourceARN", arn);
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
            case L -> Map.of("L", v.l().stream().map(LocalStreamTriggers::value).toList());
            case SS -> Map.of("SS", v.ss());
            case NS -> Map.of("NS", v.ns());
            case B -> Map.of("B", java.util.Base64.getEncoder().encodeToString(v.b().asByteArray()));
            case BS -> Map.of("BS", v.bs().stream().map(b -> java.util.Base64.getEncoder().encodeToString(b.asByteArray())).toList());
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalArgumentException("attribute type unknown to the SDK");
        };
    }
}
