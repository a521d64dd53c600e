package fr.accueil.storage.dynamodb;

import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.tree.InvalidTreeException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The menu and routing rules in DirectoryTable, in the territory's partition:
 * {@code pk = TERRITORY#<id>}, {@code sk = MENU | ROUTING}, {@code document} = the JSON text of
 * the formats docs/voice.md describes (Menu format, Routing rules format). Text rather than a
 * DynamoDB map so that an operator can read, diff and put it back with the aws CLI and a JSON file.
 */
public final class DynamoVoiceMenuStore implements VoiceMenuStore {
    static final String MENU = "MENU";
    static final String ROUTING = "ROUTING";
    static final String DOCUMENT = "document";
    private static final JSON JSON_TEXT = JSON.builder().build();

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;

    public DynamoVoiceMenuStore(DynamoDbClient dynamo, String table, Clock clock) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
    }

    @Override
    public Optional<Menu> menu(String territoryId) {
        return read(territoryId, MENU, MenuFormat::parse);
    }

    @Override
    public Optional<RoutingRules> routingRules(String territoryId) {
        return read(territoryId, ROUTING, RoutingRules::parse);
    }

    @Override
    public void save(String territoryId, Menu menu) {
        write(territoryId, MENU, MenuFormat.toTree(menu));
    }

    @Override
    public void save(String territoryId, RoutingRules rules) {
        write(territoryId, ROUTING, rules.toTree());
    }

    private <T> Optional<T> read(String territoryId, String sk, Function<Object, T> parse) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key(territoryId, sk))).item();
        if (item == null || item.isEmpty() || !Items.live(item, clock.instant())) {
            return Optional.empty();
        }
        String document = Items.string(item, DOCUMENT);
        Object tree;
        try {
            tree = document == null ? null : JSON_TEXT.anyFrom(document);
        } catch (IOException e) {
            throw new InvalidTreeException(table + " " + sk, List.of("document : JSON illisible"));
        }
        return Optional.of(parse.apply(tree));
    }

    private void write(String territoryId, String sk, Map<String, Object> tree) {
        Map<String, AttributeValue> item = new HashMap<>(key(territoryId, sk));
        try {
            item.put(DOCUMENT, Items.s(JSON_TEXT.asString(tree)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        item.put("updatedAt", Items.s(clock.instant().toString()));
        dynamo.putItem(r -> r.tableName(table).item(item));
    }

    private static Map<String, AttributeValue> key(String territoryId, String sk) {
        return Map.of(Items.PK, Items.s(DirectoryItems.territoryKey(territoryId)), Items.SK, Items.s(sk));
    }
}
