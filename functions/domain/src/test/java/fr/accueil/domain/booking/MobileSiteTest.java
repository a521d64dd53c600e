package fr.accueil.domain.booking;

import fr.accueil.domain.contact.InMemoryContactStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A France Services bus stopping in a different commune of the Pays de Bitche each day. */
class MobileSiteTest {
    /** Monday 1 December 2025, 09:00 in Bitche. */
    private static final Instant NOW = Instant.parse("2025-12-01T08:00:00Z");
    private static final Address ROHRBACH = new Address("Place de la mairie", "57410", "Rohrbach-lès-Bitche");
    private static final Address VOLMUNSTER = new Address("Parking de la salle des fêtes", "57720", "Volmunster");
    private static final LocalDate TUESDAY = LocalDate.of(2025, 12, 2);
    private static final LocalDate WEDNESDAY = LocalDate.of(2025, 12, 3);
    private static final LocalDate NEXT_TUESDAY = LocalDate.of(2025, 12, 9);

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(slots);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private final SlotRegeneration regeneration = new SlotRegeneration(
            new SlotGenerator(Fixtures.holidays(Map.of())), slots, appointments, notifier,
            new AppointmentHistory(new InMemoryContactStore()), clock);

    static Site bus() {
        return new Site("bus", "moselle", "France Services itinérante", new Address("4 rue du Général Stuhl", "57230", "Bitche"),
                List.of(), Fixtures.PARIS, new WeeklyHours(Map.of()), List.of(), "+33387000505", null, true, List.of(
                        new Stop(TUESDAY, TimeRange.parse("09:00-11:00"), ROHRBACH, false),
                        new Stop(WEDNESDAY, TimeRange.parse("14:00-15:00"), VOLMUNSTER, false),
                        new Stop(NEXT_TUESDAY, TimeRange.parse("09:00-10:00"), VOLMUNSTER, false)));
    }

    /** Held every weekday 09:00-17:00: the stops alone decide when and where. */
    static Permanence busPermanence() {
        return new Permanence("fs-bus", "france-services", "bus", List.of("retraite"),
                new Recurrence.Weekly(Set.of(DayOfWeek.values()), 1, LocalDate.of(2025, 1, 6)), TimeRange.parse("09:00-17:00"),
                30, 1, Duration.ofHours(2), 30, null, null, Set.of(), 4);
    }

    @Test
    void slotsAreMadeOnlyOnStopDaysWithinTheStopsHours() {
        List<Slot> made = new SlotGenerator(Fixtures.holidays(Map.of()))
                .slots(busPermanence(), bus(), new DateRange(LocalDate.of(2025, 12, 1), LocalDate.of(2025, 12, 14)));

        assertEquals(List.of("2025-12-02T09:00", "2025-12-02T09:30", "2025-12-02T10:00", "2025-12-02T10:30",
                        "2025-12-03T14:00", "2025-12-03T14:30", "2025-12-09T09:00", "2025-12-09T09:30"),
                made.stream().map(slot -> slot.start().toLocalDateTime().toString()).toList());
    }

    @Test
    void aSlotIsAtItsStopsAddressAndTheSiteServesTheStopsPostcodes() {
        Site bus = bus();
        assertEquals(ROHRBACH, bus.placeAt(LocalDateTime.parse("2025-12-02T10:30").atZone(Fixtures.PARIS)));
        assertEquals(VOLMUNSTER, bus.placeAt(LocalDateTime.parse("2025-12-03T14:00").atZone(Fixtures.PARIS)));
        assertEquals(bus.address(), bus.placeAt(LocalDateTime.parse("2025-12-04T10:00").atZone(Fixtures.PARIS)));
        assertEquals(List.of("57410", "57720"), bus.postcodesServed());
        assertThrows(IllegalArgumentException.class, () -> new Site("fixed", "moselle", "x", ROHRBACH, List.of(),
                Fixtures.PARIS, new WeeklyHours(Map.of()), List.of(), null, null, false, bus.stops()));
    }

