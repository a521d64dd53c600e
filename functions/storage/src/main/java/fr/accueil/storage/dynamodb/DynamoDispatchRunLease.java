package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.callback.DispatchRunLease;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The dispatch run's lease: one item of CallbacksTable ({@code pk = RUN#<name>}, {@code sk = LEASE}),
 * taken and given back by conditional UpdateItem. Its end is the item's {@code expiresAt}, so DynamoDB's
 * TTL may delete a lapsed lease (an absent item is a free lease). The condition also accepts the
 * holder itself: the SDK retrying a write whose answer was lost takes the lease it already holds.
 */
public final class DynamoDispatchRunLease implements DispatchRunLease {
    /** The name of the territory's dispatch runs' lease. */
    public static final String DISPATCH = "dispatch";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<String, AttributeValue> key;
    private final Clock clock;

    /**
     * @param name  whose runs the lease serialises ({@link #DISPATCH})
     * @param clock the wall clock: a lease lasts real time, whatever clock the callbacks' rules are on
     */
    public DynamoDispatchRunLease(DynamoDbClient dynamo, String table, String name, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.key = Map.of(Items.PK, s("RUN#" + name), Items.SK, s("LEASE"));
        this.clock = clock;
    }

    @Override
    public boolean acquire(String runId, Instant until) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key)
                    .updateExpression("SET holder = :run, expiresAt = :until")
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now OR holder = :run")
                    .expressionAttributeValues(Map.of(":run", s(runId),
                            ":until", Items.n(until.getEpochSecond() + (until.getNano() > 0 ? 1 : 0)),
                            ":now", Items.n(clock.instant().getEpochSecond()))));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public void release(String runId) {
        try {
            dynamo.updateItem(u -> u.tableName(table).key(key)
                    .updateExpression("SET expiresAt = :now")
                    .conditionExpression("holder = :run")
                    .expressionAttributeValues(Map.of(":run", s(runId), ":now", Items.n(clock.instant().getEpochSecond()))));
        } catch (ConditionalCheckFailedException e) {
            // Another run took the lease over once it lapsed: it is that run's now.
        }
    }
}
