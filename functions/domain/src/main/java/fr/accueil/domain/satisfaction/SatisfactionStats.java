package fr.accueil.domain.satisfaction;

import fr.accueil.domain.ValidationException;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Satisfaction figures over a period, from the daily counters (never from the answers themselves). */
public final class SatisfactionStats {
    /** Counters are read per day: a period is bounded so a request reads a bounded number of items. */
    public static final int MAX_DAYS = 366;

    private final SatisfactionStore store;

    public SatisfactionStats(SatisfactionStore store) {
        this.store = store;
    }

    /** The figures of one slice and question: how many answers, their mean, and how many per score 1 to 5. */
    public record Figure(long count, long sum, List<Long> distribution) {
        public Figure {
            distribution = List.copyOf(distribution);
        }

        /** The mean score, rounded to two decimals; null without answers. */
        public Double average() {
            return count == 0 ? null : Math.round(100.0 * sum / count) / 100.0;
        }

        public static Figure of(SatisfactionCounter counter) {
            return empty().plus(counter);
        }

        public Figure plus(Figure other) {
            return new Figure(count + other.count, sum + other.sum, SatisfactionStats.sum(distribution, other.distribution));
        }

        Figure plus(SatisfactionCounter counter) {
            List<Long> merged = new ArrayList<>(distribution);
            for (int i = 0; i < 5; i++) {
                merged.set(i, merged.get(i) + counter.distribution().get(i));
            }
            return new Figure(count + counter.count(), sum + counter.sum(), merged);
        }

        static Figure empty() {
            return new Figure(0, 0, List.of(0L, 0L, 0L, 0L, 0L));
        }
    }

    /**
     * @param total     question 1 (satisfaction with the reception) over everything in scope
     * @param secondary question 2 (was the request dealt with), asked on the phone only
     * @param slices    question 1 by dimension ("site", "partner", "theme", "channel") then by id
     * @param days      question 1 by day
     */
    public record Summary(LocalDate from, LocalDate to, String siteId, Figure total, Figure secondary,
            Map<String, Map<String, Figure>> slices, Map<LocalDate, Figure> days) {
    }

    public Summary between(String siteId, LocalDate from, LocalDate to) {
        if (to.isBefore(from)) {
            throw new ValidationException("to", "La date de fin doit suivre la date de début.");
        }
        if (ChronoUnit.DAYS.between(from, to) + 1 > MAX_DAYS) {
            throw new ValidationException("to", "La période porte sur " + MAX_DAYS + " jours au plus.");
        }
        Figure total = Figure.empty();
        Figure secondary = Figure.empty();
        Map<String, Map<String, Figure>> slices = new TreeMap<>();
        Map<LocalDate, Figure> days = new TreeMap<>();
        for (SatisfactionCounter counter : store.counters(siteId, from, to)) {
            if (counter.dimension().equals("all")) {
                if (counter.question() == 1) {
                    total = total.plus(counter);
                    days.put(counter.day(), days.getOrDefault(counter.day(), Figure.empty()).plus(counter));
                } else {
                    secondary = secondary.plus(counter);
                }
            } else if (counter.question() == 1) {
                slices.computeIfAbsent(counter.dimension(), d -> new TreeMap<>())
                        .merge(counter.value(), Figure.of(counter), Figure::plus);
            }
        }
        return new Summary(from, to, siteId, total, secondary, slices, days);
    }

    private static List<Long> sum(List<Long> a, List<Long> b) {
        List<Long> sum = new ArrayList<>(5);
        for (int i = 0; i < 5; i++) {
            sum.add(a.get(i) + b.get(i));
        }
        return sum;
    }
}
