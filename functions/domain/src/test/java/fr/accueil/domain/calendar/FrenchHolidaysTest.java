package fr.accueil.domain.calendar;

import static fr.accueil.domain.calendar.SiteFixtures.PARIS;
import static fr.accueil.domain.calendar.SiteFixtures.WEEKDAYS;
import static fr.accueil.domain.calendar.SiteFixtures.hours;
import static fr.accueil.domain.calendar.SiteFixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.Site;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.EnumSet;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrenchHolidaysTest {
    private final FrenchHolidays holidays = new FrenchHolidays();
    private final SiteCalendar calendar = new SiteCalendar(holidays);
    private final Site paris = site("paris", "75011", "09:00-12:00");

    @ParameterizedTest(name = "{0} in {1}: {2}")
    @CsvSource(delimiter = ';', nullValues = "-", value = {
        "2025-01-01; 75011; Jour de l'an",
        "2025-05-01; 75011; Fête du Travail",
        "2025-05-08; 75011; Victoire 1945",
        "2025-04-21; 75011; Lundi de Pâques",
        "2025-05-29; 75011; Ascension",
        "2025-06-09; 75011; Lundi de Pentecôte",
        "2025-07-14; 75011; Fête nationale",
        "2025-12-25; 75011; Noël",
        "2025-12-26; 75011; -",
        "2025-12-26; 67000; Saint-Étienne",
        "2025-12-26; 68100; Saint-Étienne",
        "2025-12-26; 57000; Saint-Étienne",
        "2025-04-18; 75011; -",
        "2025-04-18; 57000; Vendredi saint",
        "2025-04-18; 67000; Vendredi saint",
        "2026-04-03; 57000; Vendredi saint",
        "2025-05-27; 97110; Abolition de l'esclavage",
        "2025-05-22; 97200; Abolition de l'esclavage",
        "2025-06-10; 97300; Abolition de l'esclavage",
        "2025-12-20; 97400; Abolition de l'esclavage",
        "2025-04-27; 97600; Abolition de l'esclavage",
        "2025-12-20; 75011; -",
        "2025-12-20; 97110; -",
        "2025-06-03; 75011; -",
    })
    void namesTheHolidaysOfEachDepartement(LocalDate date, String postcode, String expected) {
        assertEquals(Optional.ofNullable(expected), holidays.holiday(site("s", postcode), date));
    }

    @Test
    void computesEachYearAndDepartementOnce() {
        assertSame(holidays.holidays(2025, "57"), holidays.holidays(2025, "57"));
        assertEquals(13, holidays.holidays(2025, "57").size(), "11 national days, Good Friday and 26 December");
    }

    @Test
    void aSiteIsClosedOnAPublicHolidayAndOpensTheNextWorkingDay() {
        Instant mayDay = Instant.parse("2025-05-01T08:00:00Z");
        assertFalse(calendar.isOpen(paris, mayDay));
        assertEquals(Optional.of("Fête du Travail"), calendar.closedAllDay(paris, LocalDate.of(2025, 5, 1)));
        assertEquals(zoned("2025-05-02T09:00", PARIS), calendar.nextOpening(paris, mayDay));
    }

    @Test
    void nextOpeningInMoselleSkipsGoodFridayTheWeekendAndEasterMonday() {
        Site metz = site("metz", "57000", "09:00-12:00");
        Site lyon = site("lyon", "69001", "09:00-12:00");
        Instant thursdayAfternoon = Instant.parse("2025-04-17T12:00:00Z");
        assertEquals(zoned("2025-04-22T09:00", PARIS), calendar.nextOpening(metz, thursdayAfternoon));
        assertEquals(zoned("2025-04-18T09:00", PARIS), calendar.nextOpening(lyon, thursdayAfternoon));
    }

    @ParameterizedTest(name = "{0} open: {1}")
    @CsvSource({
        // Sunday 30 March 2025, 2:00 CET (UTC+1) becomes 3:00 CEST (UTC+2).
        "2025-03-29T07:30:00Z, false", // Saturday 8:30 CET
        "2025-03-29T08:30:00Z, true",  // Saturday 9:30 CET
        "2025-03-30T06:30:00Z, false", // Sunday 8:30 CEST (7:30 by the old offset)
        "2025-03-30T07:30:00Z, true",  // Sunday 9:30 CEST
        "2025-03-30T10:30:00Z, false", // Sunday 12:30 CEST (11:30 by the old offset)
        // Sunday 26 October 2025, 3:00 CEST becomes 2:00 CET.
        "2025-10-25T10:30:00Z, false", // Saturday 12:30 CEST
        "2025-10-26T07:30:00Z, false", // Sunday 8:30 CET (9:30 by the old offset)
        "2025-10-26T10:30:00Z, true",  // Sunday 11:30 CET (12:30 by the old offset)
    })
    void isOpenFollowsTheWallClockAcrossDaylightSavingChanges(Instant at, boolean open) {
        assertEquals(open, calendar.isOpen(everyDay(), at));
    }

    @Test
    void nextOpeningAcrossTheSpringChangeIsNineInTheMorningLocalTime() {
        Optional<ZonedDateTime> next = calendar.nextOpening(everyDay(), Instant.parse("2025-03-29T11:00:00Z"));
        assertEquals(zoned("2025-03-30T09:00", PARIS), next);
        assertEquals(Instant.parse("2025-03-30T07:00:00Z"), next.orElseThrow().toInstant());
    }

    @Test
    void aReunionSiteKeepsItsOwnTimeAndHolidays() {
        ZoneId reunionZone = ZoneId.of("Indian/Reunion");
        Site reunion = site("saint-denis", "97400", reunionZone, hours(WEEKDAYS, "08:00-12:00"));
        Instant mondayFiveUtc = Instant.parse("2025-06-02T05:00:00Z"); // 9:00 in Réunion, 7:00 in Paris
        assertTrue(calendar.isOpen(reunion, mondayFiveUtc));
        assertFalse(calendar.isOpen(paris, mondayFiveUtc));
        Instant mondayHalfPastNineUtc = Instant.parse("2025-06-02T09:30:00Z"); // 13:30 in Réunion, 11:30 in Paris
        assertFalse(calendar.isOpen(reunion, mondayHalfPastNineUtc));
        assertTrue(calendar.isOpen(paris, mondayHalfPastNineUtc));
        // Saturday 20 December 2025 is a holiday there; Friday 19 after closing, next is Monday 22.
        assertEquals(zoned("2025-12-22T08:00", reunionZone),
                calendar.nextOpening(reunion, Instant.parse("2025-12-19T09:00:00Z")));
    }

    @Test
    void anAdHocClosureClosesTheSiteAllDayWithItsReason() {
        Site closed = site("formation", "75011", PARIS, hours(WEEKDAYS, "09:00-12:00"),
                new Closure(LocalDate.of(2025, 6, 2), LocalDate.of(2025, 6, 3), "Formation des agents"));
        assertEquals(Optional.of("Formation des agents"), calendar.closedAllDay(closed, LocalDate.of(2025, 6, 3)));
        assertFalse(calendar.isOpen(closed, Instant.parse("2025-06-02T08:00:00Z")));
        assertEquals(zoned("2025-06-04T09:00", PARIS),
                calendar.nextOpening(closed, Instant.parse("2025-06-02T08:00:00Z")));
    }

    @Test
    void nextOpeningIsNowWhenTheSiteIsOpen() {
        Instant tuesdayTen = Instant.parse("2025-06-03T08:00:00Z");
        assertEquals(Optional.of(tuesdayTen.atZone(PARIS)), calendar.nextOpening(paris, tuesdayTen));
    }

    private static Site everyDay() {
        return site("tous-les-jours", "75011", PARIS, hours(EnumSet.allOf(DayOfWeek.class), "09:00-12:00"));
    }

    private static Optional<ZonedDateTime> zoned(String localDateTime, ZoneId zone) {
        return Optional.of(LocalDateTime.parse(localDateTime).atZone(zone));
    }
}
