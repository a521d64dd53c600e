package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.audit.AuditEntry;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DynamoAuditTrailIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Instant NOW = Instant.parse("2026-12-01T09:00:00Z");
    private static final Actor ANNE = new Actor("sub-anne", "anne.agent");

    private static DynamoAuditTrail trailAt(String territory, Instant now) {
        return new DynamoAuditTrail(STACK.client(), STACK.table("ContactsTable"), territory, Clock.fixed(now, ZoneOffset.UTC),
                Duration.ofDays(365));
    }

    @Test
    void readsAPeriodAcrossMonthsNewestFirstAndOnlyItsTerritory() {
        String territory = "t-" + UUID.randomUUID();
        DynamoAuditTrail trail = trailAt(territory, NOW);
        trail.record(new AuditEntry("oct", Instant.parse("2026-10-31T23:59:00Z"), ANNE, "callback-claimed", Map.of("callbackId", "c1")));
        trail.record(new AuditEntry("nov", Instant.parse("2026-11-15T10:00:00Z"), ANNE, "appointment-attendance", Map.of("status", "ATTENDED")));
        trail.record(new AuditEntry("dec", Instant.parse("2026-12-01T08:00:00Z"), ANNE, "contact-erased", Map.of("contact", "+336•••78")));
        trailAt("other-" + territory, NOW).record(new AuditEntry("x", Instant.parse("2026-11-15T10:00:00Z"), ANNE, "contact-exported", Map.of()));

        List<AuditEntry> all = trail.between(Instant.parse("2026-10-01T00:00:00Z"), NOW, 100);
        assertEquals(List.of("dec", "nov", "oct"), all.stream().map(AuditEntry::id).toList());
        assertEquals(ANNE, all.get(1).actor());
        assertEquals(Map.of("status", "ATTENDED"), all.get(1).details());
        assertEquals(List.of("nov"), trail.between(Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2026-12-01T08:00:00Z"), 100)
                .stream().map(AuditEntry::id).toList(), "from inclusive, to exclusive");
        assertEquals(List.of("dec", "nov"), trail.between(Instant.parse("2026-10-01T00:00:00Z"), NOW, 2).stream().map(AuditEntry::id).toList());
    }

    @Test
    void forgetsAnEntryAfterTheAuditRetention() {
        String territory = "t-" + UUID.randomUUID();
        trailAt(territory, NOW).record(new AuditEntry("a", NOW, ANNE, "contact-exported", Map.of()));
        Instant later = NOW.plus(Duration.ofDays(366));
        assertTrue(trailAt(territory, later).between(NOW.minusSeconds(1), later, 10).isEmpty());
    }
}
