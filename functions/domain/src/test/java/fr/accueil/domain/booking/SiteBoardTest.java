package fr.accueil.domain.booking;

import fr.accueil.domain.contact.InMemoryContactStore;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Theme;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SiteBoardTest {
    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(slots);

    SiteBoardTest() {
        directory.save("moselle", MobileSiteTest.bus());
        directory.save("moselle", MobileSiteTest.busPermanence());
        directory.save("moselle", Fixtures.metz());
        directory.save("moselle", Fixtures.permanence(Fixtures.TUESDAYS, "09:00-10:00", 30));
        directory.save("moselle", new Partner("france-services", "France Services", "Toutes démarches", List.of("retraite")));
        directory.save("moselle", new Theme("retraite", "Retraite", "retraite"));
        new SlotRegeneration(new SlotGenerator(Fixtures.holidays(Map.of())), slots, appointments, new RecordingNotifier(),
                new AppointmentHistory(new InMemoryContactStore()),
                Clock.fixed(Instant.parse("2025-12-01T08:00:00Z"), ZoneOffset.UTC))
                .regenerate(MobileSiteTest.busPermanence(), MobileSiteTest.bus());
    }

    private SiteBoard.Board boardAt(String instant, String siteId) {
        return new SiteBoard("moselle", directory, slots, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC)).of(siteId);
    }

    @Test
    void showsTodayAndTomorrowWithHoursPlaceAndPlacesLeft() {
        Slot booked = slots.find("fs-bus#20251203T1430").orElseThrow();
        appointments.book(booked, Fixtures.appointment(booked), "key-1");

        // Tuesday 2 December, 09:40 in Bitche: the 09:00 and 09:30 slots have started, 10:00 is 20 minutes ahead.
        SiteBoard.Board board = boardAt("2025-12-02T08:40:00Z", "bus");

        assertEquals(List.of(LocalDate.of(2025, 12, 2), LocalDate.of(2025, 12, 3)),
                board.days().stream().map(SiteBoard.Day::date).toList());
        SiteBoard.Entry today = board.days().get(0).entries().get(0);
        assertEquals(List.of("France Services", List.of("Retraite"), LocalTime.of(9, 0), LocalTime.of(11, 0), "57410", 0, 4, false),
                List.of(today.partnerName(), today.themeLabels(), today.from(), today.to(), today.place().postcode(),
                        today.bookable(), today.walkInPlaces(), today.over()),
                "the minimum notice is 2 hours: nothing is bookable any more today");
        SiteBoard.Entry tomorrow = board.days().get(1).entries().get(0);
        assertEquals(List.of(LocalTime.of(14, 0), LocalTime.of(15, 0), "57720", 1),
                List.of(tomorrow.from(), tomorrow.to(), tomorrow.place().postcode(), tomorrow.bookable()));
    }

    @Test
    void aDayWithoutPermanenceIsEmptyAndAnEndedOneIsOver() {
        SiteBoard.Board board = boardAt("2025-12-02T16:00:00Z", "bus");
        assertTrue(board.days().get(0).entries().get(0).over());
        assertFalse(board.days().get(1).entries().get(0).over());
        assertTrue(boardAt("2025-12-04T08:00:00Z", "bus").days().stream().allMatch(day -> day.entries().isEmpty()));
        assertThrows(NotFoundException.class, () -> boardAt("2025-12-02T16:00:00Z", "nowhere"));
    }
}
