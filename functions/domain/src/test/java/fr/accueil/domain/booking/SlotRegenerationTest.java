package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.TUESDAYS;
import static fr.accueil.domain.booking.Fixtures.metz;
import static fr.accueil.domain.booking.Fixtures.permanence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.InMemoryContactStore;
import fr.accueil.domain.directory.Permanence;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SlotRegenerationTest {
    private static final Instant NOW = Instant.parse("2025-09-01T08:00:00Z");

    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(slots);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryContactStore contacts = new InMemoryContactStore();
    private final SlotRegeneration regeneration = new SlotRegeneration(
            new SlotGenerator(Fixtures.holidays(Map.of())), slots, appointments, notifier,
            new AppointmentHistory(contacts), Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void storesTheHorizonOnceAndThenHasNothingToDo() {
        Permanence permanence = permanence(TUESDAYS, "09:00-10:00", 30);

        assertEquals(18, regeneration.regenerate(permanence, metz()).toCreate().size(), "9 Tuesdays, 2 slots each");
        assertEquals(18, slots.slots.size());
        assertTrue(regeneration.regenerate(permanence, metz()).isEmpty());
    }

    @Test
    void aCancelledDateCancelsItsAppointmentsAndTellsTheCitizens() {
        Permanence permanence = permanence(TUESDAYS, "09:00-10:00", 30);
        regeneration.regenerate(permanence, metz());
        Slot nine = slots.find("carsat-metz#20250916T0900").orElseThrow();
        Appointment appointment = appointments.book(nine, Fixtures.appointment(nine), "key-1");

        Permanence cancelled = permanence(TUESDAYS, "09:00-10:00", 30, 1, null, null, Set.of(LocalDate.of(2025, 9, 16)));
        SlotPlan plan = regeneration.regenerate(cancelled, metz());

        assertEquals(List.of(nine.id()), plan.orphaned().stream().map(Slot::id).toList());
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(appointment.id()).orElseThrow().status());
        assertEquals(List.of("cancellation SMS rdv-1 BY_SITE", "cancellation EMAIL rdv-1 BY_SITE"), appointments.queuedTexts());
        assertFalse(slots.slots.keySet().stream().anyMatch(id -> id.contains("20250916")));
        assertEquals(16, slots.slots.size());
    }

    @Test
    void aChangedSlotLengthReplacesTheBookedSlotAfterCancellingIt() {
        regeneration.regenerate(permanence(TUESDAYS, "09:00-10:00", 30), metz());
        appointments.book(slots.find("carsat-metz#20250916T0900").orElseThrow(), Fixtures.appointment(slots.find("carsat-metz#20250916T0900").orElseThrow()), "key-1");

        regeneration.regenerate(permanence(TUESDAYS, "09:00-10:00", 20), metz());

        Slot nine = slots.find("carsat-metz#20250916T0900").orElseThrow();
        assertEquals(List.of(0, "2025-09-16T09:20"), List.of(nine.booked(), nine.end().toLocalDateTime().toString()));
        assertEquals(27, slots.slots.size(), "9 Tuesdays, 3 slots each");
        assertEquals(2, appointments.queued.size());
    }
}
