package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.ManagementToken;
import fr.accueil.domain.booking.Outgoing;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.WaitlistEntry;
import fr.accueil.domain.booking.WaitlistStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The waitlist in BookingTable, beside the slots whose places its offers hold, so a hold, a release and a confirmation
 * change the entry and the slot's counter (and queue their messages) in one transaction.
 *
 * <pre>
 *   pk = WAITLIST#&lt;id&gt;, sk = WAITLIST            the entry (name, contacts, criteria, offer)
 *   pk = WAITKEY#&lt;hash&gt;, sk = WAITKEY            one per contact and place: a contact waits once for a place
 *   Waitlist index (sparse): waitPk = WAITING#&lt;theme&gt;, waitSk = &lt;joined&gt;#&lt;id&gt;   while WAITING
 *                            waitPk = HELD,            waitSk = &lt;hold until&gt;#&lt;id&gt; while OFFERED
 * </pre>
 *
 * Every item expires with the entry (TTL {@code expiresAt}); a BOOKED entry leaves the index and frees its keys.
 */
public final class DynamoWaitlistStore implements WaitlistStore {
    public static final String INDEX = "Waitlist";
    static final String ENTRY = "WAITLIST";
    static final String KEY = "WAITKEY";
    private static final String HELD = "HELD";
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final DynamoSlotStore slots;
    private final MessageQueue messages;

