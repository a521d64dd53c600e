package fr.accueil.storage.dynamodb;

import fr.accueil.domain.booking.Permanence;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** The directory in DirectoryTable: one partition per territory, read by Query, never Scan. */
public final class DynamoDirectoryStore implements DirectoryStore {
    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoDirectoryStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public List<Site> sites(String territoryId) {
        return query(territoryId, DirectoryItems.SITE, item -> DirectoryItems.site(territoryId, item));
    }

    @Override
    public Optional<Site> site(String territoryId, String siteId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of(
                Items.PK, Items.s(DirectoryItems.territoryKey(territoryId)),
                Items.SK, Items.s(DirectoryItems.SITE + siteId)))).item();
        return item == null || item.isEmpty() || !Items.live(item, clock.instant())
                ? Optional.empty()
                : Optional.of(DirectoryItems.site(territoryId, item));
    }

    /** One Query of the postcode's partition, written with each site. */
    @Override
    public List<String> siteIdsServing(String territoryId, String postcode) {
        return dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(DirectoryItems.postcodeKey(territoryId, postcode)))))
                .items().stream()
                .filter(item -> Items.live(item, clock.instant()))
                .map(item -> Items.string(item, "siteId"))
                .toList();
    }

    @Override
    public List<Partner> partners(String territoryId) {
        return query(territoryId, DirectoryItems.PARTNER, DirectoryItems::partner);
    }

    @Override
    public List<Theme> themes(String territoryId) {
        return query(territoryId, DirectoryItems.THEME, DirectoryItems::theme);
    }

    @Override
    public List<Permanence> permanences(String territoryId) {
        return query(territoryId, DirectoryItems.PERMANENCE, DirectoryItems::permanence);
    }

    /** Writes the site and, in the same transaction, the postcode entries that find it. */
    @Override
    public void save(String territoryId, Site site) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(DirectoryItems.site(site))).build());
        List<String> previous = site(territoryId, site.id()).map(Site::postcodesServed).orElse(List.of());
        for (String postcode : previous) {
            if (!site.postcodesServed().contains(postcode)) {
                writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of(
                        Items.PK, Items.s(DirectoryItems.postcodeKey(territoryId, postcode)),
                        Items.SK, Items.s(DirectoryItems.SITE + site.id())))).build());
            }
        }
        for (String postcode : site.postcodesServed()) {
            writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(Map.of(
                    Items.PK, Items.s(DirectoryItems.postcodeKey(territoryId, postcode)),
                    Items.SK, Items.s(DirectoryItems.SITE + site.id()),
                    "siteId", Items.s(site.id())))).build());
        }
        dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(WriteIds.next()));
    }

    @Override
    public void save(String territoryId, Partner partner) {
        dynamo.putItem(r -> r.tableName(table).item(DirectoryItems.partner(territoryId, partner)));
    }

    @Override
    public void save(String territoryId, Theme theme) {
        dynamo.putItem(r -> r.tableName(table).item(DirectoryItems.theme(territoryId, theme)));
    }

    @Override
    public void save(String territoryId, Permanence permanence) {
        dynamo.putItem(r -> r.tableName(table).item(DirectoryItems.permanence(territoryId, permanence)));
    }

    private <T> List<T> query(String territoryId, String prefix, Function<Map<String, AttributeValue>, T> mapper) {
        return dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk AND begins_with(sk, :prefix)")
                        .expressionAttributeValues(Map.of(
                                ":pk", Items.s(DirectoryItems.territoryKey(territoryId)),
                                ":prefix", Items.s(prefix))))
                .items().stream()
                .filter(item -> Items.live(item, clock.instant()))
                .map(mapper)
                .toList();
    }
}
