package fr.accueil.domain.audit;

import java.time.Instant;
import java.util.List;

/** Port: who did what, kept for the audit retention, read by the coordinator and the data protection officer. */
public interface AuditTrail {
    void record(AuditEntry entry);

    /** The entries from {@code from} (inclusive) to {@code to} (exclusive), newest first, at most {@code limit}. */
    List<AuditEntry> between(Instant from, Instant to, int limit);

}
