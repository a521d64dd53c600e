package fr.accueil.domain.callback;

import fr.accueil.domain.calendar.HolidayCalendar;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A France Services in Metz open on weekdays 9:00–12:00 and 13:30–17:00, and the fakes around it. */
final class Fixtures {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final String PHONE = "+33612345678";
    static final Theme RETRAITE = new Theme("retraite", "Retraite", "q-carsat");
    static final Theme ALLOCATIONS = new Theme("allocations", "Allocations", "q-caf");
    /** Armistice day, a Tuesday. */
    static final LocalDate ARMISTICE = LocalDate.of(2025, 11, 11);
    /** A training day on Wednesday 12 November 2025. */
    static final Closure TRAINING = new Closure(LocalDate.of(2025, 11, 12), LocalDate.of(2025, 11, 12), "formation");
    static final SiteCalendar CALENDAR = new SiteCalendar(holidays(Set.of(ARMISTICE)));

    private Fixtures() {
    }

    static Site metz() {
        return site("metz", PARIS);
    }

    static Site site(String id, ZoneId zone) {
        Map<DayOfWeek, List<TimeRange>> days = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            days.put(day, List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("13:30-17:00")));
        }
        return new Site(id, "t57", "France Services " + id, new Address("1 place d'Armes", "57000", "Metz"),
                List.of("57000"), zone, new WeeklyHours(days), List.of(TRAINING), "+33387000000", "q-" + id);
    }

    static HolidayCalendar holidays(Set<LocalDate> dates) {
        return (site, date) -> dates.contains(date) ? Optional.of("jour férié") : Optional.empty();
    }

    /** Wall-clock time at the site in Metz. */
    static Instant paris(String localDateTime) {
        return LocalDateTime.parse(localDateTime).atZone(PARIS).toInstant();
    }

    static DueWindow window(String from, String to) {
        return new DueWindow(paris(from), paris(to), PARIS);
    }

    static Callback pending(String id, String phone, Theme theme, DueWindow window) {
        return Callback.requested(id, phone, theme, "metz", null, window.from(), window);
    }

    static SiteDirectory directory(Site... sites) {
        return new SiteDirectory(new Sites(List.of(sites)), "t57");
    }

    /** A clock the test moves by hand. */
    static final class TestClock extends Clock {
        private Instant now;

        TestClock(Instant now) {
            this.now = now;
        }

        void set(Instant at) {
            now = at;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    static final class Contacts implements ContactStore {
        final List<Interaction> recorded = new ArrayList<>();

        @Override
        public Optional<Contact> find(String phone) {
            return Optional.empty();
        }

        @Override
        public void save(Contact contact) {
        }

        @Override
        public boolean record(Interaction interaction) {
            return recorded.add(interaction);
        }

        @Override
        public List<Interaction> history(String phone, int limit) {
            return recorded.stream().filter(i -> i.phone().equals(phone)).limit(limit).toList();
        }
    }

    /** Only sites are read by the callback code. */
    private record Sites(List<Site> all) implements DirectoryStore {
        @Override
        public List<Site> sites(String territoryId) {
            return all;
        }

        @Override
        public Optional<Site> site(String territoryId, String siteId) {
            return all.stream().filter(s -> s.id().equals(siteId)).findFirst();
        }

        @Override
        public List<Partner> partners(String territoryId) {
            return List.of();
        }

        @Override
        public List<Theme> themes(String territoryId) {
            return List.of(RETRAITE, ALLOCATIONS);
        }

        @Override
        public List<Permanence> permanences(String territoryId) {
            return List.of();
        }

        @Override
        public void save(String territoryId, Site site) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(String territoryId, Partner partner) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(String territoryId, Theme theme) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void save(String territoryId, Permanence permanence) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteSite(String territoryId, String siteId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deletePartner(String territoryId, String partnerId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deleteTheme(String territoryId, String themeId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deletePermanence(String territoryId, String permanenceId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Optional<String> territoryName(String territoryId) {
            return Optional.empty();
        }

        @Override
        public void saveTerritoryName(String territoryId, String name) {
            throw new UnsupportedOperationException();
        }

        @Override
        public fr.accueil.domain.directory.PostcodeIndex postcodeIndex() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void savePostcodeArea(String area, String territoryId) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void deletePostcodeArea(String area) {
            throw new UnsupportedOperationException();
        }
    }
}
