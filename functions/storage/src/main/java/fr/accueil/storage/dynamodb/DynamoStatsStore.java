package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.stats.StatsScope;
import fr.accueil.domain.stats.StatsStore;
import fr.accueil.domain.stats.Tally;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Quality counters in StatsTable: one item per territory, scope and day,
 * {@code pk = STATS#<territory>#<scope key>}, {@code sk = DAY#<yyyy-MM-dd>}, one number attribute per
 * counter. Counters are only ever ADDed, in the transaction that writes the event (see
 * {@link DynamoContactStore#record}); a read is one Query per scope and date range. No personal data,
 * hence no TTL: the counters outlive the history they were counted from.
 */
public final class DynamoStatsStore implements StatsStore {
    private static final String DAY = "DAY#";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoStatsStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static AttributeValue partition(String territoryId, StatsScope scope) {
        return s("STATS#" + territoryId + "#" + scope.key());
    }

    /**
     * {@code ADD #c0 :c0, #c1 :c1…}: every counter added, its name and value put in the expression's maps (counter
     * names are data, and may be words DynamoDB reserves).
     */
    static String add(Map<String, Long> counters, Map<String, String> names, Map<String, AttributeValue> values) {
        List<String> adds = new ArrayList<>();
        int i = 0;
        for (Map.Entry<String, Long> counter : counters.entrySet()) {
            names.put("#c" + i, counter.getKey());
            values.put(":c" + i, Items.n(counter.getValue()));
            adds.add("#c" + i + " :c" + i);
            i++;
        }
        return "ADD " + String.join(", ", adds);
    }

    /** One Update per scope, ADDing every counter of the event to that scope's item of the day. */
    List<TransactWriteItem> increments(Tally tally) {
        List<TransactWriteItem> updates = new ArrayList<>();
        if (tally.isEmpty()) {
            return updates;
        }
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        String expression = add(tally.counters(), names, values);
        for (StatsScope scope : tally.scopes()) {
            updates.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                    .key(Map.of(Items.PK, partition(tally.territoryId(), scope), Items.SK, s(DAY + tally.day())))
                    .updateExpression(expression)
                    .expressionAttributeNames(names)
                    .expressionAttributeValues(values)).build());
        }
        return updates;
    }

    @Override
    public SortedMap<LocalDate, Map<String, Long>> days(String territoryId, StatsScope scope, LocalDate from, LocalDate to) {
        SortedMap<LocalDate, Map<String, Long>> days = new TreeMap<>();
        dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", partition(territoryId, scope),
                                ":from", s(DAY + from), ":to", s(DAY + to))))
                .items().forEach(item -> {
                    Map<String, Long> counters = new HashMap<>();
                    item.forEach((name, value) -> {
                        if (value.n() != null) {
                            counters.put(name, Long.parseLong(value.n()));
                        }
                    });
                    days.put(LocalDate.parse(item.get(Items.SK).s().substring(DAY.length())), counters);
                });
        return days;
    }
}
