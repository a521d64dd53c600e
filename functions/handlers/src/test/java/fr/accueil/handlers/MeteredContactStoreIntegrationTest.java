package fr.accueil.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.stats.QualityCounters;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoStatsStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The CloudWatch metrics of the history's events, on DynamoDB Local: what is stored once is measured once. */
class MeteredContactStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();

    @Test
    void aReplayedEventIsNeitherStoredNorMeasuredTwice() throws Exception {
        String territory = "t-" + UUID.randomUUID();
        Clock clock = Clock.fixed(Instant.parse("2030-03-05T09:00:00Z"), ZoneOffset.UTC);
        QualityCounters counters = new QualityCounters(territory, new DynamoDirectoryStore(STACK.client(),
                STACK.table("DirectoryTable"), clock), clock);
        MeteredContactStore store = new MeteredContactStore(new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"),
                clock, Duration.ofDays(30), counters, new DynamoStatsStore(STACK.client(), STACK.table("StatsTable"))), counters);
        String phone = "+3361" + String.format("%07d", Math.floorMod(territory.hashCode(), 10_000_000));
        Interaction choice = new Interaction(UUID.randomUUID().toString(), phone, clock.instant(), "phone", "menu-choice",
                Map.of("node", "accueil", "action", "queue", "theme", "retraite"));

        List<Map<String, Object>> first = emitted(() -> assertTrue(store.record(choice)));
        List<Map<String, Object>> replay = emitted(() -> assertFalse(store.record(choice), "the same event id is a replay"));

        assertEquals(1, first.size(), "one EMF document for the event: " + first);
        assertEquals("quality.menu-choice", first.get(0).get("event"));
        assertEquals(1, ((Number) first.get(0).get("menu.choices")).intValue());
        assertEquals(List.of(), replay, "a replay adds nothing to the metrics");
        assertEquals(1, store.history(phone, 10).size());
    }

    /** The EMF documents written on standard output while {@code action} runs (Metrics writes there, as Lambda keeps it). */
    private static List<Map<String, Object>> emitted(Runnable action) throws Exception {
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try {
            action.run();
        } finally {
            System.setOut(out);
        }
        List<Map<String, Object>> documents = new java.util.ArrayList<>();
        for (String line : printed.toString(StandardCharsets.UTF_8).lines().toList()) {
            if (line.startsWith("{") && line.contains("\"_aws\"")) {
                documents.add(Json.readObject(line));
            }
        }
        return documents;
    }
}
