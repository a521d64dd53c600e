package fr.accueil.domain.stats;

import java.time.LocalDate;
import java.util.Map;
import java.util.SortedMap;

/**
 * Port: the day counters kept as events happen (the writes go with the history's, see the contact store).
 * One read per scope and date range, never a read of the history.
 */
public interface StatsStore {
    /** The counters of a scope for each day in [from, to] that has any, by date. */
    SortedMap<LocalDate, Map<String, Long>> days(String territoryId, StatsScope scope, LocalDate from, LocalDate to);
}
