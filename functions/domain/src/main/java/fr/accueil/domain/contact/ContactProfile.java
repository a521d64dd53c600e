package fr.accueil.domain.contact;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which events of a citizen's history update their contact profile (the {@link Contact#preferredSiteId usual site}
 * and {@link Contact#lastThemeId last theme} the entry router reads): a booking or move (the permanence's site and
 * theme), a callback request and a callback that reached them (its site and theme), and a menu choice that left the
 * menu for a theme (the theme only: a theme's queue is no site's). A call put through to the usual site adds nothing
 * the profile does not hold, and leaves it alone (so the entry function writes no profile: only its history).
 *
 * <p>The store writes the update with the history entry, in the same write: no extra round trip, and an event
 * replayed (already in the history) changes nothing. Only a phone number has a profile: an email-only citizen
 * cannot call from it.
 */
public final class ContactProfile {
    /** What an event sets; {@code siteId} or {@code themeId} null leaves that part as it was. */
    public record Update(String siteId, String themeId, Instant at) {
    }

    private static final Set<String> SITE_AND_THEME = Set.of("appointment-booked", "appointment-rescheduled",
            "callback-requested");

    private ContactProfile() {
    }

    public static Optional<Update> of(Interaction event) {
        if (event.phone() == null || !event.phone().startsWith("+")) {
            return Optional.empty();
        }
        String site = event.details().get("siteId");
        String theme = event.details().get("themeId");
        boolean served = event.kind().equals("callback-completed") && "REACHED".equals(event.details().get("outcome"));
        if (SITE_AND_THEME.contains(event.kind()) || served) {
            return update(site, theme, event.at());
        }
        if (event.kind().equals("menu-choice") && ("queue".equals(event.details().get("action"))
                || "callback".equals(event.details().get("action")))) {
            return update(null, event.details().get("theme"), event.at());
        }
        return Optional.empty();
    }

    private static Optional<Update> update(String siteId, String themeId, Instant at) {
        return siteId == null && themeId == null ? Optional.empty() : Optional.of(new Update(siteId, themeId, at));
    }
}
