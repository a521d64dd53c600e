package fr.accueil.domain.directory;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/** When a permanence is held. */
public sealed interface Recurrence {

    /** Whether the pattern falls on that date (validity, cancellations and holidays aside). */
    boolean occursOn(LocalDate date);

    /** On the given weekdays of every Nth week, counting weeks from the week of {@code anchor}. */
    record Weekly(Set<DayOfWeek> days, int everyWeeks, LocalDate anchor) implements Recurrence {
        public Weekly {
            days = Set.copyOf(days);
            Objects.requireNonNull(anchor, "anchor");
            if (days.isEmpty() || everyWeeks < 1) {
                throw new IllegalArgumentException("a weekly recurrence needs days and a period of at least one week");
            }
        }

        @Override
        public boolean occursOn(LocalDate date) {
            if (!days.contains(date.getDayOfWeek())) {
                return false;
            }
            // Weeks run Monday to Sunday, so every day of the anchor's week is in period 0, before or after it.
            long weeks = ChronoUnit.WEEKS.between(monday(anchor), monday(date));
            return Math.floorMod(weeks, everyWeeks) == 0;
        }

        private static LocalDate monday(LocalDate date) {
            return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
        }
    }

    /** On the Nth weekday of every month (1 to 5, or -1 for the last), e.g. the 2nd and 4th Tuesday. */
    record MonthlyNthWeekday(DayOfWeek day, List<Integer> ordinals) implements Recurrence {
        public MonthlyNthWeekday {
            Objects.requireNonNull(day, "day");
            ordinals = List.copyOf(ordinals);
            if (ordinals.isEmpty() || ordinals.stream().anyMatch(n -> n == 0 || n < -1 || n > 5)) {
                throw new IllegalArgumentException("ordinals are 1 to 5, or -1 for the last");
            }
        }

        @Override
        public boolean occursOn(LocalDate date) {
            if (date.getDayOfWeek() != day) {
                return false;
            }
            int ordinal = (date.getDayOfMonth() - 1) / 7 + 1;
            boolean last = date.plusWeeks(1).getMonth() != date.getMonth();
            return ordinals.contains(ordinal) || (last && ordinals.contains(-1));
        }
    }
}
