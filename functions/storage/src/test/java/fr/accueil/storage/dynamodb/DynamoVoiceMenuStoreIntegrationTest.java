package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.embedded.EmbeddedStack;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoVoiceMenuStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private final String territory = "t-" + UUID.randomUUID();
    private final DynamoVoiceMenuStore store = new DynamoVoiceMenuStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);

    @Test
    void savesAndReadsTheSeededMenuAndRules() throws IOException {
        Menu menu = MenuFormat.parse(seed("menu"));
        RoutingRules rules = RoutingRules.parse(seed("routing"));
        store.save(territory, menu);
        store.save(territory, rules);

        assertEquals(menu, store.menu(territory).orElseThrow());
        assertEquals(rules, store.routingRules(territory).orElseThrow());
        assertTrue(store.menu("another-" + territory).isEmpty());
        assertTrue(store.routingRules("another-" + territory).isEmpty());
    }

    @Test
    void aDocumentWrittenByHandIsCheckedWhenRead() {
        put(DynamoVoiceMenuStore.MENU, "{\"root\": \"nowhere\", \"nodes\": []}");
        InvalidTreeException invalid = assertThrows(InvalidTreeException.class, () -> store.menu(territory));
        assertTrue(invalid.problems().stream().anyMatch(p -> p.startsWith("nodes")), invalid.getMessage());

        put(DynamoVoiceMenuStore.ROUTING, "{not json");
        assertThrows(InvalidTreeException.class, () -> store.routingRules(territory));
    }

    private void put(String sk, String document) {
        STACK.client().putItem(r -> r.tableName(STACK.table("DirectoryTable")).item(Map.of(
                Items.PK, AttributeValue.fromS("TERRITORY#" + territory), Items.SK, AttributeValue.fromS(sk),
                DynamoVoiceMenuStore.DOCUMENT, AttributeValue.fromS(document))));
    }

    /** A part of the demo territory file ("menu", "routing"). */
    private static Object seed(String part) throws IOException {
        return JSON.std.mapFrom(Files.readString(EmbeddedStack.repositoryRoot().resolve("seed/demo-territory.json"))).get(part);
    }
}
