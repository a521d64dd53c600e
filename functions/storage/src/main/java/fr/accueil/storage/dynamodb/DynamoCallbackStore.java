package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.Retry;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.DoubleAdder;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Callbacks in CallbacksTable (see template.yaml for the keys). Every read goes by key or by a
 * Query on an index, never a Scan; every change is a write conditional on the version read.
 *
 * <p>One call at a time per number: a line guard per number ({@code LINE#<hash of the number>}) lists the
 * callbacks holding it, DIALING or CLAIMED, and is written in the same transaction as the transition in or
 * out of those statuses. Taking it to dial is conditional on no other holder, so two dispatch runs (or a
 * run and an agent's claim) never both call a citizen; the check is the write's condition, no extra read.
 *
 * <p>Items carry the retention TTL from their last write; DynamoDB deletes them eventually, so
 * reads skip any item already past it.
 */
public final class DynamoCallbackStore implements CallbackStore {
    private static final String GUARD_SK = "PENDING";
    private static final String WINDOW_SK = "WINDOW#";
    private static final String LINE_SK = "LINE";
    /**
     * A line guard lapses this long after its last holder took it (or one left it), longer than any lease a
     * holder keeps without writing (the outcome wait, the agent's claim): a holder whose callback vanished (erased)
     * does not hold the number for ever, and a free guard is soon deleted by the table's TTL.
     */
    static final Duration LINE_HOLD = Duration.ofHours(1);
    /** Concurrent transactions on the same items are cancelled with TransactionConflict: try again, a few times. */
    private static final Retry CONFLICTS = Contention.retry(8);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    /** Read capacity consumed by index queries, for metrics (and tests that bound it). */
    private final DoubleAdder indexReadCapacity = new DoubleAdder();

    public DynamoCallbackStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    /** Read capacity units consumed so far by {@link #due}, {@link #leasesExpired}, {@link #list} and window reads. */
    public double indexReadCapacity() {
        return indexReadCapacity.sum();
    }

    // ------------------------------------------------------------------ creation

    @Override
    public Creation createIfNoPending(Callback callback) {
        Instant now = clock.instant();
        AttributeValue expiry = Items.n(now.plus(retention).getEpochSecond());
        Map<String, AttributeValue> guard = new HashMap<>(guardKey(callback.dedupeKey()));
        guard.put("callbackId", s(callback.id()));
        guard.put(Items.EXPIRES_AT, expiry);
        List<TransactWriteItem> writes = List.of(
                TransactWriteItem.builder().put(p -> p.tableName(table)
                        .item(CallbackItems.item(callback, now.plus(retention)))
                        .conditionExpression("attribute_not_exists(pk)")).build(),
                // The guard of an expired callback may linger until DynamoDB deletes it: it no longer holds the key.
                TransactWriteItem.builder().put(p -> p.tableName(table).item(guard)
                        .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                        .expressionAttributeValues(Map.of(":now", Items.n(now.getEpochSecond())))).build(),
                TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(windowKey(callback.siteId(), callback.themeId(), callback.window().from()))
                        .updateExpression("ADD booked :one SET windowFrom = :from, expiresAt = :expiry")
                        .expressionAttributeValues(Map.of(":one", Items.n(1),
                                ":from", s(callback.window().from().toString()), ":expiry", expiry))).build());
        // The holder found by a failed key condition may have become final in between (its guard gone): try again.
        return CONFLICTS.call(e -> Contention.conflicted(e) || failedCondition(e, 1), attempt -> {
            String token = WriteIds.token(callback.id(), attempt);
            try {
                dynamo.transactWriteItems(t -> t.transactItems(writes).clientRequestToken(token));
                return new Creation.Created(callback);
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 1)) {
                    Optional<Callback> holder = guardHolder(callback.dedupeKey());
                    if (holder.isPresent()) {
                        // Its id is new: a guard naming it means this very request stored it.
                        return holder.get().id().equals(callback.id()) ? new Creation.Created(callback) : new Creation.Existing(holder.get());
                    }
                }
                throw e;
            }
        });
    }

    private Optional<Callback> guardHolder(String dedupeKey) {
        Map<String, AttributeValue> guard = dynamo.getItem(r -> r.tableName(table).key(guardKey(dedupeKey)).consistentRead(true)).item();
        if (guard == null || guard.isEmpty() || !Items.live(guard, clock.instant())) {
            return Optional.empty();
        }
        return find(guard.get("callbackId").s(), true).filter(Callback::isActive);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public Optional<Callback> find(String id) {
        return find(id, true);
    }

    @Override
    public Optional<Dialed> findByContact(String contactId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(contactKey(contactId)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !Items.live(item, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(new Dialed(item.get("callbackId").s(), Integer.parseInt(item.get("attempt").n())));
    }

    private Optional<Callback> find(String id, boolean consistent) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(CallbackItems.keyOf(id))
                .consistentRead(consistent)).item();
        if (item == null || item.isEmpty() || !Items.live(item, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(CallbackItems.callback(item));
    }

    @Override
    public List<Callback> due(Instant now, int limit) {
        return sweep(CallbackItems.DUE, now, limit).stream()
                .filter(c -> !c.nextAttemptAt().isAfter(now))
                .toList();
    }

    @Override
    public List<Callback> leasesExpired(Instant now, int limit) {
        return sweep(CallbackItems.LEASE, now, limit).stream()
                .filter(c -> c.leaseExpired(now))
                .toList();
    }

    /**
     * Queries every shard of the Due index for keys up to {@code now} (a bound one millisecond
     * later, as the sort key goes on with the id), oldest first, and merges them.
     */
    private List<Callback> sweep(String prefix, Instant now, int limit) {
        String bound = CallbackItems.sortable(now.plusMillis(1));
        Instant today = clock.instant();
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        for (int shard = 0; shard < CallbackItems.SHARDS; shard++) {
            QueryRequest query = QueryRequest.builder().tableName(table).indexName("Due")
                    .keyConditionExpression("duePk = :pk AND dueSk < :bound")
                    .expressionAttributeValues(Map.of(":pk", s(prefix + shard), ":bound", s(bound)))
                    .limit(limit)
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build();
            items.addAll(query(query).items());
        }
        return items.stream()
                .filter(item -> Items.live(item, today))
                .sorted(Comparator.comparing((Map<String, AttributeValue> item) -> item.get("dueSk").s()))
                .limit(limit)
                .map(CallbackItems::callback)
                .toList();
    }

    @Override
    public List<Callback> underWay(Instant now, int limit) {
        String after = CallbackItems.sortable(now.plusMillis(1));
        Instant today = clock.instant();
        List<Callback> underWay = new ArrayList<>();
        for (int shard = 0; shard < CallbackItems.SHARDS && underWay.size() < limit; shard++) {
            QueryRequest query = QueryRequest.builder().tableName(table).indexName("Due")
                    .keyConditionExpression("duePk = :pk AND dueSk >= :after")
                    .expressionAttributeValues(Map.of(":pk", s(CallbackItems.LEASE + shard), ":after", s(after)))
                    .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .build();
            Map<String, AttributeValue> start = null;
            do {
                QueryResponse page = query(start == null ? query : query.toBuilder().exclusiveStartKey(start).build());
                page.items().stream().filter(item -> Items.live(item, today)).map(CallbackItems::callback)
                        .filter(c -> !c.leaseExpired(now)).forEach(underWay::add);
                start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
            } while (start != null && underWay.size() < limit);
        }
        return underWay.size() > limit ? List.copyOf(underWay.subList(0, limit)) : underWay;
    }

    @Override
    public Map<Instant, Integer> bookedPerWindow(String siteId, String themeId, Instant from, Instant to) {
        QueryRequest query = QueryRequest.builder().tableName(table)
                .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(windowPartition(siteId, themeId)),
                        ":from", s(WINDOW_SK + CallbackItems.sortable(from)),
                        // Just before {@code to}: windows start in [from, to).
                        ":to", s(WINDOW_SK + CallbackItems.sortable(to.minusMillis(1)))))
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                .build();
        Map<Instant, Integer> booked = new HashMap<>();
        Instant now = clock.instant();
        Map<String, AttributeValue> start = null;
        do {
            QueryResponse page = query(start == null ? query : query.toBuilder().exclusiveStartKey(start).build());
            page.items().stream().filter(item -> Items.live(item, now))
                    .forEach(item -> booked.put(Instant.parse(item.get("windowFrom").s()), Items.integer(item, "booked", 0)));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return booked;
    }

    @Override
    public Page list(Listing listing) {
        String listPk = CallbackItems.listPk(listing.siteId(), listing.status());
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":pk", s(listPk));
        QueryRequest.Builder base = QueryRequest.builder().tableName(table).indexName("ByList")
                .keyConditionExpression("listPk = :pk")
                .returnConsumedCapacity(ReturnConsumedCapacity.TOTAL);
        if (listing.themeId() != null) {
            // A site has a handful of themes: a filter on the site's list reads little more than needed.
            base.filterExpression("themeId = :theme");
            values.put(":theme", s(listing.themeId()));
        }
        base.expressionAttributeValues(values);
        Map<String, AttributeValue> start = listing.pageToken() == null ? null : CallbackItems.startKey(listPk, listing.pageToken());
        Instant now = clock.instant();
        List<Callback> callbacks = new ArrayList<>();
        do {
            QueryRequest.Builder request = base.copy().limit(listing.pageSize() - callbacks.size());
            if (start != null) {
                request.exclusiveStartKey(start);
            }
            QueryResponse page = query(request.build());
            page.items().stream().filter(item -> Items.live(item, now)).map(CallbackItems::callback).forEach(callbacks::add);
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && callbacks.size() < listing.pageSize());
        return new Page(callbacks, start == null ? null : CallbackItems.pageToken(listPk, start));
    }

    private QueryResponse query(QueryRequest request) {
        QueryResponse response = dynamo.query(request);
        if (response.consumedCapacity() != null && response.consumedCapacity().capacityUnits() != null) {
            indexReadCapacity.add(response.consumedCapacity().capacityUnits());
        }
        return response;
    }

    // ------------------------------------------------------------------ transitions

    /** What a transition does to its number's line guard. */
    private enum Line {
        /** Nothing: the status stays out of the line, or the line was taken when dialing began. */
        KEPT,
        /** Takes the line to dial: refused while another callback holds it. */
        DIAL,
        /** Takes the line for an agent's claim: never refused, the agent decides. */
        CLAIM,
        /** Leaves the line (back to pending, or final). */
        FREE
    }

    @Override
    public boolean replace(Callback current, Callback next) {
        return write(next, line(current, next));
    }

    /**
     * What the transition does to the number's line: taking it to dial (once the call is placed, its contact
     * known, the call already holds it: noting it never fails on a claim since), taking it for a claim, or leaving
     * it when a holder goes back to pending or final.
     */
    private static Line line(Callback current, Callback next) {
        return switch (next.status()) {
            case DIALING -> next.contactId() == null ? Line.DIAL : Line.KEPT;
            case CLAIMED -> Line.CLAIM;
            default -> holdsLine(current) ? Line.FREE : Line.KEPT;
        };
    }

    private static boolean holdsLine(Callback callback) {
        return callback.status() == CallbackStatus.DIALING || callback.status() == CallbackStatus.CLAIMED;
    }

    /**
     * Writes {@code next} in full if the stored version is the one it came from. A final status
     * frees the dedupe key in the same transaction, so a new request on the theme can be taken
     * as soon as, and not before, this one is over; the line guard changes in the same transaction too.
     * The write carries its own id ({@link WriteIds}): a retry whose condition fails on the item this
     * same write already stored still answers true.
     */
    private boolean write(Callback next, Line line) {
        String writeId = WriteIds.next();
        Map<String, AttributeValue> item = new HashMap<>(CallbackItems.item(next, clock.instant().plus(retention)));
        item.put(WriteIds.ATTRIBUTE, s(writeId));
        Map<String, AttributeValue> values = Map.of(":previous", Items.n(next.version() - 1));
        // Even a lone put goes as a transaction: its ClientRequestToken makes the SDK's retry of an applied write
        // succeed whatever was written since (DynamoDB API Reference, TransactWriteItems, ClientRequestToken),
        // where a write id alone fails once another agent has taken the callback after it.
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("version = :previous").expressionAttributeValues(values)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build());
        // Where the dedupe key's delete is among the writes (-1: none, or left to its holder), as the tries go.
        int[] dedupeAt = {-1};
        if (!next.isActive()) {
            dedupeAt[0] = writes.size();
            writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(guardKey(next.dedupeKey()))
                    .conditionExpression("attribute_not_exists(pk) OR callbackId = :id")
                    .expressionAttributeValues(Map.of(":id", s(next.id())))).build());
        }
        if (next.status() == CallbackStatus.DIALING && next.contactId() != null) {
            // The call is placed: its contact events will name the contact only (no contact attributes in them).
            Map<String, AttributeValue> dialed = new HashMap<>(contactKey(next.contactId()));
            dialed.put("callbackId", s(next.id()));
            dialed.put("attempt", Items.n(next.attempts()));
            dialed.put(Items.EXPIRES_AT, item.get(Items.EXPIRES_AT));
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(dialed)).build());
        }
        if (line != Line.KEPT) {
            writes.add(lineWrite(next, line));
        }
        boolean[] keyLeft = {false};
        return CONFLICTS.call(e -> Contention.conflicted(e) || keyLeft[0], attempt -> {
            keyLeft[0] = false;
            String token = WriteIds.token(writeId, attempt);
            try {
                List<TransactWriteItem> these = List.copyOf(writes);
                dynamo.transactWriteItems(t -> t.transactItems(these).clientRequestToken(token));
                return true;
            } catch (TransactionCanceledException e) {
                if (failedCondition(e, 0)) {
                    return WriteIds.writtenBy(e.cancellationReasons().get(0).item(), writeId);
                }
                if (line == Line.DIAL && failedCondition(e, writes.size() - 1)) {
                    return false;  // another callback of the number is being dialled or is claimed
                }
                keyLeft[0] = dedupeAt[0] >= 0 && failedCondition(e, dedupeAt[0]);
                if (keyLeft[0]) {
                    // Another callback holds the key (this one's guard had expired): leave it, close this one alone.
                    writes.remove(dedupeAt[0]);
                    dedupeAt[0] = -1;
                }
                throw e;
            }
        });
    }

    /**
     * The line guard's update: to dial, the holders become this callback alone, on condition that no other holds
     * it (or the guard lapsed); a claim adds itself; leaving removes itself. Each write sets when the guard lapses.
     */
    private TransactWriteItem lineWrite(Callback next, Line line) {
        Instant now = clock.instant();
        Map<String, AttributeValue> key = Map.of(Items.PK, s("LINE#" + DynamoMessageQueue.recipientHash(next.phone())),
                Items.SK, s(LINE_SK));
        AttributeValue self = AttributeValue.fromSs(List.of(next.id()));
        AttributeValue lapses = Items.n(now.plus(LINE_HOLD).getEpochSecond());
        return TransactWriteItem.builder().update(u -> {
            u.tableName(table).key(key);
            switch (line) {
                case DIAL -> u.updateExpression("SET holders = :self, expiresAt = :lapses")
                        .conditionExpression("attribute_not_exists(holders) OR expiresAt <= :now"
                                + " OR (size(holders) = :one AND contains(holders, :id))")
                        .expressionAttributeValues(Map.of(":self", self, ":lapses", lapses, ":now", Items.n(now.getEpochSecond()),
                                ":one", Items.n(1), ":id", s(next.id())));
                case CLAIM -> u.updateExpression("ADD holders :self SET expiresAt = :lapses")
                        .expressionAttributeValues(Map.of(":self", self, ":lapses", lapses));
                default -> u.updateExpression("DELETE holders :self SET expiresAt = :lapses")
                        .expressionAttributeValues(Map.of(":self", self, ":lapses", lapses));
            }
        }).build();
    }

    // ------------------------------------------------------------------ keys and helpers

    private static Map<String, AttributeValue> contactKey(String contactId) {
        return Map.of(Items.PK, s("CONTACT#" + contactId), Items.SK, s("DIALED"));
    }

    private static Map<String, AttributeValue> guardKey(String dedupeKey) {
        return Map.of(Items.PK, s("PENDING#" + dedupeKey), Items.SK, s(GUARD_SK));
    }

    private static String windowPartition(String siteId, String themeId) {
        return "WINDOW#" + siteId + "#" + themeId;
    }

    private static Map<String, AttributeValue> windowKey(String siteId, String themeId, Instant windowFrom) {
        return Map.of(Items.PK, s(windowPartition(siteId, themeId)), Items.SK, s(WINDOW_SK + CallbackItems.sortable(windowFrom)));
    }

    private static boolean failedCondition(Exception failure, int index) {
        if (!(failure instanceof TransactionCanceledException e)) {
            return false;
        }
        List<CancellationReason> reasons = e.cancellationReasons();
        return reasons != null && reasons.size() > index && "ConditionalCheckFailed".equals(reasons.get(index).code());
    }
}
