package fr.accueil.domain.stats;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;

/**
 * What one event adds to the statistics: counters (histogram buckets included) to add to each of its
 * scopes on its day, and the raw measures (durations) metrics may report as values.
 *
 * @param territoryId the territory whose counters it adds to
 * @param day      the event's date at its site (Europe/Paris when it has none)
 * @param counters counter name → increment (negative for a corrected attendance)
 * @param measures measure name → value, e.g. {@code callbackDelayMinutes}
 */
public record Tally(String territoryId, LocalDate day, List<StatsScope> scopes, Map<String, Long> counters, Map<String, Double> measures) {
    public Tally {
        scopes = List.copyOf(scopes);
        counters = Map.copyOf(counters);
        measures = Map.copyOf(measures);
        if (scopes.size() > StatsScope.MAX_PER_EVENT) {
            throw new IllegalArgumentException("an event counts in at most " + StatsScope.MAX_PER_EVENT + " scopes");
        }
    }

    public boolean isEmpty() {
        return counters.isEmpty();
    }

    /** The site, partner and theme the event is about, as metric dimensions (absent ones left out). */
    public StatsScope subject() {
        String site = null, partner = null, theme = null, permanence = null;
        for (StatsScope scope : scopes) {
            site = scope.siteId() != null ? scope.siteId() : site;
            partner = scope.partnerId() != null ? scope.partnerId() : partner;
            theme = scope.themeId() != null ? scope.themeId() : theme;
            permanence = scope.permanenceId() != null ? scope.permanenceId() : permanence;
        }
        return new StatsScope(site, partner, theme, permanence);
    }
}
