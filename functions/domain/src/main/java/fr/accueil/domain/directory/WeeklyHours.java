package fr.accueil.domain.directory;

import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Opening hours for each day of an ordinary week, in the site's wall-clock time. */
public record WeeklyHours(Map<DayOfWeek, List<TimeRange>> days) {
    public WeeklyHours {
        EnumMap<DayOfWeek, List<TimeRange>> copy = new EnumMap<>(DayOfWeek.class);
        days.forEach((day, ranges) -> copy.put(day, List.copyOf(ranges)));
        days = Collections.unmodifiableMap(copy);
    }

    public List<TimeRange> on(DayOfWeek day) {
        return days.getOrDefault(day, List.of());
    }

    public boolean isOpen(DayOfWeek day, LocalTime time) {
        return on(day).stream().anyMatch(range -> range.contains(time));
    }
}
