package fr.accueil.handlers;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.PrimingGuard;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoVoiceMenuStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/** SnapStart priming: what it reads before the snapshot warms the code; a restored container reads the data afresh. */
class PrimingIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private final AtomicInteger requests = new AtomicInteger();
    private final DynamoDbClient counted = DynamoDbClient.builder()
            .endpointOverride(STACK.dynamoDb().endpoint())
            .region(LocalClients.REGION)
            .credentialsProvider(() -> software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local"))
            .httpClientBuilder(PrimingGuard.answering(UrlConnectionHttpClient.builder()))
            .overrideConfiguration(o -> {
                // The functions' own bounds and transport, with PrimingGuard.
                AwsClients.dynamoDbBounds(o);
                o.addExecutionInterceptor(new ExecutionInterceptor() {
                    @Override
                    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
                        requests.incrementAndGet();
                    }
                });
            })
            .build();
    private final String territory = "t-" + UUID.randomUUID();
    private final DynamoDirectoryStore directory = new DynamoDirectoryStore(counted, STACK.table("DirectoryTable"), CLOCK);
    private final DynamoVoiceMenuStore menus = new DynamoVoiceMenuStore(counted, STACK.table("DirectoryTable"), CLOCK);
    private final AppContext app = new AppContext(territory, CLOCK, counted, Duration.ofDays(30), directory,
            new DynamoContactStore(counted, STACK.table("ContactsTable"), CLOCK, Duration.ofDays(30)), menus,
            new ConnectQueues(Map.of(), "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/general"), new SimulatedQueueLoad());

    @Test
    void primingLoadsTheTerritoryAndARestoreForgetsIt() throws Exception {
        directory.save(territory, new Site("metz-borny", territory, "France Services Metz-Borny",
                new Address("2 rue Théodore de Gargan", "57070", "Metz"), List.of("57070"), ZoneId.of("Europe/Paris"),
                new WeeklyHours(Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("09:00-12:00")))), List.of(), "+33387000101", "general"));
        directory.save(territory, new Theme("retraite", "Retraite", "retraite"));
        menus.save(territory, MenuFormat.parse(seed("menu")));
        menus.save(territory, RoutingRules.parse(seed("routing")));
        Priming priming = Priming.register(app);

        requests.set(0);
        priming.beforeCheckpoint(null);
        assertTrue(requests.get() >= 4, "priming reads the menu, the rules, the sites and the themes: " + requests.get());

        assertEquals(0, readsOfACall(), "a call before the snapshot finds the territory's voice data loaded");

        requests.set(0);
        priming.afterRestore(null);
        assertEquals(4, requests.get(), "a restore reads the menu, the rules, the sites and the themes again: the snapshot may be days old");
        assertEquals(0, readsOfACall(), "the first call after a restore finds them read");
    }

    /** The requests a call's use of the voice data makes: the rules, the menu, the sites, a theme's queue. */
    private int readsOfACall() {
        requests.set(0);
        app.voices().defaultVoice().rules();
        app.voices().defaultVoice().menu();
        app.voices().defaultVoice().sites();
        app.voices().defaultVoice().queueOf("retraite");
        return requests.get();
    }

    @Test
    void aRestoreWhoseReadsFailLeavesThemToTheFirstCall() throws Exception {
        menus.save(territory, RoutingRules.parse(seed("routing")));
        Priming priming = Priming.register(app);

        requests.set(0);
        priming.afterRestore(null);
        assertTrue(requests.get() >= 4, "the restore tried the four reads: " + requests.get());
        requests.set(0);
        app.voices().defaultVoice().rules();
        assertEquals(1, requests.get(), "without a menu nothing is kept: the first call reads the rules itself");
    }

    @Test
    void aTerritoryWithoutItsMenuYetDoesNotFailTheSnapshot() {
        Priming priming = Priming.register(app);

        assertDoesNotThrow(() -> priming.beforeCheckpoint(null));
    }

    @Test
    void primingCallsReadAndHaveTheirWritesAnsweredEmptyButWriteNothingAndLogNothing() throws Exception {
        String table = STACK.table("ContactsTable");
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("CONTACT#" + territory), "sk", AttributeValue.fromS("PROFILE"));
        List<Object> outcomes = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        Priming priming = Priming.register(app);
        priming.add(() -> {
            Log.info("priming.call", Map.of());
            outcomes.add(counted.getItem(r -> r.tableName(table).key(key)).hasItem());
            outcomes.add(counted.putItem(r -> r.tableName(table).item(key)));
        });
        Consumer<String> output = Log.sendTo(lines::add);
        try {
            priming.beforeCheckpoint(null);
        } finally {
            Log.sendTo(output);
        }

        assertEquals(Priming.ROUNDS * 2, outcomes.size(), "each round reads, then writes");
        assertEquals(false, outcomes.get(0), "the read went through: no such contact");
        assertTrue(outcomes.stream().filter(PutItemResponse.class::isInstance).map(PutItemResponse.class::cast)
                .allMatch(response -> !response.hasAttributes() && response.consumedCapacity() == null),
                "each write is answered with the operation's empty success, unmarshalled: " + outcomes.get(1));
        assertFalse(counted.getItem(r -> r.tableName(table).key(key)).hasItem(), "nothing was written");
        assertTrue(lines.stream().noneMatch(line -> line.contains("priming.call")), "a priming call's lines are dropped: " + lines);

        counted.putItem(r -> r.tableName(table).item(key));
        assertTrue(counted.getItem(r -> r.tableName(table).key(key)).hasItem(), "outside priming a write is sent");
    }

    /** A part of the demo territory file ("menu", "routing"). */
    private static Object seed(String part) throws java.io.IOException {
        return Json.readObject(Files.readString(EmbeddedStack.repositoryRoot().resolve("seed/demo-territory.json"))).get(part);
    }
}