    @Test
    void aSearchByPostcodeOffersOnlyTheStopsInThatCommune() {
        directory.save("moselle", bus());
        directory.save("moselle", busPermanence());
        regeneration.regenerate(busPermanence(), bus());
        FreeSlotFinder finder = new FreeSlotFinder("moselle", directory, slots, clock);
        SlotSearch search = SlotSearch.parse("france-services", null, List.of(), "2025-12-01", "2025-12-31", "50", null);

        assertEquals(8, finder.find(search).items().size(), "every stop without a postcode");
        List<Slot> volmunster = finder.find(search.at(List.of("bus"), "57720")).items();
        assertEquals(List.of("fs-bus#20251203T1400", "fs-bus#20251203T1430", "fs-bus#20251209T0900", "fs-bus#20251209T0930"),
                volmunster.stream().map(Slot::id).toList());
        List<Slot> paged = finder.find(new SlotSearch("france-services", null, List.of("bus"),
                search.dates(), 3, null, "57720")).items();
        assertEquals(3, paged.size());
    }

    @Test
    void aCancelledStopCancelsItsAppointmentsAndTellsTheCitizensWithTheStopsAddress() {
        directory.save("moselle", bus());
        directory.save("moselle", busPermanence());
        directory.save("moselle", new Partner("france-services", "France Services", "Toutes démarches", List.of("retraite")));
        directory.save("moselle", new Theme("retraite", "Retraite", "retraite"));
        regeneration.regenerate(busPermanence(), bus());
        Slot slot = slots.find("fs-bus#20251202T0930").orElseThrow();
        Appointment booked = appointments.book(slot, Fixtures.appointment(slot), "key-1");

        StopCancellation.Cancelled cancelled = new StopCancellation("moselle", directory, regeneration).cancel("bus", TUESDAY);

        assertEquals(new StopCancellation.Cancelled("bus", TUESDAY, 4, 1), cancelled);
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(booked.id()).orElseThrow().status());
        assertEquals(List.of("cancellation SMS rdv-1 BY_SITE", "cancellation EMAIL rdv-1 BY_SITE"), appointments.queuedTexts());
        assertTrue(slots.slots.keySet().stream().noneMatch(id -> id.contains("20251202")));
        assertTrue(directory.site("moselle", "bus").orElseThrow().stops().get(0).cancelled());

        String text = new BookingMessages("moselle", directory, "https://accueil.example.fr", new BookingRules(Duration.ofHours(48)), null,
                Clock.fixed(NOW, java.time.ZoneOffset.UTC))
                .cancellation(booked, Notifier.CancellationReason.BY_SITE).text();
        assertTrue(text.contains("Place de la mairie, 57410 Rohrbach-lès-Bitche"), text);
        String ics = AppointmentCalendar.ics(booked, directory.site("moselle", "bus").orElseThrow(),
                directory.partners("moselle").get(0), directory.themes("moselle").get(0), "https://x/y", NOW);
        assertTrue(ics.replace("\r\n ", "").contains("LOCATION:France Services itinérante\\, Place de la mairie\\, 57410 Rohrbach-lès-Bitche"), ics);
    }

    @Test
    void onlyAPlannedStopOfAMobileSiteCanBeCancelled() {
        directory.save("moselle", bus());
        directory.save("moselle", Fixtures.metz());
        StopCancellation cancellation = new StopCancellation("moselle", directory, regeneration);

        assertThrows(NotFoundException.class, () -> cancellation.cancel("bus", LocalDate.of(2025, 12, 4)));
        assertThrows(NotFoundException.class, () -> cancellation.cancel("nowhere", TUESDAY));
        assertThrows(ValidationException.class, () -> cancellation.cancel("metz", TUESDAY));
        assertEquals(bus(), directory.site("moselle", "bus").orElseThrow());
    }

    @Test
    void theBusIsFoundByTheCommunesOfItsStopsWhateverTheAccents() {
        directory.save("moselle", bus());
        assertEquals(List.of(ROHRBACH, VOLMUNSTER), bus().places().subList(1, 3), "its home, then each stop's place once");
        assertEquals(List.of("57410"), directory.postcodesOfCommune("moselle", "ROHRBACH LES BITCHE"));
        assertEquals(List.of("57230"), directory.postcodesOfCommune("moselle", "bitche"));
        assertEquals(List.of(), directory.postcodesOfCommune("moselle", "Lemberg"));
    }
}
