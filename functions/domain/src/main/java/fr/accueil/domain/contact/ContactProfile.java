package fr.accueil.domain.contact;

import java.time.Instant;
import java.util.Optional;
import java.util.Set;

/**
 * Which events of a citizen's history update their contact profile (the {@link Contact#preferredSiteId usual site}
 * and {@link Contact#lastThemeId last theme} the entry router reads): a booking or move (the permanence's site and
 * theme), a callback request and a callback that reached them (its site and theme). Calls leave it alone: a call
 * put through to the usual site adds nothing it does not hold, and a menu choice names a theme's queue, no site; so
 * the voice steps write no more than their history (the menu step's benchmark target, docs/benchmarks.md).
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
        String site = given(event.details().get("siteId"));
        String theme = given(event.details().get("themeId"));
        boolean served = event.kind().equals("callback-completed") && "REACHED".equals(event.details().get("outcome"));
        if (SITE_AND_THEME.contains(event.kind()) || served) {
            return update(site, theme, event.at());
        }
        return Optional.empty();
    }

    /** A blank id (a callback on no theme) is no id: it leaves the profile's as it was. */
    private static String given(String id) {
        return id == null || id.isBlank() ? null : id;
    }

    private static Optional<Update> update(String siteId, String themeId, Instant at) {
        return siteId == null && themeId == null ? Optional.empty() : Optional.of(new Update(siteId, themeId, at));
    }
}
