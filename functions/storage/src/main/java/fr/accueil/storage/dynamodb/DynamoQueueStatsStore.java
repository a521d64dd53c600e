package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.queue.QueueCount;
import fr.accueil.domain.queue.QueueHour;
import fr.accueil.domain.queue.QueueStatsStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The queues' hourly counters in StatsTable, one item per territory, hour (UTC) and queue:
 * {@code pk = QUEUES#<territory>}, {@code sk = HOUR#<yyyy-MM-ddTHH>#<queue>}, the counters ADDed, and
 * {@code maxWaitSeconds} kept as a maximum, {@code serviceLevelSeconds} the threshold the answers were counted
 * against. A read of any range is one Query.
 *
 * <p>Once per contact: the counters are ADDed in one transaction with a marker item
 * ({@code pk = EVENT#<contactId>}, {@code sk = <eventType>}, put only if absent, expiring after
 * {@link #MARKER_KEPT}), so an event EventBridge or Lambda delivers twice adds nothing the second time. The
 * maximum is written first, by a conditional update that only raises it: writing it again is harmless.
 */
public final class DynamoQueueStatsStore implements QueueStatsStore {
    /** Longer than any redelivery: EventBridge retries for 24 hours, Lambda's asynchronous queue keeps an event 6 hours. */
    static final Duration MARKER_KEPT = Duration.ofDays(7);
    static final String MAX_WAIT = "maxWaitSeconds";
    static final String SERVICE_LEVEL = "serviceLevelSeconds";
    private static final String HOUR = "HOUR#";
    private static final DateTimeFormatter HOURS = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH").withZone(ZoneOffset.UTC);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoQueueStatsStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    private static AttributeValue partition(String territoryId) {
        return s("QUEUES#" + territoryId);
    }

    private static Map<String, AttributeValue> key(String territoryId, QueueCount count) {
        return Map.of(Items.PK, partition(territoryId), Items.SK, s(HOUR + HOURS.format(count.hour()) + "#" + count.queue()));
    }

    @Override
    public boolean count(String territoryId, String contactId, String eventType, QueueCount count) {
        Map<String, AttributeValue> key = key(territoryId, count);
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key)
                    .updateExpression("SET #max = :wait")
                    .conditionExpression("attribute_not_exists(#max) OR #max < :wait")
                    .expressionAttributeNames(Map.of("#max", MAX_WAIT))
                    .expressionAttributeValues(Map.of(":wait", Items.n(count.waitSeconds()))));
        } catch (ConditionalCheckFailedException e) {
            // A longer wait is kept already.
        }
        Map<String, AttributeValue> marker = new HashMap<>();
        marker.put(Items.PK, s("EVENT#" + contactId));
        marker.put(Items.SK, s(eventType));
        marker.put(Items.EXPIRES_AT, Items.n(clock.instant().plus(MARKER_KEPT).getEpochSecond()));
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String adds = DynamoStatsStore.add(count.counters(), names, values);
        names.put("#queue", "queue");
        names.put("#hour", "hour");
        names.put("#level", SERVICE_LEVEL);
        values.put(":queue", s(count.queue()));
        values.put(":hour", s(count.hour().toString()));
        values.put(":level", Items.n(count.serviceLevelSeconds()));
        try {
            dynamo.transactWriteItems(t -> t.transactItems(
                    TransactWriteItem.builder().put(p -> p.tableName(table).item(marker)
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().update(u -> u.tableName(table).key(key)
                            .updateExpression(adds + " SET #queue = :queue, #hour = :hour, #level = :level")
                            .expressionAttributeNames(names).expressionAttributeValues(values)).build()));
            return true;
        } catch (TransactionCanceledException e) {
            List<CancellationReason> reasons = e.cancellationReasons();
            if (reasons != null && !reasons.isEmpty() && "ConditionalCheckFailed".equals(reasons.get(0).code())) {
                return false;
            }
            throw e;
        }
    }

    private static long number(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Long.parseLong(item.get(name).n()) : 0;
    }

    @Override
    public List<QueueHour> hours(String territoryId, Instant from, Instant to) {
        List<QueueHour> hours = new ArrayList<>();
        // The upper bound is no item: HOUR#<to> sorts before every HOUR#<to>#<queue>, so the range ends before `to`.
        dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", partition(territoryId),
                                ":from", s(HOUR + HOURS.format(from.truncatedTo(ChronoUnit.HOURS))),
                                ":to", s(HOUR + HOURS.format(to.truncatedTo(ChronoUnit.HOURS))))))
                .items().forEach(item -> {
                    if (item.get("queue") == null || item.get("hour") == null) {
                        return; // only the maximum was written, the transaction failed: counted at the retry
                    }
                    Map<String, Long> counters = new HashMap<>();
                    item.forEach((name, value) -> {
                        if (value.n() != null && !name.equals(MAX_WAIT) && !name.equals(SERVICE_LEVEL)) {
                            counters.put(name, Long.parseLong(value.n()));
                        }
                    });
                    hours.add(new QueueHour(item.get("queue").s(), Instant.parse(item.get("hour").s()), counters,
                            number(item, MAX_WAIT), number(item, SERVICE_LEVEL)));
                });
        return hours;
    }
}
