package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.satisfaction.SatisfactionCounter;
import fr.accueil.domain.satisfaction.SurveyAnswer;
import fr.accueil.domain.satisfaction.SurveyChannel;
import fr.accueil.domain.satisfaction.SurveyInvitation;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Satisfaction answers and counters, and a mobile site's stops, against DynamoDB Local. */
class DynamoSatisfactionStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private static final LocalDate DAY = LocalDate.parse("2026-11-23");

    private final DynamoSatisfactionStore store = new DynamoSatisfactionStore(STACK.client(),
            STACK.table("SatisfactionTable"), CLOCK, Duration.ofDays(365));

    @Test
    void concurrentAnswersAreEachCountedOnceAndARepeatedOneNever() throws Exception {
        String site = "site-" + UUID.randomUUID();
        String repeated = "contact-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<Boolean>> results = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                int score = i % 5 + 1;
                String reference = i < 10 ? repeated : "contact-" + UUID.randomUUID();
                results.add(pool.submit(() -> store.record(new SurveyAnswer(reference, SurveyChannel.PHONE, site, null,
                        "retraite", DAY, List.of(score)))));
            }
            long recorded = 0;
            for (Future<Boolean> result : results) {
                recorded += result.get() ? 1 : 0;
            }
            assertEquals(31, recorded, "30 distinct calls and one of the ten repeats");
        } finally {
            pool.shutdown();
        }
        Map<String, SatisfactionCounter> counters = new java.util.HashMap<>();
        store.counters(site, DAY, DAY).forEach(c -> counters.put(c.dimension() + "#" + c.value(), c));
        assertEquals(Set.of("all#all", "channel#phone", "theme#retraite"), counters.keySet());
        SatisfactionCounter all = counters.get("all#all");
        assertEquals(31, all.count());
        assertEquals(31, all.distribution().stream().mapToLong(Long::longValue).sum());
        assertTrue(store.answered(SurveyChannel.PHONE, repeated));
        assertFalse(store.answered(SurveyChannel.CALLBACK, repeated));
        assertTrue(store.counters(site, DAY.plusDays(1), DAY.plusDays(9)).isEmpty());
    }

    @Test
    void expiredCountersAreIgnored() {
        String site = "site-" + UUID.randomUUID();
        assertTrue(store.record(new SurveyAnswer("contact-" + UUID.randomUUID(), SurveyChannel.PHONE, site, null, "retraite",
                DAY, List.of(4))));
        String table = STACK.table("SatisfactionTable");
        // Counters carry no TTL of their own; one that did would be past it here.
        STACK.client().query(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("STATS#SITE#" + site))))
                .items().stream().filter(item -> item.get("sk").s().contains("#theme#"))
                .forEach(item -> STACK.client().updateItem(r -> r.tableName(table)
                        .key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                        .updateExpression("SET expiresAt = :past")
                        .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(CLOCK.instant().getEpochSecond() - 1))))));

        assertEquals(Set.of("all", "channel"), Set.copyOf(store.counters(site, DAY, DAY).stream().map(SatisfactionCounter::dimension).toList()));
    }

    @Test
    void anInvitationIsWrittenOnceAndReadUntilItExpires() {
        String appointment = UUID.randomUUID().toString();
        SurveyInvitation invitation = new SurveyInvitation(appointment, "hash", "metz", "carsat", null, DAY,
                Instant.parse("2026-12-07T09:00:00Z"));
        assertTrue(store.invite(invitation));
        assertFalse(store.invite(invitation));
        assertEquals(invitation, store.invitation(appointment).orElseThrow());
        DynamoSatisfactionStore later = new DynamoSatisfactionStore(STACK.client(), STACK.table("SatisfactionTable"),
                Clock.fixed(Instant.parse("2026-12-07T09:00:01Z"), ZoneOffset.UTC), Duration.ofDays(365));
        assertTrue(later.invitation(appointment).isEmpty(), "expired, though DynamoDB Local keeps the item");
    }

    @Test
    void aMobileSiteKeepsItsStopsAndAPermanenceItsWalkInPlaces() {
        String territory = "t-" + UUID.randomUUID();
        DynamoDirectoryStore directory = new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
        Site bus = new Site("bus", territory, "France Services itinérante", new Address("4 rue du Général Stuhl", "57230", "Bitche"),
                List.of(), ZoneId.of("Europe/Paris"), new WeeklyHours(Map.of()), List.of(), null, null, true, List.of(
                        new Stop(DAY, TimeRange.parse("09:00-12:00"), new Address("Place de la mairie", "57410", "Rohrbach-lès-Bitche"), false),
                        new Stop(DAY.plusDays(1), TimeRange.parse("13:30-16:30"), new Address("Place de l'église", "57620", "Lemberg"), true)));
        directory.save(territory, bus);
        Permanence permanence = new Permanence("fs-bus", "france-services", "bus", List.of("retraite"),
                new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY), 1, DAY), TimeRange.parse("09:00-17:00"), 30, 1,
                Duration.ofHours(2), 60, null, null, Set.of(), 6);
        directory.save(territory, permanence);

        assertEquals(bus, directory.site(territory, "bus").orElseThrow());
        assertEquals(List.of("bus"), directory.siteIdsServing(territory, "57620"));
        assertEquals(permanence, directory.permanences(territory).get(0));
    }
}
