package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.Retry;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactProfile;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.stats.QualityCounters;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Contacts and their history in ContactsTable, one partition per phone number, so a
 * citizen's whole story (and its erasure) is one Query. Every item carries the retention TTL.
 *
 * <p>With statistics, each event is written in one transaction with the counters it adds to
 * ({@link QualityCounters}, {@link DynamoStatsStore}): the history item on condition that it does not
 * exist yet, so a replayed event (same id) counts once; the counters are ADDed to one item per scope of
 * the event's day. An event of a withheld number is counted without any history item. An event that
 * {@link ContactProfile updates the profile} (a booking, a callback, a served call) sets it in the same transaction.
 */
public final class DynamoContactStore implements ContactStore {
    private static final String PROFILE = "PROFILE";
    private static final String EVENT = "EVENT#";
    private static final Retry CONTENDED = Contention.retry(8);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final QualityCounters counters;
    private final DynamoStatsStore stats;

    /** History only, no statistics: for tools and tests that need no counters. */
    public DynamoContactStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this(dynamo, table, clock, retention, null, null);
    }

    /** History and the quality counters it adds to, in the same writes. */
    public DynamoContactStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention,
            QualityCounters counters, DynamoStatsStore stats) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
        this.counters = counters;
        this.stats = stats;
    }

    private static AttributeValue contactKey(String phone) {
        return s("CONTACT#" + phone);
    }

    @Override
    public Optional<Contact> find(String phone) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(Map.of(Items.PK, contactKey(phone), Items.SK, s(PROFILE)))).item();
        if (item == null || item.isEmpty() || !Items.live(item, clock.instant())) {
            return Optional.empty();
        }
        String updatedAt = string(item, "profileUpdatedAt");
        return Optional.of(new Contact(phone, string(item, "name"), string(item, "email"),
                string(item, "preferredSiteId"), string(item, "language"), string(item, "lastThemeId"),
                updatedAt == null ? null : Instant.parse(updatedAt)));
    }

    @Override
    public void save(Contact contact) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, contactKey(contact.phone()));
        item.put(Items.SK, s(PROFILE));
        putIfPresent(item, "name", contact.name());
        putIfPresent(item, "email", contact.email());
        putIfPresent(item, "preferredSiteId", contact.preferredSiteId());
        putIfPresent(item, "lastThemeId", contact.lastThemeId());
        putIfPresent(item, "profileUpdatedAt", contact.profileUpdatedAt() == null ? null : contact.profileUpdatedAt().toString());
        item.put("language", s(contact.language()));
        item.put(Items.EXPIRES_AT, expiry());
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public boolean record(Interaction interaction) {
        List<TransactWriteItem> writes = new ArrayList<>();
        if (interaction.phone() != null) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(historyItem(interaction))
                    .conditionExpression("attribute_not_exists(pk)")).build());
            ContactProfile.of(interaction).ifPresent(update -> writes.add(profileUpdate(interaction.phone(), update)));
        }
        if (counters != null) {
            writes.addAll(stats.increments(counters.of(interaction)));
        }
        if (writes.isEmpty()) {
            return false;  // a withheld number's event that counts nothing: there is nothing to store
        }
        String operation = WriteIds.next();
        // A transaction in flight on the same day's counters: try again shortly.
        return CONTENDED.call(e -> e instanceof TransactionCanceledException, attempt -> {
            String token = WriteIds.token(operation, attempt);
            try {
                // The token keeps the SDK's retry of an applied transaction from counting twice.
                dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(token));
                return true;
            } catch (TransactionCanceledException e) {
                String first = e.hasCancellationReasons() ? e.cancellationReasons().get(0).code() : null;
                if (interaction.phone() != null && "ConditionalCheckFailed".equals(first)) {
                    return false;  // already recorded and counted
                }
                throw e;
            }
        });
    }

    /**
     * The profile's site and theme, set in the history entry's transaction: if the entry is a replay, the whole
     * transaction is cancelled and the profile stays as it was. The last event written wins; the profile's TTL
     * starts again, as the entry's does. An unconditional update, so it can never cancel the entry.
     */
    private TransactWriteItem profileUpdate(String phone, ContactProfile.Update update) {
        List<String> sets = new ArrayList<>(List.of("profileUpdatedAt = :at", Items.EXPIRES_AT + " = :expires"));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":at", s(update.at().toString()), ":expires", expiry()));
        if (update.siteId() != null) {
            sets.add("preferredSiteId = :site");
            values.put(":site", s(update.siteId()));
        }
        if (update.themeId() != null) {
            sets.add("lastThemeId = :theme");
            values.put(":theme", s(update.themeId()));
        }
        return TransactWriteItem.builder().update(u -> u.tableName(table)
                .key(Map.of(Items.PK, contactKey(phone), Items.SK, s(PROFILE)))
                .updateExpression("SET " + String.join(", ", sets))
                .expressionAttributeValues(values)).build();
    }

    private Map<String, AttributeValue> historyItem(Interaction interaction) {
        Map<String, AttributeValue> details = new HashMap<>();
        interaction.details().forEach((k, v) -> details.put(k, s(v)));
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, contactKey(interaction.phone()));
        item.put(Items.SK, s(EVENT + interaction.at() + "#" + interaction.id()));
        item.put("id", s(interaction.id()));
        item.put("at", s(interaction.at().toString()));
        item.put("channel", s(interaction.channel()));
        item.put("kind", s(interaction.kind()));
        item.put("details", AttributeValue.fromM(details));
        item.put(Items.EXPIRES_AT, expiry());
        return item;
    }

    @Override
    public List<Interaction> history(String phone, int limit) {
        Instant now = clock.instant();
        return dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :event)")
                        .expressionAttributeValues(Map.of(":pk", contactKey(phone), ":event", s(EVENT)))
                        .scanIndexForward(false)
                        .limit(Math.min(limit, 100)))
                .items().stream()
                .filter(item -> Items.live(item, now))
                .limit(limit)
                .map(item -> {
                    Map<String, String> details = new HashMap<>();
                    Items.map(item, "details").orElse(Map.of()).forEach((k, v) -> details.put(k, v.s()));
                    return new Interaction(string(item, "id"), phone, Instant.parse(string(item, "at")),
                            string(item, "channel"), string(item, "kind"), details);
                })
                .toList();
    }

    private AttributeValue expiry() {
        return Items.n(clock.instant().plus(retention).getEpochSecond());
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
