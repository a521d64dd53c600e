package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.TUESDAYS;
import static fr.accueil.domain.booking.Fixtures.metz;
import static fr.accueil.domain.booking.Fixtures.permanence;
import static fr.accueil.domain.booking.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.contact.InMemoryContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.Permanence;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BookingServiceTest {
    private static final Instant NOW = Instant.parse("2025-09-01T08:00:00Z");
    private static final String NINE = "carsat-metz#20250916T0900";
    private static final String HALF_PAST_NINE = "carsat-metz#20250916T0930";

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(slots);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryContactStore contacts = new InMemoryContactStore();

    @BeforeEach
    void aPermanenceWithItsSlots() {
        Permanence permanence = permanence(TUESDAYS, "09:00-12:00", 30);  // one place, 24 h notice
        directory.save("moselle", permanence);
        SlotGenerator generator = new SlotGenerator(Fixtures.holidays(Map.of()));
        slots.save(generator.slots(permanence, metz(), SlotGenerator.horizon(permanence, metz(), NOW)));
    }

    private BookingService at(Instant now) {
        return new BookingService("moselle", directory, slots, appointments, notifier, new AppointmentHistory(contacts),
                new BookingRules(Duration.ofHours(48)), Clock.fixed(now, ZoneOffset.UTC));
    }

    private int booked(String slotId) {
        return slots.find(slotId).orElseThrow().booked();
    }

    private Booking bookNine() {
        return at(NOW).book(request(NINE), "key-1", null);
    }

    @Test
    void booksTakesThePlaceAndConfirmsOnEveryChannelWithTheLink() {
        Booking booking = bookNine();
        Appointment appointment = booking.appointment();

        assertEquals(AppointmentStatus.BOOKED, appointment.status());
        assertEquals(List.of(NINE, "retraite", "+33612345678", NOW),
                List.of(appointment.slotId(), appointment.themeId(), appointment.phone(), appointment.created()));
        assertTrue(ManagementToken.verify(booking.managementToken(), appointment.tokenHash()));
        assertEquals(1, booked(NINE));
        assertEquals(List.of(
                "confirmation SMS " + appointment.id() + " " + NINE + " " + booking.managementToken(),
                "confirmation EMAIL " + appointment.id() + " " + NINE + " " + booking.managementToken()),
                appointments.queuedTexts(), "written with the booking");
    }

    @Test
    void anAgentsBookingNamesTheAgentTheCitizensNone() {
        assertNull(bookNine().appointment().bookedBy());
        Appointment forCaller = at(NOW).book(request(HALF_PAST_NINE), "key-agent", new Actor("agent-1", "lea@agents.fr")).appointment();
        assertEquals("lea@agents.fr", forCaller.bookedBy());
        assertEquals("lea@agents.fr", appointments.find(forCaller.id()).orElseThrow().bookedBy());
    }

    @Test
    void aRetryWithTheSameKeyReturnsTheFirstBookingWithoutBookingAgain() {
        Booking first = bookNine();
        Booking retry = bookNine();

        assertTrue(retry.replayed());
        assertEquals(first.appointment(), retry.appointment());
        assertEquals(1, booked(NINE));
        assertEquals(2, appointments.queued.size(), "confirmed once");
    }

    @Test
    void aReplayAfterTwoMinutesSendsANewLinkToTheContactBookedWithOnceAndNeverShowsIt() {
        Booking first = bookNine();
        Instant later = NOW.plus(BookingService.LINK_RESEND_AFTER);
        assertFalse(at(later.minusSeconds(1)).book(request(NINE), "key-1", null).linkResent(), "the first confirmation is on its way");

        Booking replay = at(later).book(request(NINE), "key-1", null);

        assertTrue(replay.replayed() && replay.linkResent());
        assertEquals(null, replay.managementToken(), "the link is sent, not shown");
        Appointment relinked = appointments.find(first.appointment().id()).orElseThrow();
        assertFalse(ManagementToken.verify(first.managementToken(), relinked.tokenHash()), "the first link stops opening it");
        List<String> resent = appointments.queuedTexts().subList(2, appointments.queued.size());
        assertEquals(2, resent.size(), "on the channels it was booked with");
        String token = resent.get(0).substring(resent.get(0).lastIndexOf(' ') + 1);
        assertTrue(ManagementToken.verify(token, relinked.tokenHash()), "the new link opens it");
        assertEquals(List.of("confirmation SMS " + relinked.id() + " " + NINE + " " + token,
                "confirmation EMAIL " + relinked.id() + " " + NINE + " " + token), resent);

        assertFalse(at(later.plusSeconds(60)).book(request(NINE), "key-1", null).linkResent(), "once per appointment");
        assertEquals(4, appointments.queued.size());
        assertEquals(1, booked(NINE));
    }

    @Test
    void aHistoryThatCannotBeWrittenNeverFailsTheCitizensBookingNorCancellation() {
        InMemoryContactStore broken = new InMemoryContactStore() {
            @Override
            public synchronized boolean record(Interaction interaction) {
                throw new IllegalStateException("history table unavailable");
            }
        };
        BookingService service = new BookingService("moselle", directory, slots, appointments, notifier, new AppointmentHistory(broken),
                new BookingRules(Duration.ofHours(48)), Clock.fixed(NOW, ZoneOffset.UTC));

        Booking booking = service.book(request(NINE), "key-broken-history", null);
        Appointment cancelled = service.cancel(booking.appointment().id(), booking.managementToken());

        assertEquals(AppointmentStatus.CANCELLED, cancelled.status());
        assertEquals(0, booked(NINE), "booked, then freed: the appointment item is the record");
        assertEquals(4, appointments.queued.size(), "confirmed and told of the cancellation on both channels");
    }

    @Test
    void aFullSlotRefusesTheNextCitizen() {
        bookNine();
        assertThrows(SlotFullException.class, () -> at(NOW).book(request(NINE), "key-2", null));
        assertEquals(1, appointments.appointments.size());
        assertEquals(1, booked(NINE));
    }

    @Test
    void badInputOrAClosedWindowStoresNothing() {
        BookingRequest anonymous = new BookingRequest(NINE, null, "", null, null, null, null);
        assertThrows(InvalidInputException.class, () -> at(NOW).book(anonymous, "key-1", null));
        assertThrows(ValidationException.class,
                () -> at(Instant.parse("2025-09-15T08:00:00Z")).book(request(NINE), "key-1", null), "less than 24 h ahead");
        assertThrows(NotFoundException.class, () -> at(NOW).book(request("carsat-metz#20250917T0900"), "key-1", null));
        assertTrue(appointments.appointments.isEmpty());
        assertEquals(0, booked(NINE));
        assertTrue(appointments.queued.isEmpty());
    }

    @Test
    void theLinkShowsTheAppointmentAndNothingElseDoes() {
        Booking booking = bookNine();
        String id = booking.appointment().id();

        assertEquals(booking.appointment(), at(NOW).view(id, booking.managementToken()));
        assertThrows(NotFoundException.class, () -> at(NOW).view(id, ManagementToken.issue().token()));
        assertThrows(NotFoundException.class, () -> at(NOW).view(id, null));
        assertThrows(NotFoundException.class, () -> at(NOW).view("rdv-inconnu", booking.managementToken()));
    }

    @Test
    void cancellingFreesThePlaceAndTellsTheCitizenOnce() {
        Booking booking = bookNine();
        String id = booking.appointment().id();

        Appointment cancelled = at(NOW).cancel(id, booking.managementToken());
        Appointment again = at(NOW).cancel(id, booking.managementToken());

        assertEquals(AppointmentStatus.CANCELLED, cancelled.status());
        assertEquals(cancelled, again);
        assertEquals(0, booked(NINE));
        assertEquals(List.of("cancellation SMS " + id + " BY_CITIZEN", "cancellation EMAIL " + id + " BY_CITIZEN"),
                appointments.queuedTexts().subList(2, appointments.queued.size()));
    }

    @Test
    void cancellingTooLateIsRefused() {
        Booking booking = bookNine();
        assertThrows(ValidationException.class, () -> at(Instant.parse("2025-09-14T07:00:01Z"))
                .cancel(booking.appointment().id(), booking.managementToken()));
        assertEquals(1, booked(NINE));
    }

    @Test
    void reschedulingMovesThePlaceAndKeepsTheLink() {
        Booking booking = bookNine();
        String id = booking.appointment().id();

        Appointment moved = at(NOW).reschedule(id, booking.managementToken(), HALF_PAST_NINE);

        assertEquals(List.of(id, HALF_PAST_NINE, AppointmentStatus.BOOKED),
                List.of(moved.id(), moved.slotId(), moved.status()));
        assertEquals(moved, at(NOW).view(id, booking.managementToken()));
        assertEquals(List.of(0, 1), List.of(booked(NINE), booked(HALF_PAST_NINE)));
        assertTrue(appointments.queuedTexts().contains(
                "confirmation SMS " + id + " " + HALF_PAST_NINE + " " + booking.managementToken()));
    }

    @Test
    void reschedulingToAFullSlotKeepsTheAppointmentWhereItWas() {
        Booking mine = bookNine();
        at(NOW).book(request(HALF_PAST_NINE), "key-2", null);

        assertThrows(SlotFullException.class,
                () -> at(NOW).reschedule(mine.appointment().id(), mine.managementToken(), HALF_PAST_NINE));
        assertEquals(NINE, appointments.find(mine.appointment().id()).orElseThrow().slotId());
        assertEquals(List.of(1, 1), List.of(booked(NINE), booked(HALF_PAST_NINE)));
    }

    @Test
    void attendanceIsRecordedOnceTheAppointmentHasStarted() {
        String id = bookNine().appointment().id();

        assertThrows(ValidationException.class, () -> at(NOW).recordAttendance(id, AppointmentStatus.ATTENDED, new Actor("agent-1", null)));
        assertThrows(ValidationException.class, () -> at(NOW).recordAttendance(id, AppointmentStatus.CANCELLED, new Actor("agent-1", null)));
        Instant during = Instant.parse("2025-09-16T07:10:00Z");
        assertEquals(AppointmentStatus.NO_SHOW, at(during).recordAttendance(id, AppointmentStatus.NO_SHOW, new Actor("agent-1", null)).status());
        assertEquals(AppointmentStatus.EXCUSED, at(during).recordAttendance(id, AppointmentStatus.EXCUSED, new Actor("agent-1", null)).status());
        assertEquals(AppointmentStatus.EXCUSED, appointments.find(id).orElseThrow().status());
    }

    @Test
    void anExcusedCitizensPlaceCanBeBookedAgain() {
        String id = bookNine().appointment().id();
        assertThrows(SlotFullException.class, () -> at(NOW).book(request(NINE), "key-2", null));

        at(NOW).recordAttendance(id, AppointmentStatus.EXCUSED, new Actor("agent-1", null));

        assertEquals(0, booked(NINE));
        assertEquals(AppointmentStatus.BOOKED, at(NOW).book(request(NINE), "key-2", null).appointment().status());
    }

    @Test
    void remindsTheBookedAppointmentsOfTheDay() {
        String id = bookNine().appointment().id();
        Booking other = at(NOW).book(request(HALF_PAST_NINE), "key-2", null);
        at(NOW).cancel(other.appointment().id(), other.managementToken());
        notifier.sent.clear();

        assertEquals(1, at(NOW).sendReminders("metz", LocalDate.of(2025, 9, 16)));
        assertEquals(List.of("reminder SMS " + id, "reminder EMAIL " + id), notifier.sent);
        assertEquals(0, at(NOW).sendReminders("metz", LocalDate.of(2025, 9, 23)));
    }
}
