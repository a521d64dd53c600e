package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DynamoContactStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");

    private DynamoContactStore storeAt(Instant now) {
        return new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"),
                Clock.fixed(now, ZoneOffset.UTC), Duration.ofDays(30));
    }

    @Test
    void savesAContactAndItsHistoryNewestFirst() {
        DynamoContactStore store = storeAt(NOW);
        Contact contact = new Contact("+33612340001", "Marie Curie", "marie@example.fr", "metz", "fr");
        store.save(contact);
        store.record(new Interaction("a", contact.phone(), NOW.minusSeconds(60), "phone", "call", Map.of("route", "menu")));
        store.record(new Interaction("b", contact.phone(), NOW, "phone", "menu-choice", Map.of("theme", "retraite")));

        assertEquals(contact, store.find(contact.phone()).orElseThrow());
        assertEquals(List.of("b", "a"), store.history(contact.phone(), 10).stream().map(Interaction::id).toList());
        assertEquals(List.of("b"), store.history(contact.phone(), 1).stream().map(Interaction::id).toList());
        assertEquals(Map.of("theme", "retraite"), store.history(contact.phone(), 1).get(0).details());
    }

    @Test
    void aReplayedEventIsStoredOnceAndSaysSo() {
        DynamoContactStore store = storeAt(NOW);
        String phone = "+3361" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
        Interaction call = new Interaction(java.util.UUID.randomUUID().toString(), phone, NOW, "phone", "call", Map.of("route", "menu"));

        assertTrue(store.record(call));
        assertFalse(store.record(call), "the same event again is a replay");
        assertEquals(1, store.history(phone, 10).size());
        assertFalse(store.record(new Interaction("w", null, NOW, "phone", "call", Map.of())), "a withheld call has no history to store");
    }

    @Test
    void aBookingOrACallbackWritesTheProfileWithItsHistoryEntry() {
        String phone = "+3362" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
        DynamoContactStore store = storeAt(NOW);
        assertTrue(store.record(new Interaction("booked", phone, NOW.minusSeconds(120), "web", "appointment-booked",
                Map.of("siteId", "metz-borny", "themeId", "retraite", "appointmentId", "a1"))));
        Contact known = store.find(phone).orElseThrow();
        assertEquals(new Contact(phone, null, null, "metz-borny", "fr", "retraite", NOW.minusSeconds(120)), known);

        // A later callback that reached them wins; a menu choice and a replayed booking at another site change nothing.
        assertTrue(store.record(new Interaction("callback#3", phone, NOW.minusSeconds(60), "callback", "callback-completed",
                Map.of("siteId", "metz-borny", "themeId", "emploi", "outcome", "REACHED"))));
        assertTrue(store.record(new Interaction("choice", phone, NOW.minusSeconds(30), "phone", "menu-choice",
                Map.of("action", "queue", "theme", "impots"))));
        assertFalse(store.record(new Interaction("booked", phone, NOW.minusSeconds(120), "web", "appointment-booked",
                Map.of("siteId", "sarreguemines", "themeId", "impots"))));
        assertEquals(new Contact(phone, null, null, "metz-borny", "fr", "emploi", NOW.minusSeconds(60)), store.find(phone).orElseThrow());

        // A name saved later keeps what the events wrote.
        store.save(new Contact(phone, "Jeanne", null, known.preferredSiteId(), "fr", "emploi", NOW.minusSeconds(60)));
        assertEquals("emploi", store.find(phone).orElseThrow().lastThemeId());

        // An email-only citizen's history has no profile: nobody calls from an email.
        String email = "profil-" + java.util.UUID.randomUUID() + "@example.fr";
        assertTrue(store.record(new Interaction("e", email, NOW, "web", "appointment-booked", Map.of("siteId", "metz-borny"))));
        assertTrue(store.find(email).isEmpty());
    }

    @Test
    void theProfileAnEventWroteExpiresWithTheRetentionPeriod() {
        String phone = "+3363" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));
        storeAt(NOW).record(new Interaction("r", phone, NOW, "callback", "callback-requested",
                Map.of("siteId", "metz-borny", "themeId", "retraite")));
        assertTrue(storeAt(NOW.plus(Duration.ofDays(29))).find(phone).isPresent());
        assertTrue(storeAt(NOW.plus(Duration.ofDays(31))).find(phone).isEmpty());
    }

    @Test
    void forgetsEverythingAfterTheRetentionPeriod() {
        storeAt(NOW).save(new Contact("+33612340002", null, null, null, null));
        storeAt(NOW).record(new Interaction("c", "+33612340002", NOW, "phone", "call", Map.of()));

        DynamoContactStore later = storeAt(NOW.plus(Duration.ofDays(31)));
        assertTrue(later.find("+33612340002").isEmpty());
        assertTrue(later.history("+33612340002", 10).isEmpty());
    }
}
