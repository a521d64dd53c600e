package fr.accueil.domain.booking;

import fr.accueil.domain.calendar.HolidayCalendar;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** A France Services in Metz where the CARSAT holds a permanence on Tuesday mornings. */
final class Fixtures {
    static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    static final Recurrence TUESDAYS = new Recurrence.Weekly(Set.of(DayOfWeek.TUESDAY), 1, LocalDate.of(2025, 1, 7));

    private Fixtures() {
    }

    static Site metz(Closure... closures) {
        return site("metz", new Address("1 place d'Armes", "57000", "Metz"), PARIS, closures);
    }

    static Site site(String id, Address address, ZoneId zone, Closure... closures) {
        return new Site(id, "moselle", "France Services " + address.city(), address, List.of(address.postcode()), zone,
                new WeeklyHours(Map.of()), List.of(closures), "+33387000000", "general");
    }

    static Permanence permanence(Recurrence recurrence, String window, int slotMinutes) {
        return permanence(recurrence, window, slotMinutes, 1, null, null, Set.of());
    }

    static Permanence permanence(Recurrence recurrence, String window, int slotMinutes, int capacity,
            LocalDate validFrom, LocalDate validUntil, Set<LocalDate> cancelledDates) {
        return new Permanence("carsat-metz", "carsat", "metz", List.of("retraite"), recurrence, TimeRange.parse(window),
                slotMinutes, capacity, Duration.ofHours(24), 60, validFrom, validUntil, cancelledDates);
    }

    /** A slot of the Tuesday permanence, as stored with {@code booked} places taken. */
    static Slot slot(String localStart, int minutes, int capacity, int booked, String... themes) {
        ZonedDateTime start = LocalDateTime.parse(localStart).atZone(PARIS);
        return new Slot(Slot.idOf("carsat-metz", start.toLocalDateTime()), "carsat-metz", "metz", "carsat",
                List.of(themes.length == 0 ? new String[] {"retraite"} : themes), start, start.plusMinutes(minutes),
                capacity, booked);
    }

    static Slot withBooked(Slot slot, int booked) {
        return new Slot(slot.id(), slot.permanenceId(), slot.siteId(), slot.partnerId(), slot.themeIds(), slot.start(),
                slot.end(), slot.capacity(), booked);
    }

    static BookingRequest request(String slotId) {
        return new BookingRequest(slotId, null, "Marie Curie", "06 12 34 56 78", "marie@example.fr", null, Channel.WEB);
    }

    /** Marie Curie's booking of the slot, made on 1 September 2025. */
    static Appointment appointment(Slot slot) {
        return Appointment.book("rdv-1", slot, request(slot.id()).validFor(slot), Instant.parse("2025-09-01T08:00:00Z"),
                ManagementToken.hash("secret"), null);
    }

    /** A holiday calendar that knows only the dates it is given. */
    static HolidayCalendar holidays(Map<LocalDate, String> days) {
        return (site, date) -> Optional.ofNullable(days.get(date));
    }
}
