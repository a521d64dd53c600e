package fr.accueil.domain.queue;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.stats.QualityCounters;
import fr.accueil.domain.stats.StatsQuery;
import fr.accueil.domain.stats.StatsScope;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the queue figures of a statistics query: the hours (UTC, as counted) of the days [from, to] at the
 * scope's site (Europe/Paris for the territory, as the day counters), by hour then queue, and each queue's total
 * over the range. The scope's queues: every queue for the territory, a site's queue, a theme's; a partner or a
 * permanence has no queue of its own (none). One Query, and the directory for a site or theme.
 */
public final class QueueStatistics {
    /** The figures of a range: each queue's total, and its hours; {@code counted} false when the scope has no queue. */
    public record Report(boolean counted, ZoneId zone, List<QueueHour> totals, List<QueueHour> hours) {
    }

    private final String territoryId;
    private final QueueStatsStore store;
    private final DirectoryStore directory;

    public QueueStatistics(String territoryId, QueueStatsStore store, DirectoryStore directory) {
        this.territoryId = territoryId;
        this.store = store;
        this.directory = directory;
    }

    public Report report(StatsQuery query) {
        StatsScope scope = query.scope();
        ZoneId zone = QualityCounters.DEFAULT_ZONE;
        Optional<Set<String>> queues = Optional.empty();
        if (scope.partnerId() != null || scope.permanenceId() != null) {
            return new Report(false, zone, List.of(), List.of());
        }
        if (scope.siteId() != null) {
            Optional<Site> site = directory.sites(territoryId).stream().filter(s -> s.id().equals(scope.siteId())).findFirst();
            zone = site.map(Site::zone).orElse(zone);
            queues = Optional.of(site.map(s -> Set.of(s.queue())).orElse(Set.of()));
        }
        if (scope.themeId() != null) {
            Set<String> theme = directory.themes(territoryId).stream().filter(t -> t.id().equals(scope.themeId()))
                    .map(Theme::queue).collect(Collectors.toSet());
            queues = Optional.of(queues.map(q -> q.stream().filter(theme::contains).collect(Collectors.toSet())).orElse(theme));
        }
        List<QueueHour> hours = new ArrayList<>();
        Map<String, QueueHour> totals = new TreeMap<>();
        for (QueueHour hour : store.hours(territoryId, query.from().atStartOfDay(zone).toInstant(),
                query.to().plusDays(1).atStartOfDay(zone).toInstant())) {
            if (queues.map(q -> q.contains(hour.queue())).orElse(true)) {
                hours.add(hour);
                totals.merge(hour.queue(), hour, QueueHour::plus);
            }
        }
        return new Report(true, zone, List.copyOf(totals.values()), List.copyOf(hours));
    }
}
