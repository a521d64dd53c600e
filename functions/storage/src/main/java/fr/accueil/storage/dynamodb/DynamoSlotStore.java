package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.booking.Page;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/**
 * Slots in BookingTable. A slot with room is also in the sparse FreeSlots index (freePk/freeSk), kept
 * exact by {@link DynamoAppointmentStore}'s transactions, so a search reads free slots only.
 */
public final class DynamoSlotStore implements SlotStore {
    private static final AttributeValue ZERO = n(0);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoSlotStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public void save(Collection<Slot> slots) {
        for (Slot slot : slots) {
            try {
                dynamo.putItem(r -> r.tableName(table).item(BookingItems.slot(slot, retention))
                        .conditionExpression("attribute_not_exists(pk) OR booked = :zero")
                        .expressionAttributeValues(Map.of(":zero", ZERO)));
            } catch (ConditionalCheckFailedException booked) {
                // Someone booked it since it was planned: a booked slot keeps the terms it was booked on.
            }
        }
    }

    @Override
    public List<String> deleteUnbooked(Collection<Slot> slots) {
        List<String> kept = new ArrayList<>();
        for (Slot slot : slots) {
            try {
                dynamo.deleteItem(r -> r.tableName(table).key(BookingItems.slotKey(slot.id()))
                        .conditionExpression("attribute_not_exists(pk) OR booked = :zero")
                        .expressionAttributeValues(Map.of(":zero", ZERO)));
            } catch (ConditionalCheckFailedException booked) {
                kept.add(slot.id());
            }
        }
        return kept;
    }

    /** Strongly consistent: a booking decides on the counter it reads here. */
    @Override
    public Optional<Slot> find(String slotId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(BookingItems.slotKey(slotId)).consistentRead(true)).item();
        return item == null || item.isEmpty() || !Items.live(item, clock.instant())
                ? Optional.empty()
                : Optional.of(BookingItems.slot(item));
    }

    @Override
    public List<Slot> slotsOf(String permanenceId, Instant from, Instant to) {
        Instant now = clock.instant();
        return dynamo.queryPaginator(r -> r.tableName(table).indexName(BookingItems.BY_DAY)
                        .keyConditionExpression("dayPk = :pk AND daySk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", s(BookingItems.slotsPk(permanenceId)),
                                ":from", s(from.toString()), ":to", s(to.toString()))))
                .items().stream()
                .filter(item -> Items.live(item, now))
                .map(BookingItems::slot)
                .toList();
    }

    /**
     * One Query of the permanence's FreeSlots partition between the two instants: "start#id" keys make
     * BETWEEN from AND to take starts in [from, to). The cursor is the last key read, base64url.
     */
    @Override
    public Page<Slot> freeSlots(String permanenceId, Instant from, Instant to, int limit, String cursor) {
        Map<String, AttributeValue> startKey = cursor == null ? null : startKey(permanenceId, cursor);
        QueryResponse response = dynamo.query(r -> r.tableName(table).indexName(BookingItems.FREE_SLOTS)
                .keyConditionExpression("freePk = :pk AND freeSk BETWEEN :from AND :to")
                .expressionAttributeValues(Map.of(":pk", s(BookingItems.freePk(permanenceId)),
                        ":from", s(from.toString()), ":to", s(to.toString())))
                .limit(limit)
                .exclusiveStartKey(startKey));
        Instant now = clock.instant();
        List<Slot> slots = response.items().stream().filter(item -> Items.live(item, now)).map(BookingItems::slot).toList();
        Map<String, AttributeValue> last = response.lastEvaluatedKey();
        String next = last == null || last.isEmpty() ? null : encode(last.get(BookingItems.FREE_SK).s());
        return new Page<>(slots, next);
    }

    private static Map<String, AttributeValue> startKey(String permanenceId, String cursor) {
        String freeSk;
        try {
            freeSk = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a cursor of this store", e);
        }
        int separator = freeSk.indexOf('#');
        if (separator < 0) {
            throw new IllegalArgumentException("not a cursor of this store");
        }
        Map<String, AttributeValue> key = new HashMap<>(BookingItems.slotKey(freeSk.substring(separator + 1)));
        key.put(BookingItems.FREE_PK, s(BookingItems.freePk(permanenceId)));
        key.put(BookingItems.FREE_SK, s(freeSk));
        return key;
    }

    private static String encode(String freeSk) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(freeSk.getBytes(StandardCharsets.UTF_8));
    }
}
