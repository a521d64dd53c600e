package fr.accueil.storage.dynamodb;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.PostcodeIndex;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
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
        return item(territoryId, DirectoryItems.SITE + siteId).map(item -> DirectoryItems.site(territoryId, item));
    }

    /** One live item of the territory's partition, by its sort key. */
    private Optional<Map<String, AttributeValue>> item(String territoryId, String sortKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(Map.of(
                Items.PK, Items.s(DirectoryItems.territoryKey(territoryId)),
                Items.SK, Items.s(sortKey)))).item();
        return item == null || item.isEmpty() || !Items.live(item, clock.instant()) ? Optional.empty() : Optional.of(item);
    }

    /** One Query of the postcode's partition, written with each site. */
    @Override
    public List<String> siteIdsServing(String territoryId, String postcode) {
        return lookup(DirectoryItems.postcodeKey(territoryId, postcode), "siteId");
    }

    /** One attribute of each live entry of a lookup partition (a postcode's, a commune's). */
    private List<String> lookup(String partition, String attribute) {
        return dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(partition))))
                .items().stream()
                .filter(item -> Items.live(item, clock.instant()))
                .map(item -> Items.string(item, attribute))
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

    /** By key: a message names its appointment's partner only. */
    @Override
    public Optional<Partner> partner(String territoryId, String partnerId) {
        return item(territoryId, DirectoryItems.PARTNER + partnerId).map(DirectoryItems::partner);
    }

    /** By key: a booking needs its slot's permanence only. */
    @Override
    public Optional<Permanence> permanence(String territoryId, String permanenceId) {
        return item(territoryId, DirectoryItems.PERMANENCE + permanenceId).map(DirectoryItems::permanence);
    }

    /** One Query of the commune's partition, written with each site. */
    @Override
    public List<String> postcodesOfCommune(String territoryId, String commune) {
        String key = Address.communeKey(commune);
        if (key.isEmpty()) {
            return List.of();
        }
        return lookup(DirectoryItems.communeKey(territoryId, key), "postcode").stream().distinct().sorted().toList();
    }

    /**
     * Writes the site and, in the same transaction, the entries that find it: one per postcode served, one per
     * commune of its places (its address and its stops'). Entries the previous version had and this one has not
     * are deleted.
     */
    @Override
    public void save(String territoryId, Site site) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(DirectoryItems.site(site))).build());
        Map<List<String>, Map<String, AttributeValue>> entries = entries(territoryId, site);
        site(territoryId, site.id()).map(previous -> entries(territoryId, previous)).orElse(Map.of()).keySet().stream()
                .filter(key -> !entries.containsKey(key))
                .forEach(key -> writes.add(TransactWriteItem.builder().delete(d -> d.tableName(table).key(Map.of(
                        Items.PK, Items.s(key.get(0)), Items.SK, Items.s(key.get(1))))).build()));
        entries.values().forEach(item -> writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)).build()));
        dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(WriteIds.next()));
    }

    /** The index entries of a site by their (pk, sk). */
    private static Map<List<String>, Map<String, AttributeValue>> entries(String territoryId, Site site) {
        Map<List<String>, Map<String, AttributeValue>> entries = new LinkedHashMap<>();
        String sk = DirectoryItems.SITE + site.id();
        for (String postcode : site.postcodesServed()) {
            String pk = DirectoryItems.postcodeKey(territoryId, postcode);
            entries.put(List.of(pk, sk), Map.of(Items.PK, Items.s(pk), Items.SK, Items.s(sk), "siteId", Items.s(site.id())));
        }
        for (Address place : site.places()) {
            if (place.communeKey().isEmpty()) {
                continue;
            }
            String pk = DirectoryItems.communeKey(territoryId, place.communeKey());
            String placeSk = sk + "#" + place.postcode();
            entries.put(List.of(pk, placeSk), Map.of(Items.PK, Items.s(pk), Items.SK, Items.s(placeSk),
                    "siteId", Items.s(site.id()), "postcode", Items.s(place.postcode())));
        }
        return entries;
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

    /**
     * Removes a site and the entries that find it, a partner, a theme and a permanence, in one transaction: what
     * the smoke tier wrote for its test booking.
     */
    public void remove(String territoryId, Site site, Partner partner, Theme theme, Permanence permanence) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(siteKeys(territoryId, site));
        for (String sk : List.of(DirectoryItems.PARTNER + partner.id(), DirectoryItems.THEME + theme.id(),
                DirectoryItems.PERMANENCE + permanence.id())) {
            keys.add(territoryItem(territoryId, sk));
        }
        deleteAll(keys);
    }

    /** The site and its index entries in one transaction, so no postcode or commune keeps finding a site that is gone. */
    @Override
    public void deleteSite(String territoryId, String siteId) {
        site(territoryId, siteId).ifPresent(site -> deleteAll(siteKeys(territoryId, site)));
    }

    @Override
    public void deletePartner(String territoryId, String partnerId) {
        delete(territoryId, DirectoryItems.PARTNER + partnerId);
    }

    @Override
    public void deleteTheme(String territoryId, String themeId) {
        delete(territoryId, DirectoryItems.THEME + themeId);
    }

    @Override
    public void deletePermanence(String territoryId, String permanenceId) {
        delete(territoryId, DirectoryItems.PERMANENCE + permanenceId);
    }

    @Override
    public Optional<String> territoryName(String territoryId) {
        return item(territoryId, DirectoryItems.TERRITORY).map(item -> Items.string(item, "name"));
    }

    @Override
    public void saveTerritoryName(String territoryId, String name) {
        Map<String, AttributeValue> item = new java.util.HashMap<>(territoryItem(territoryId, DirectoryItems.TERRITORY));
        item.put("name", Items.s(name));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    @Override
    public PostcodeIndex postcodeIndex() {
        Map<String, String> areas = new LinkedHashMap<>();
        dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", Items.s(DirectoryItems.REGION))))
                .items().forEach(item -> areas.put(Items.string(item, Items.SK).substring(DirectoryItems.AREA.length()),
                        Items.string(item, "territoryId")));
        return new PostcodeIndex(areas);
    }

    /**
     * Conditional on the area being free or the territory's already, so that two imports running at once cannot both
     * take it (the second fails, its report unwritten; run again, it is refused with the owner named).
     */
    @Override
    public void savePostcodeArea(String area, String territoryId) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(Map.of(Items.PK, Items.s(DirectoryItems.REGION),
                            Items.SK, Items.s(DirectoryItems.AREA + area), "territoryId", Items.s(territoryId)))
                    .conditionExpression("attribute_not_exists(pk) OR territoryId = :territory")
                    .expressionAttributeValues(Map.of(":territory", Items.s(territoryId))));
        } catch (ConditionalCheckFailedException e) {
            throw new IllegalStateException("« " + area + " » est servi par un autre territoire", e);
        }
    }

    @Override
    public void deletePostcodeArea(String area) {
        dynamo.deleteItem(r -> r.tableName(table).key(Map.of(Items.PK, Items.s(DirectoryItems.REGION),
                Items.SK, Items.s(DirectoryItems.AREA + area))));
    }

    private void delete(String territoryId, String sortKey) {
        dynamo.deleteItem(r -> r.tableName(table).key(territoryItem(territoryId, sortKey)));
    }

    private static Map<String, AttributeValue> territoryItem(String territoryId, String sortKey) {
        return Map.of(Items.PK, Items.s(DirectoryItems.territoryKey(territoryId)), Items.SK, Items.s(sortKey));
    }

    /** The keys of a site's item and of its index entries. */
    private static List<Map<String, AttributeValue>> siteKeys(String territoryId, Site site) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        keys.add(territoryItem(territoryId, DirectoryItems.SITE + site.id()));
        entries(territoryId, site).keySet().forEach(key -> keys.add(Map.of(Items.PK, Items.s(key.get(0)), Items.SK, Items.s(key.get(1)))));
        return keys;
    }

    private void deleteAll(List<Map<String, AttributeValue>> keys) {
        dynamo.transactWriteItems(r -> r.transactItems(keys.stream()
                .map(key -> TransactWriteItem.builder().delete(d -> d.tableName(table).key(key)).build()).toList())
                .clientRequestToken(WriteIds.next()));
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
