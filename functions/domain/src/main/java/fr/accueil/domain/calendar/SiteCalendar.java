package fr.accueil.domain.calendar;

import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;

/** When a site is open, in its own time zone, public holidays and closures included. */
public final class SiteCalendar {
    /** Far enough to cross any run of holidays and closures, near enough to stay cheap. */
    private static final int MAX_DAYS_AHEAD = 60;

    private final HolidayCalendar holidays;

    public SiteCalendar(HolidayCalendar holidays) {
        this.holidays = holidays;
    }

    /** Why the site is closed all day on that date (a holiday or a closure), if it is. */
    public Optional<String> closedAllDay(Site site, LocalDate date) {
        Optional<String> holiday = holidays.holiday(site, date);
        if (holiday.isPresent()) {
            return holiday;
        }
        return site.closures().stream().filter(c -> c.covers(date)).map(Closure::reason).findFirst();
    }

    /** The opening hours of that date, none on a holiday or a closure. */
    public List<TimeRange> openingsOn(Site site, LocalDate date) {
        return closedAllDay(site, date).isPresent() ? List.of() : site.hours().on(date.getDayOfWeek());
    }

    public boolean isOpen(Site site, Instant at) {
        ZonedDateTime local = at.atZone(site.zone());
        return openingsOn(site, local.toLocalDate()).stream().anyMatch(r -> r.contains(local.toLocalTime()));
    }

    /** The first opening at or after {@code at}: now if open, else the start of the next opening span. */
    public Optional<ZonedDateTime> nextOpening(Site site, Instant at) {
        ZonedDateTime local = at.atZone(site.zone());
        for (int day = 0; day <= MAX_DAYS_AHEAD; day++) {
            LocalDate date = local.toLocalDate().plusDays(day);
            for (TimeRange range : openingsOn(site, date)) {
                ZonedDateTime start = date.atTime(range.start()).atZone(site.zone());
                ZonedDateTime end = date.atTime(range.end()).atZone(site.zone());
                if (!end.isAfter(local)) {
                    continue;
                }
                return Optional.of(start.isAfter(local) ? start : local);
            }
        }
        return Optional.empty();
    }
}
