package fr.accueil.domain.calendar;

import de.focus_shift.jollyday.core.Holiday;
import de.focus_shift.jollyday.core.HolidayManager;
import de.focus_shift.jollyday.core.ManagerParameters;
import fr.accueil.domain.directory.Site;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.Year;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * French public holidays by département: jollyday's France calendar, completed and corrected by
 * {@code holidays-supplement-fr.xml} (Good Friday in Moselle, abolition of slavery overseas) and
 * named by {@code holiday-names-fr.properties}.
 *
 * <p>Construction costs nothing; jollyday is loaded on first use and each (year, département)
 * is computed once, since every voice call asks.
 */
public final class FrenchHolidays implements HolidayCalendar {
    private final ConcurrentMap<YearAndDepartement, Map<LocalDate, String>> cache = new ConcurrentHashMap<>();

    @Override
    public Optional<String> holiday(Site site, LocalDate date) {
        return Optional.ofNullable(holidays(date.getYear(), site.address().departement()).get(date));
    }

    /**
     * Loads jollyday's calendars now rather than on the first lookup: they are most of a voice
     * function's cold start (JAXB reads their XML), which a container can do in the background.
     */
    public static void preload(int year) {
        for (HolidayManager manager : Jollyday.MANAGERS) {
            manager.getHolidays(Year.of(year), "75");
        }
    }

    /** Every public holiday of that year in that département ("57", "974"…), by date, with its French name. */
    public Map<LocalDate, String> holidays(int year, String departement) {
        return cache.computeIfAbsent(new YearAndDepartement(year, departement), FrenchHolidays::compute);
    }

    private static Map<LocalDate, String> compute(YearAndDepartement key) {
        Map<LocalDate, String> byDate = new TreeMap<>();
        for (HolidayManager manager : Jollyday.MANAGERS) {
            for (Holiday holiday : manager.getHolidays(Year.of(key.year()), key.departement())) {
                byDate.put(holiday.getDate(), Jollyday.NAMES.getProperty(holiday.getPropertiesKey(), holiday.getDescription()));
            }
        }
        return Collections.unmodifiableMap(byDate);
    }

    private record YearAndDepartement(int year, String departement) {
        YearAndDepartement {
            Objects.requireNonNull(departement, "departement");
        }
    }

    /** Loaded on first use only (holder idiom), so that building a FrenchHolidays stays cheap. */
    private static final class Jollyday {
        /** In merge order: the supplement comes last so that it wins. */
        static final List<HolidayManager> MANAGERS = List.of(
                HolidayManager.getInstance(ManagerParameters.create(de.focus_shift.jollyday.core.HolidayCalendar.FRANCE)),
                HolidayManager.getInstance(ManagerParameters.create(
                        Objects.requireNonNull(FrenchHolidays.class.getResource("holidays-supplement-fr.xml")))));
        static final Properties NAMES = names();

        private static Properties names() {
            Properties names = new Properties();
            try (Reader reader = new InputStreamReader(
                    FrenchHolidays.class.getResourceAsStream("holiday-names-fr.properties"), StandardCharsets.UTF_8)) {
                names.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return names;
        }
    }
}
