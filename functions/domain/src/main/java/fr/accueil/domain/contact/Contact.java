package fr.accueil.domain.contact;

import java.util.Objects;

/** What the service knows of a citizen reachable at a phone number (E.164). */
public record Contact(String phone, String name, String email, String preferredSiteId, String language) {
    public Contact {
        Objects.requireNonNull(phone, "phone");
        language = language == null ? "fr" : language;
    }
}
