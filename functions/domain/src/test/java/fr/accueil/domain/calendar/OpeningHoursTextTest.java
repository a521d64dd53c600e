package fr.accueil.domain.calendar;

import static fr.accueil.domain.calendar.SiteFixtures.PARIS;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.DayOfWeek;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class OpeningHoursTextTest {

    @Test
    void groupsConsecutiveDaysWithTheSameHours() {
        List<TimeRange> fullDay = List.of(TimeRange.parse("08:30-12:00"), TimeRange.parse("13:30-17:15"));
        WeeklyHours hours = new WeeklyHours(Map.of(
                DayOfWeek.MONDAY, fullDay, DayOfWeek.TUESDAY, fullDay, DayOfWeek.WEDNESDAY, List.of(TimeRange.parse("08:30-12:00")),
                DayOfWeek.THURSDAY, fullDay, DayOfWeek.SATURDAY, List.of(TimeRange.parse("09:00-12:00"))));
        assertEquals(Optional.of("le lundi et le mardi de 8 h 30 à 12 h et de 13 h 30 à 17 h 15, le mercredi de 8 h 30 à 12 h,"
                + " le jeudi de 8 h 30 à 12 h et de 13 h 30 à 17 h 15, le samedi de 9 h à 12 h"), OpeningHoursText.week(hours));
        assertEquals(Optional.empty(), OpeningHoursText.week(new WeeklyHours(Map.of())));
    }

    @Test
    void namesTheMomentRelativeToNow() {
        ZonedDateTime now = at("2025-04-29T19:00");
        assertEquals("aujourd'hui à 21 h", OpeningHoursText.moment(at("2025-04-29T21:00"), now));
        assertEquals("demain à 9 h 30", OpeningHoursText.moment(at("2025-04-30T09:30"), now));
        assertEquals("jeudi 1er mai à 9 h", OpeningHoursText.moment(at("2025-05-01T09:00"), now));
        assertEquals("lundi 12 mai à 14 h", OpeningHoursText.moment(at("2025-05-12T14:00"), now));
    }

    private static ZonedDateTime at(String local) {
        return LocalDateTime.parse(local).atZone(PARIS);
    }

    @Test
    void aSiteIsReadWithItsStreetTownAndWeek() {
        Site site = SiteFixtures.site("metz", "57000", "09:00-12:00");
        assertEquals(site.name() + " vous accueille au " + site.address().street() + " à " + site.address().city()
                + ", du lundi au vendredi de 9 h à 12 h.", OpeningHoursText.site(site));
    }
}
