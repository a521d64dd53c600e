package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Contacts and their history in ContactsTable, one partition per phone number, so a
 * citizen's whole story (and its erasure) is one Query. Every item carries the retention TTL.
 */
public final class DynamoContactStore implements ContactStore {
    private static final String PROFILE = "PROFILE";
    private static final String EVENT = "EVENT#";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoContactStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
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
        return Optional.of(new Contact(phone, string(item, "name"), string(item, "email"),
                string(item, "preferredSiteId"), string(item, "language")));
    }

    @Override
    public void save(Contact contact) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, contactKey(contact.phone()));
        item.put(Items.SK, s(PROFILE));
        putIfPresent(item, "name", contact.name());
        putIfPresent(item, "email", contact.email());
        putIfPresent(item, "preferredSiteId", contact.preferredSiteId());
        item.put("language", s(contact.language()));
        item.put(Items.EXPIRES_AT, expiry());
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public void record(Interaction interaction) {
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
        dynamo.putItem(r -> r.tableName(table).item(item));
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
