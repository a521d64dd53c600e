package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.audit.AuditEntry;
import fr.accueil.domain.audit.AuditTrail;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The audit trail in ContactsTable, one partition per territory and month ({@code AUDIT#<territory>#<yyyy-mm>},
 * UTC; {@code sk = <instant>#<id>}), so a period is a Query per month and no partition grows without bound.
 * Every item carries its own TTL (the audit retention, not the contacts' one).
 */
public final class DynamoAuditTrail implements AuditTrail {
    private final DynamoDbClient dynamo;
    private final String table;
    private final String territoryId;
    private final Clock clock;
    private final Duration retention;

    public DynamoAuditTrail(DynamoDbClient dynamo, String table, String territoryId, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.territoryId = territoryId;
        this.clock = clock;
        this.retention = retention;
    }

    private AttributeValue partition(YearMonth month) {
        return s("AUDIT#" + territoryId + "#" + month);
    }

    @Override
    public void record(AuditEntry entry) {
        Map<String, AttributeValue> details = new HashMap<>();
        entry.details().forEach((k, v) -> details.put(k, s(v)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, partition(YearMonth.from(entry.at().atOffset(ZoneOffset.UTC))));
        item.put(Items.SK, s(entry.at() + "#" + entry.id()));
        item.put("id", s(entry.id()));
        item.put("at", s(entry.at().toString()));
        item.put("actorSub", s(entry.actor().sub()));
        item.put("actorName", s(entry.actor().name()));
        item.put("action", s(entry.action()));
        item.put("details", AttributeValue.fromM(details));
        item.put(Items.EXPIRES_AT, Items.n(clock.instant().plus(retention).getEpochSecond()));
        // Keyed by id: a retried write of the same entry replaces it rather than adding a second one.
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public List<AuditEntry> between(Instant from, Instant to, int limit) {
        Instant now = clock.instant();
        List<AuditEntry> entries = new ArrayList<>();
        YearMonth first = YearMonth.from(from.atOffset(ZoneOffset.UTC));
        for (YearMonth month = YearMonth.from(to.atOffset(ZoneOffset.UTC)); !month.isBefore(first) && entries.size() < limit;
                month = month.minusMonths(1)) {
            AttributeValue pk = partition(month);
            // Instants in ISO-8601 UTC sort as text; "#" sorts before every digit, so "<to>" excludes to itself.
            dynamo.queryPaginator(r -> r.tableName(table)
                            .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                            .expressionAttributeValues(Map.of(":pk", pk, ":from", s(from.toString()), ":to", s(to.toString())))
                            .scanIndexForward(false))
                    .items().stream()
                    .filter(item -> Items.live(item, now))
                    .limit(limit - entries.size())
                    .forEach(item -> {
                        Map<String, String> details = new HashMap<>();
                        Items.map(item, "details").orElse(Map.of()).forEach((k, v) -> details.put(k, v.s()));
                        entries.add(new AuditEntry(string(item, "id"), Instant.parse(string(item, "at")),
                                new Actor(string(item, "actorSub"), string(item, "actorName")), string(item, "action"), details));
                    });
        }
        return entries;
    }
}
