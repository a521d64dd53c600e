package fr.accueil.domain.stats;

import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotStore;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.satisfaction.SatisfactionCounter;
import fr.accueil.domain.satisfaction.SatisfactionStats;
import fr.accueil.domain.satisfaction.SatisfactionStore;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.IsoFields;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the quality figures: the day counters of the scope (one query), summed into weeks and a total,
 * and the fill rate of the permanences in scope from their slots' booked counts and capacities (one query
 * per permanence). Weeks are ISO weeks of the dates at each site.
 *
 * <p>Satisfaction comes from its own day counters (SatisfactionTable, one Query per request): those of the
 * scope's slice are added to each day's counters under {@code satisfaction.*} and {@code requestHandled.*}, so
 * days, weeks and the total sum them exactly as the other figures. Answers are not counted per permanence.
 */
public final class QualityStatistics {
    private final String territoryId;
    private final StatsStore store;
    private final DirectoryStore directory;
    private final SlotStore slots;
    private final SatisfactionStore satisfaction;

    public QualityStatistics(String territoryId, StatsStore store, DirectoryStore directory, SlotStore slots,
            SatisfactionStore satisfaction) {
        this.territoryId = territoryId;
        this.store = store;
        this.directory = directory;
        this.slots = slots;
        this.satisfaction = satisfaction;
    }

    public QualityReport report(StatsQuery query) {
        SortedMap<LocalDate, Map<String, Long>> days = new TreeMap<>();
        store.days(territoryId, query.scope(), query.from(), query.to())
                .forEach((day, counters) -> days.put(day, new HashMap<>(counters)));
        QualityReport.Satisfaction answers = addSatisfaction(query, days);
        List<QualityReport.Row> rows = new ArrayList<>();
        if (query.period() == StatsQuery.Period.DAY) {
            days.forEach((day, counters) -> rows.add(new QualityReport.Row(day.toString(), day, day, counters)));
        } else {
            SortedMap<LocalDate, List<Map<String, Long>>> weeks = new TreeMap<>();
            days.forEach((day, counters) -> weeks.computeIfAbsent(
                    day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)), w -> new ArrayList<>()).add(counters));
            weeks.forEach((monday, list) -> rows.add(new QualityReport.Row(isoWeek(monday),
                    monday.isBefore(query.from()) ? query.from() : monday,
                    monday.plusDays(6).isAfter(query.to()) ? query.to() : monday.plusDays(6), sum(list))));
        }
        QualityReport.Row total = new QualityReport.Row(query.from() + "/" + query.to(), query.from(), query.to(),
                sum(days.values()));
        return new QualityReport(query, rows, total, fillRates(query), answers);
    }

    /**
     * Adds the satisfaction counters of the scope's slice to the days; the slice of a site is kept under the
     * site's key, a partner's or theme's under the territory's (with the site's for a site and partner).
     * Channels are counted beside partners and themes, not crossed with them: by channel only for the
     * territory or a site.
     */
    private QualityReport.Satisfaction addSatisfaction(StatsQuery query, SortedMap<LocalDate, Map<String, Long>> days) {
        StatsScope scope = query.scope();
        if (scope.permanenceId() != null) {
            return QualityReport.Satisfaction.NOT_COUNTED;
        }
        String dimension = scope.partnerId() != null ? "partner" : scope.themeId() != null ? "theme" : "all";
        String value = scope.partnerId() != null ? scope.partnerId() : scope.themeId() != null ? scope.themeId() : "all";
        boolean byChannel = dimension.equals("all");
        Map<String, SatisfactionStats.Figure> channels = new TreeMap<>();
        for (SatisfactionCounter counter : satisfaction.counters(scope.siteId(), query.from(), query.to())) {
            if (counter.dimension().equals(dimension) && counter.value().equals(value)) {
                String prefix = counter.question() == 1 ? QualityReport.SATISFACTION : QualityReport.REQUEST_HANDLED;
                Map<String, Long> day = days.computeIfAbsent(counter.day(), d -> new HashMap<>());
                day.merge(prefix + ".answers", counter.count(), Long::sum);
                day.merge(prefix + ".sum", counter.sum(), Long::sum);
                for (int score = 1; score <= 5; score++) {
                    day.merge(prefix + ".score" + score, counter.distribution().get(score - 1), Long::sum);
                }
            } else if (byChannel && counter.dimension().equals("channel") && counter.question() == 1) {
                channels.merge(counter.value(), SatisfactionStats.Figure.of(counter), SatisfactionStats.Figure::plus);
            }
        }
        return new QualityReport.Satisfaction(true, byChannel ? channels : null);
    }

    /** {@code 2026-W10}: the ISO week-based year and week of a date. */
    public static String isoWeek(LocalDate day) {
        return String.format("%d-W%02d", day.get(IsoFields.WEEK_BASED_YEAR), day.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR));
    }

    private static Map<String, Long> sum(Iterable<Map<String, Long>> all) {
        Map<String, Long> total = new HashMap<>();
        all.forEach(counters -> counters.forEach((name, value) -> total.merge(name, value, Long::sum)));
        return total;
    }

    private List<QualityReport.FillRate> fillRates(StatsQuery query) {
        StatsScope scope = query.scope();
        Map<String, ZoneId> zones = directory.sites(territoryId).stream()
                .collect(Collectors.toMap(Site::id, Site::zone));
        List<QualityReport.FillRate> rates = new ArrayList<>();
        for (Permanence permanence : directory.permanences(territoryId)) {
            boolean inScope = (scope.permanenceId() == null || scope.permanenceId().equals(permanence.id()))
                    && (scope.siteId() == null || scope.siteId().equals(permanence.siteId()))
                    && (scope.partnerId() == null || scope.partnerId().equals(permanence.partnerId()))
                    && (scope.themeId() == null || permanence.themeIds().contains(scope.themeId()));
            ZoneId zone = zones.get(permanence.siteId());
            if (!inScope || zone == null) {
                continue;
            }
            Map<LocalDate, int[]> perDay = new TreeMap<>();
            for (Slot slot : slots.slotsOf(permanence.id(), query.from().atStartOfDay(zone).toInstant(),
                    query.to().plusDays(1).atStartOfDay(zone).toInstant())) {
                int[] day = perDay.computeIfAbsent(slot.date(), d -> new int[2]);
                day[0] += slot.booked();
                day[1] += slot.capacity();
            }
            if (!perDay.isEmpty()) {
                rates.add(new QualityReport.FillRate(permanence.id(), permanence.siteId(), permanence.partnerId(),
                        perDay.entrySet().stream()
                                .map(e -> new QualityReport.FillRate.Day(e.getKey(), e.getValue()[0], e.getValue()[1]))
                                .toList()));
            }
        }
        return rates;
    }
}
