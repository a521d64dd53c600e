package fr.accueil.domain.contact;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a contact's history, on any channel. Every event also counts in the quality statistics
 * (see {@code fr.accueil.domain.stats.QualityCounters}).
 *
 * @param phone   the contact it belongs to: E.164, or the email of a citizen who gave only an email;
 *                null for a caller who withheld their number (counted in the statistics, kept in no history)
 * @param channel "phone", "web", "counter", "callback"
 * @param kind    what happened: "call", "menu-choice", "callback-requested", "appointment-booked"…
 * @param details flat, non-sensitive facts (site, theme, outcome)
 */
public record Interaction(String id, String phone, Instant at, String channel, String kind, Map<String, String> details) {
    public Interaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kind, "kind");
        details = Map.copyOf(details);
    }
}
