package fr.accueil.domain.satisfaction;

import java.time.LocalDate;
import java.util.List;

/**
 * The answers of one day for one slice (everything, a partner, a theme, a channel, a site), counted as they
 * arrive: statistics read counters, never answers.
 *
 * @param dimension    "all", "site", "partner", "theme" or "channel"
 * @param value        the slice's id ("all" for everything)
 * @param question     1 or 2
 * @param distribution answers per score, index 0 for score 1
 */
public record SatisfactionCounter(LocalDate day, String dimension, String value, int question, long count, long sum,
        List<Long> distribution) {
    public SatisfactionCounter {
        distribution = List.copyOf(distribution);
    }
}
