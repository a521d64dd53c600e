package fr.accueil.domain.calendar;

import fr.accueil.domain.directory.Site;
import java.time.LocalDate;
import java.util.Optional;

/** Public holidays as they apply at a site (national, Alsace-Moselle, overseas). */
public interface HolidayCalendar {
    /** The French name of the public holiday on that date at that site, if it is one. */
    Optional<String> holiday(Site site, LocalDate date);
}