    public DynamoWaitlistStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention, MessageQueue messages) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.messages = messages;
        this.retention = retention;
        this.slots = new DynamoSlotStore(dynamo, table, clock, retention);
    }

    static Map<String, AttributeValue> entryKey(String entryId) {
        return Map.of(Items.PK, s(ENTRY + "#" + entryId), Items.SK, s(ENTRY));
    }

    /** A hash: the key names no contact. */
    static Map<String, AttributeValue> contactKey(String contact, String placeKey) {
        return Map.of(Items.PK, s(KEY + "#" + ManagementToken.hash(contact + "|" + placeKey)), Items.SK, s(KEY));
    }

    @Override
    public WaitlistEntry join(WaitlistEntry entry, Instant expiresAt, List<Outgoing> outgoing) {
        Instant now = clock.instant();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item(entry, expiresAt))
                .conditionExpression("attribute_not_exists(pk)")).build());
        for (String contact : entry.contacts()) {
            Map<String, AttributeValue> key = new HashMap<>(contactKey(contact, entry.placeKey()));
            key.put("entryId", s(entry.id()));
            key.put(Items.EXPIRES_AT, n(expiresAt.getEpochSecond()));
            // An expired key is only waiting for DynamoDB's sweeper: the place is free to wait for again.
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(key)
                    .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                    .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))).build());
        }
        writes.addAll(messages.writes(outgoing));
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(WriteIds.token(entry.id(), 0)));
            return entry;
        } catch (TransactionCanceledException e) {
            for (String contact : entry.contacts()) {
                Map<String, AttributeValue> key = dynamo.getItem(r -> r.tableName(table)
                        .key(contactKey(contact, entry.placeKey())).consistentRead(true)).item();
                if (key != null && !key.isEmpty() && Items.live(key, now)) {
                    Optional<WaitlistEntry> known = find(string(key, "entryId"));
                    if (known.isPresent()) {
                        return known.get();
                    }
                }
            }
            throw e;
        }
    }

    @Override
    public Optional<WaitlistEntry> find(String entryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(entryKey(entryId)).consistentRead(true)).item();
        return item == null || item.isEmpty() || !Items.live(item, clock.instant()) ? Optional.empty() : Optional.of(entry(item));
    }

    @Override
    public List<WaitlistEntry> waiting(String themeId, int limit) {
        return query("WAITING#" + themeId, null, limit);
    }

    @Override
    public boolean hold(Slot seen, WaitlistEntry offered, List<Outgoing> outgoing) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(BookingItems.take(table, seen.id(), seen.capacity(), seen.booked())).build());
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(entryKey(offered.id()))
                .updateExpression("SET #status = :offered, offeredSlotId = :slot, holdUntil = :until, tokenHash = :hash,"
                        + " waitPk = :held, waitSk = :sk")
                .conditionExpression("#status = :waiting")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":offered", s(WaitlistEntry.Status.OFFERED.name()),
                        ":waiting", s(WaitlistEntry.Status.WAITING.name()), ":slot", s(offered.offeredSlotId()),
                        ":until", s(offered.holdUntil().toString()), ":hash", s(offered.tokenHash()), ":held", s(HELD),
                        ":sk", s(offered.holdUntil() + "#" + offered.id())))).build());
        writes.addAll(messages.writes(outgoing));
        return applied(writes);
    }

    @Override
    public boolean release(WaitlistEntry offered) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(fromOffer(offered, WaitlistEntry.Status.WAITING,
                "passedSlotIds = :passed, waitPk = :pk, waitSk = :sk REMOVE offeredSlotId, holdUntil, tokenHash",
                Map.of(":passed", s(String.join(",", offered.passed().passedSlotIds())),
                        ":pk", s("WAITING#" + offered.themeId()), ":sk", s(offered.joined() + "#" + offered.id())))).build());
        // A slot past its retention has no counter left to give back.
        slots.find(offered.offeredSlotId()).ifPresent(slot -> writes.add(TransactWriteItem.builder()
                .update(BookingItems.free(table, slot.id(), slot.permanenceId(), slot.startInstant())).build()));
        return applied(writes);
    }

    @Override
    public boolean confirm(WaitlistEntry offered, Appointment appointment, List<Outgoing> outgoing) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(fromOffer(offered, WaitlistEntry.Status.BOOKED,
                "REMOVE offeredSlotId, holdUntil, tokenHash, waitPk, waitSk", Map.of())).build());
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(BookingItems.appointment(appointment, retention)).conditionExpression("attribute_not_exists(pk)")).build());
        // Booked: the contacts may wait again for the same place.
        offered.contacts().forEach(contact -> writes.add(TransactWriteItem.builder()
                .delete(d -> d.tableName(table).key(contactKey(contact, offered.placeKey()))).build()));
        writes.addAll(messages.writes(outgoing));
        return applied(writes);
    }

    /**
     * The entry out of its offer into {@code next}, with the rest of the update ({@code more}, SET clauses then REMOVE), on
     * condition that it is still OFFERED the offer's slot.
     */
    private Update fromOffer(WaitlistEntry offered, WaitlistEntry.Status next, String more, Map<String, AttributeValue> values) {
        Map<String, AttributeValue> all = new HashMap<>(values);
        all.put(":next", s(next.name()));
        all.put(":offered", s(WaitlistEntry.Status.OFFERED.name()));
        all.put(":slot", s(offered.offeredSlotId()));
        return Update.builder().tableName(table).key(entryKey(offered.id()))
                .updateExpression("SET #status = :next" + (more.startsWith("REMOVE") ? " " : ", ") + more)
                .conditionExpression("#status = :offered AND offeredSlotId = :slot")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(all).build();
    }

    /**
     * Deletes the entry and its keys, in one transaction that frees the place it held if it was OFFERED (the place then
     * goes to the next); an entry already gone is not an error.
     */
    static void erase(DynamoDbClient dynamo, String table, Clock clock, String entryId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(entryKey(entryId)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return;
        }
        dynamo.transactWriteItems(r -> r.transactItems(removal(dynamo, table, clock, entry(item))));
    }

    @Override
    public boolean leave(WaitlistEntry entry) {
        return applied(removal(dynamo, table, clock, entry));
    }

    /** The entry and its keys deleted, on condition that its status is still the one read, and the place it held freed. */
    private static List<TransactWriteItem> removal(DynamoDbClient dynamo, String table, Clock clock, WaitlistEntry entry) {
        String entryId = entry.id();
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(entryKey(entryId))
                .conditionExpression("#status = :status").expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":status", s(entry.status().name())))).build());
        entry.contacts().forEach(contact -> writes.add(TransactWriteItem.builder()
                .delete(d -> d.tableName(table).key(contactKey(contact, entry.placeKey()))).build()));
        if (entry.status() == WaitlistEntry.Status.OFFERED) {
            new DynamoSlotStore(dynamo, table, clock, Duration.ZERO).find(entry.offeredSlotId()).ifPresent(slot -> writes.add(
                    TransactWriteItem.builder().update(BookingItems.free(table, slot.id(), slot.permanenceId(), slot.startInstant())).build()));
        }
        return writes;
    }

    @Override
    public List<WaitlistEntry> lapsed(Instant now, int limit) {
        return query(HELD, now.toString(), limit);
    }

    private List<WaitlistEntry> query(String waitPk, String before, int limit) {
        Instant now = clock.instant();
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", s(waitPk)));
        String condition = "waitPk = :pk";
        if (before != null) {
            condition += " AND waitSk < :before";
            values.put(":before", s(before));
        }
        String keyCondition = condition;
        return dynamo.queryPaginator(r -> r.tableName(table).indexName(INDEX).keyConditionExpression(keyCondition)
                        .expressionAttributeValues(values)).items().stream()
                .filter(item -> Items.live(item, now))
                .limit(limit)
                .map(DynamoWaitlistStore::entry)
                .toList();
    }

    /**
     * The transaction under a token of its own, which the SDK's retries of it reuse, so a retry of an applied one answers
     * as applied (DynamoDB "TransactWriteItems" idempotency); false when a condition no longer holds.
     */
    private boolean applied(List<TransactWriteItem> writes) {
        String token = WriteIds.next();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(token));
            return true;
        } catch (TransactionCanceledException e) {
            if (e.hasCancellationReasons() && e.cancellationReasons().stream().map(CancellationReason::code).anyMatch(CONDITION_FAILED::equals)) {
                return false;
            }
            throw e;
        }
    }

    private static Map<String, AttributeValue> item(WaitlistEntry entry, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>(entryKey(entry.id()));
        item.put("id", s(entry.id()));
        item.put("themeId", s(entry.themeId()));
        item.put("siteIds", s(String.join(",", entry.siteIds())));
        put(item, "postcode", entry.postcode());
        put(item, "from", entry.from() == null ? null : entry.from().toString());
        put(item, "to", entry.to() == null ? null : entry.to().toString());
        item.put("name", s(entry.name()));
        put(item, "phone", entry.phone());
        put(item, "email", entry.email());
        item.put("status", s(entry.status().name()));
        item.put("joined", s(entry.joined().toString()));
        item.put("passedSlotIds", s(String.join(",", entry.passedSlotIds())));
        item.put("waitPk", s("WAITING#" + entry.themeId()));
        item.put("waitSk", s(entry.joined() + "#" + entry.id()));
        item.put("leaveTokenHash", s(entry.leaveTokenHash()));
        item.put(Items.EXPIRES_AT, n(expiresAt.getEpochSecond()));
        return item;
    }

    static WaitlistEntry entry(Map<String, AttributeValue> item) {
        String from = string(item, "from");
        String to = string(item, "to");
        String holdUntil = string(item, "holdUntil");
        return new WaitlistEntry(string(item, "id"), string(item, "themeId"), split(string(item, "siteIds")),
                string(item, "postcode"), from == null ? null : LocalDate.parse(from), to == null ? null : LocalDate.parse(to),
                string(item, "name"), string(item, "phone"), string(item, "email"),
                WaitlistEntry.Status.valueOf(string(item, "status")), Instant.parse(string(item, "joined")),
                string(item, "offeredSlotId"), holdUntil == null ? null : Instant.parse(holdUntil), string(item, "tokenHash"),
                new LinkedHashSet<>(split(string(item, "passedSlotIds"))), string(item, "leaveTokenHash"));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
