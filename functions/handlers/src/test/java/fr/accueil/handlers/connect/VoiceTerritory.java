package fr.accueil.handlers.connect;

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
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.handlers.TerritoryVoices;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoVoiceMenuStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A territory of its own per test in the shared DynamoDB Local, seeded with the demo menu and
 * routing rules and two sites open on weekdays 9:00–12:00 and 14:00–17:00 (Paris): Metz-Borny, whose queue
 * has an ARN of its own, and Sarreguemines, whose queue has none.
 */
final class VoiceTerritory {
    static final EmbeddedStack STACK = EmbeddedStack.shared();
    /** Monday 23 November 2026, 10:00 in Paris: open. */
    static final Instant OPEN = Instant.parse("2026-11-23T09:00:00Z");
    /** Sunday 22 November 2026, 10:00 in Paris: closed. */
    static final Instant CLOSED = Instant.parse("2026-11-22T09:00:00Z");
    /** The caller of the sample events. */
    static final String SAMPLE_CALLER = "+33612345678";
    static final String RETRAITE_ARN = "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/retraite";
    static final String GENERAL_ARN = "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/general";
    /** Metz-Borny's own queue: a known caller sent there is told apart from the safe route. */
    static final String METZ_QUEUE = "site-metz-borny";
    static final String METZ_ARN = "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/site-metz-borny";

    /**
     * Tests share the sample events' caller: each territory's clock runs a millisecond later than
     * the previous one's, so the newest entry of that caller's history is the current test's.
     */
    private static final AtomicLong LATER = new AtomicLong();
    private static final Duration INVOCATION_LIMIT = invocationLimit();
    /** Handler classes already called once in this JVM. */
    private static final Set<Class<?>> WARM = ConcurrentHashMap.newKeySet();

    final String id = "t-" + UUID.randomUUID();
    final DynamoDirectoryStore directory;
    final DynamoContactStore contacts;
    final DynamoVoiceMenuStore voiceMenus;
    final TerritoryVoices voice;
    final SimulatedQueueLoad load = new SimulatedQueueLoad();
    final ConnectQueues queues = new ConnectQueues(Map.of("retraite", RETRAITE_ARN, METZ_QUEUE, METZ_ARN), GENERAL_ARN);
    final Clock clock;

    VoiceTerritory(Instant now) {
        clock = Clock.fixed(now.plusMillis(LATER.incrementAndGet()), ZoneOffset.UTC);
        directory = new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), clock);
        contacts = new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"), clock, Duration.ofDays(30));
        voiceMenus = new DynamoVoiceMenuStore(STACK.client(), STACK.table("DirectoryTable"), clock);
        voice = new TerritoryVoices(id, List::of, directory, voiceMenus);
    }

    VoiceTerritory seeded() throws IOException {
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("14:00-17:00")));
        }
        directory.save(id, new Site("metz-borny", id, "France Services Metz-Borny",
                new Address("2 rue Théodore de Gargan", "57070", "Metz"), List.of("57070"), ZoneId.of("Europe/Paris"),
                new WeeklyHours(hours), List.of(), "+33387000101", METZ_QUEUE));
        // A site whose queue has no ARN of its own (none among the queues by key): its callers reach the general queue.
        directory.save(id, new Site("sarreguemines", id, "France Services Sarreguemines",
                new Address("1 rue de la Paix", "57200", "Sarreguemines"), List.of("57200"), ZoneId.of("Europe/Paris"),
                new WeeklyHours(hours), List.of(), "+33387000202", "site-sarreguemines"));
        directory.save(id, new Theme("retraite", "Retraite", "retraite"));
        directory.save(id, new Theme("emploi", "Emploi", "emploi"));
        voiceMenus.save(id, MenuFormat.parse(seed("menu")));
        voiceMenus.save(id, RoutingRules.parse(seed("routing")));
        return this;
    }

    ConnectEntryHandler entry() {
        return new ConnectEntryHandler(voice, contacts, queues, load, clock);
    }

    ConnectMenuHandler menu() {
        return new ConnectMenuHandler(voice, contacts, queues, load, clock);
    }

    /**
     * The function's answer to an event, checked to be what Connect accepts: a flat map of strings,
     * within the time the flows give the function. The first call of a handler class in this JVM is
     * not timed: it loads the handler's classes and the SDK's, which on Lambda SnapStart did before
     * the snapshot was taken.
     */
    static Map<String, String> answer(ConnectHandler handler, byte[] event) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        boolean cold = WARM.add(handler.getClass());
        long started = System.nanoTime();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        Duration took = Duration.ofNanos(System.nanoTime() - started);
        if (!cold && took.compareTo(INVOCATION_LIMIT) > 0) {
            throw new AssertionError(handler.getClass().getSimpleName() + " took " + took.toMillis()
                    + " ms; the contact flows wait " + INVOCATION_LIMIT.toSeconds() + " s (InvocationTimeLimitSeconds)");
        }
        Map<String, String> answer = new java.util.LinkedHashMap<>();
        Json.readObject(out.toString(StandardCharsets.UTF_8)).forEach((k, v) -> {
            if (!(v instanceof String text)) {
                throw new AssertionError("Connect wants a flat map of strings, " + k + " is " + v);
            }
            answer.put(k, text);
        });
        return answer;
    }

    /**
     * A sample event from another caller: contacts are kept by number for every territory, so a test that makes
     * its caller known takes a number of its own.
     */
    static byte[] from(String caller, String sampleEvent) {
        return new String(SampleEvents.bytes(sampleEvent), StandardCharsets.UTF_8).replace(SAMPLE_CALLER, caller)
                .getBytes(StandardCharsets.UTF_8);
    }

    /** A number no other test calls from. */
    static String newCaller() {
        return "+3361" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
    }

    /** The strictest InvocationTimeLimitSeconds the flows of flows/ give a function. */
    private static Duration invocationLimit() {
        try (var files = Files.list(EmbeddedStack.repositoryRoot().resolve("flows"))) {
            long seconds = Long.MAX_VALUE;
            for (Path file : files.filter(f -> f.toString().endsWith(".json")).toList()) {
                @SuppressWarnings("unchecked")
                List<Map<String, Object>> actions = (List<Map<String, Object>>) Json.readObject(Files.readString(file)).get("Actions");
                for (Map<String, Object> action : actions) {
                    Object limit = ((Map<?, ?>) action.getOrDefault("Parameters", Map.of())).get("InvocationTimeLimitSeconds");
                    if ("InvokeLambdaFunction".equals(action.get("Type")) && limit != null) {
                        seconds = Math.min(seconds, Long.parseLong(String.valueOf(limit)));
                    }
                }
            }
            return Duration.ofSeconds(seconds);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A part of the demo territory file ("menu", "routing"). */
    private static Object seed(String part) throws IOException {
        return Json.readObject(Files.readString(EmbeddedStack.repositoryRoot().resolve("seed/demo-territory.json"))).get(part);
    }
}
