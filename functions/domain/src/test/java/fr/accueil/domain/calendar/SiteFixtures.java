package fr.accueil.domain.calendar;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.DayOfWeek;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Sites for tests: an id, a postcode (hence a département), a time zone, opening hours. */
public final class SiteFixtures {
    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    public static final Set<DayOfWeek> WEEKDAYS = EnumSet.range(DayOfWeek.MONDAY, DayOfWeek.FRIDAY);

    private SiteFixtures() {
    }

    public static Site site(String id, String postcode, ZoneId zone, WeeklyHours hours, Closure... closures) {
        return new Site(id, "demo", "France Services " + id, new Address("1 place de la Mairie", postcode, "Ville"),
                List.of(postcode), zone, hours, List.of(closures), null, "queue-" + id);
    }

    /** A site in metropolitan France open on weekdays during the given ranges ("09:00-12:00"). */
    public static Site site(String id, String postcode, String... ranges) {
        return site(id, postcode, PARIS, hours(WEEKDAYS, ranges));
    }

    public static WeeklyHours hours(Set<DayOfWeek> days, String... ranges) {
        List<TimeRange> spans = Arrays.stream(ranges).map(TimeRange::parse).toList();
        Map<DayOfWeek, List<TimeRange>> week = new EnumMap<>(DayOfWeek.class);
        days.forEach(day -> week.put(day, spans));
        return new WeeklyHours(week);
    }
}
