package fr.accueil.domain.audit;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One action of an agent in the audit trail: who, when, what, on what (ids, never a citizen's name, note or
 * full number: a contact is shown masked).
 *
 * @param action  "appointment-booked", "appointment-attendance", "callback-claimed", "contact-erased"…
 * @param details flat facts: appointmentId, callbackId, siteId, status, the masked contact
 */
public record AuditEntry(String id, Instant at, Actor actor, String action, Map<String, String> details) {
    public AuditEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(action, "action");
        details = Map.copyOf(details);
    }
}
