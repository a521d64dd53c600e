package fr.accueil.domain.contact;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A history entry derived from a record already stored never fails the operation that stored it. */
class ContactStoreTest {
    private static final Interaction BOOKED = new Interaction("a1#booked", "+33611000001", Instant.parse("2026-11-23T09:00:00Z"),
            "web", "appointment-booked", Map.of("appointmentId", "a1", "siteId", "metz-borny", "themeId", "retraite"));

    @Test
    void aDerivedEntryIsRecordedAndAFailureToWriteItIsOnlyLogged() {
        InMemoryContactStore store = new InMemoryContactStore();
        store.recordDerived(BOOKED, "appointmentId");
        assertEquals(1, store.history("+33611000001", 10).size());

        InMemoryContactStore down = new InMemoryContactStore() {
            @Override
            public synchronized boolean record(Interaction interaction) {
                throw new IllegalStateException("DynamoDB is down");
            }
        };
        assertDoesNotThrow(() -> down.recordDerived(BOOKED, "appointmentId"));
    }
}
