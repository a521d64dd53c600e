package fr.accueil.domain.contact;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One event of a contact's history, on any channel.
 *
 * @param channel "phone", "web", "counter", "callback"
 * @param kind    what happened: "call", "menu-choice", "callback-requested", "appointment-booked"…
 * @param details flat, non-sensitive facts (site, theme, outcome)
 */
public record Interaction(String id, String phone, Instant at, String channel, String kind, Map<String, String> details) {
    public Interaction {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(phone, "phone");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(kind, "kind");
        details = Map.copyOf(details);
    }
}
