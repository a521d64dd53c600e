package fr.accueil.handlers.api;

import fr.accueil.domain.audit.AuditEntry;
import fr.accueil.domain.audit.AuditTrail;
import fr.accueil.handlers.Log;
import java.time.Clock;
import java.util.Map;
import java.util.UUID;

/**
 * Writes an agent's action, once it has happened, into the audit trail. A write that fails is logged as an
 * error (the log keeps the trace, and the errors alarm fires) and never turns the action into an error: the
 * action is done, and a client retrying it would do it twice.
 */
final class AgentAudit {
    private final AuditTrail trail;
    private final Clock clock;

    AgentAudit(AuditTrail trail, Clock clock) {
        this.trail = trail;
        this.clock = clock;
    }

    void record(AgentAccess access, String action, Map<String, String> details) {
        AuditEntry entry = new AuditEntry(UUID.randomUUID().toString(), clock.instant(), access.actor(), action, details);
        try {
            trail.record(entry);
        } catch (RuntimeException e) {
            Log.error("audit.not.written", Map.of("action", action, "actorSub", entry.actor().sub(), "details", details), e);
        }
    }
}
