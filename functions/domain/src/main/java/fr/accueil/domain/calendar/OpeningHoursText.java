package fr.accueil.domain.calendar;

import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** Opening hours as a French voice reads them: "du lundi au vendredi de 9 h à 12 h", "demain à 9 h". */
public final class OpeningHoursText {
    private OpeningHoursText() {
    }

    /** The week's hours, consecutive days with the same hours grouped; empty for a site never open. */
    public static Optional<String> week(WeeklyHours hours) {
        List<String> groups = new ArrayList<>();
        DayOfWeek first = null;
        for (DayOfWeek day : DayOfWeek.values()) {
            List<TimeRange> ranges = hours.on(day);
            boolean groupEnds = day == DayOfWeek.SUNDAY || !hours.on(day.plus(1)).equals(ranges);
            if (ranges.isEmpty()) {
                continue;
            }
            first = first == null ? day : first;
            if (groupEnds) {
                String days = first == day ? "le " + name(day)
                        : first.plus(1) == day ? "le " + name(first) + " et le " + name(day)
                        : "du " + name(first) + " au " + name(day);
                groups.add(days + " " + ranges.stream().map(OpeningHoursText::range).collect(Collectors.joining(" et ")));
                first = null;
            }
        }
        return groups.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", groups));
    }

    /**
     * Where a site is and when it opens, as the voice menu reads it: "France Services Metz-Borny
     * vous accueille au 2 rue Théodore de Gargan à Metz, du lundi au vendredi de 9 h à 12 h."
     */
    public static String site(Site site) {
        String where = site.name() + " vous accueille au " + site.address().street() + " à " + site.address().city();
        return week(site.hours()).map(hours -> where + ", " + hours + ".").orElse(where + ".");
    }

    /** When {@code at} is, seen from {@code now}: "aujourd'hui à 14 h", "demain à 9 h", "lundi 5 mai à 9 h 30". */
    public static String moment(ZonedDateTime at, ZonedDateTime now) {
        long days = ChronoUnit.DAYS.between(now.withZoneSameInstant(at.getZone()).toLocalDate(), at.toLocalDate());
        String day;
        if (days == 0) {
            day = "aujourd'hui";
        } else if (days == 1) {
            day = "demain";
        } else {
            int dayOfMonth = at.getDayOfMonth();
            day = name(at.getDayOfWeek()) + " " + (dayOfMonth == 1 ? "1er" : Integer.toString(dayOfMonth)) + " "
                    + at.getMonth().getDisplayName(TextStyle.FULL, Locale.FRENCH);
        }
        return day + " à " + time(at.toLocalTime());
    }

    private static String range(TimeRange range) {
        return "de " + time(range.start()) + " à " + time(range.end());
    }

    private static String time(LocalTime time) {
        return time.getMinute() == 0 ? time.getHour() + " h" : time.getHour() + " h " + String.format("%02d", time.getMinute());
    }

    private static String name(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.FRENCH);
    }
}
