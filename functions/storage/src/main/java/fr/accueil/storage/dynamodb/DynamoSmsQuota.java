package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.Retry;
import fr.accueil.domain.booking.SmsQuota;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * SMS allowances as counters in BookingTable, both raised in one transaction on condition that they stay within
 * their limits: pk = SMSQUOTA#&lt;sha-256 of the number&gt; (the number itself is not stored), sk = &lt;UTC day&gt;;
 * pk = SMSQUOTA#territory, sk = &lt;UTC hour&gt;. They expire two days later.
 */
public final class DynamoSmsQuota implements SmsQuota {
    private static final Duration KEPT = Duration.ofDays(2);
    private static final Retry CONTENDED = Contention.retry(8);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final int perNumberPerDay;
    private final int perTerritoryPerHour;

    public DynamoSmsQuota(DynamoDbClient dynamo, String table, Clock clock, int perNumberPerDay, int perTerritoryPerHour) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.perNumberPerDay = perNumberPerDay;
        this.perTerritoryPerHour = perTerritoryPerHour;
    }

    @Override
    public boolean take(String e164) {
        Instant now = clock.instant();
        String day = now.atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String hour = now.truncatedTo(ChronoUnit.HOURS).toString();
        long expires = now.plus(KEPT).getEpochSecond();
        List<TransactWriteItem> counts = List.of(
                count("SMSQUOTA#" + DynamoMessageQueue.recipientHash(e164), day, perNumberPerDay, expires),
                count("SMSQUOTA#territory", hour, perTerritoryPerHour, expires));
        try {
            // Another SMS took the territory's counter at the same moment: count again.
            return CONTENDED.call(e -> e instanceof TransactionCanceledException, attempt -> {
                try {
                    dynamo.transactWriteItems(r -> r.transactItems(counts));
                    return true;
                } catch (TransactionCanceledException e) {
                    if (e.cancellationReasons().stream().anyMatch(reason -> "ConditionalCheckFailed".equals(reason.code()))) {
                        return false;  // spent
                    }
                    throw e;
                }
            });
        } catch (TransactionCanceledException e) {
            // Still contended: refusing one SMS is safer than an unbounded count.
            return false;
        }
    }

    private TransactWriteItem count(String pk, String sk, int limit, long expires) {
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of(Items.PK, s(pk), Items.SK, s(sk)))
                .updateExpression("ADD sent :one SET expiresAt = :expires")
                .conditionExpression("attribute_not_exists(sent) OR sent < :limit")
                .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit), ":expires", n(expires)))).build();
    }
}
