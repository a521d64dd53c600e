package fr.accueil.domain.stats;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a set of counters is about: the whole territory, or one site, partner, theme, site and partner,
 * or permanence. Each event adds to every scope it belongs to, so a read is one item per day and scope;
 * the set of scopes is fixed so an event touches at most {@link #MAX_PER_EVENT} counter items.
 *
 * @param siteId       null when not restricted to a site
 * @param partnerId    null when not restricted to a partner
 * @param themeId      null when not restricted to a theme
 * @param permanenceId null when not restricted to a permanence
 */
public record StatsScope(String siteId, String partnerId, String themeId, String permanenceId) {
    public static final StatsScope TERRITORY = new StatsScope(null, null, null, null);
    static final int MAX_PER_EVENT = 6;

    /** The combinations kept as counters, hence the ones a query may ask for. */
    public boolean kept() {
        int given = count(siteId) + count(partnerId) + count(themeId) + count(permanenceId);
        return given <= 1 || given == 2 && siteId != null && partnerId != null;
    }

    /** Stable and readable: {@code all}, {@code site=metz}, {@code site=metz&partner=caf}… */
    public String key() {
        List<String> parts = new ArrayList<>();
        add(parts, "site", siteId);
        add(parts, "partner", partnerId);
        add(parts, "theme", themeId);
        add(parts, "permanence", permanenceId);
        return parts.isEmpty() ? "all" : String.join("&", parts);
    }

    /** Every kept scope an event about this site, partner, theme and permanence counts in. */
    public static List<StatsScope> of(String siteId, String partnerId, String themeId, String permanenceId) {
        Set<StatsScope> scopes = new LinkedHashSet<>();
        scopes.add(TERRITORY);
        if (siteId != null) {
            scopes.add(new StatsScope(siteId, null, null, null));
        }
        if (partnerId != null) {
            scopes.add(new StatsScope(null, partnerId, null, null));
        }
        if (themeId != null) {
            scopes.add(new StatsScope(null, null, themeId, null));
        }
        if (siteId != null && partnerId != null) {
            scopes.add(new StatsScope(siteId, partnerId, null, null));
        }
        if (permanenceId != null) {
            scopes.add(new StatsScope(null, null, null, permanenceId));
        }
        return List.copyOf(scopes);
    }

    private static int count(String value) {
        return value == null ? 0 : 1;
    }

    private static void add(List<String> parts, String name, String value) {
        if (value != null) {
            parts.add(name + "=" + value);
        }
    }
}
