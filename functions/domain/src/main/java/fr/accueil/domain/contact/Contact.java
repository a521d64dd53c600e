package fr.accueil.domain.contact;

import java.time.Instant;
import java.util.Objects;

/**
 * What the service knows of a citizen reachable at a phone number (E.164).
 *
 * @param preferredSiteId  the site of their last booking, callback or served call ({@link ContactProfile}); the entry
 *                         router puts them through to it
 * @param lastThemeId      the theme of that last event (or of their last menu choice)
 * @param profileUpdatedAt when the site or theme was last written; null when never
 */
public record Contact(String phone, String name, String email, String preferredSiteId, String language,
        String lastThemeId, Instant profileUpdatedAt) {
    public Contact {
        Objects.requireNonNull(phone, "phone");
        language = language == null ? "fr" : language;
    }

    /** A contact with no theme recorded yet. */
    public Contact(String phone, String name, String email, String preferredSiteId, String language) {
        this(phone, name, email, preferredSiteId, language, null, null);
    }
}
