package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.booking.Outgoing;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.booking.Page;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotFullException;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

class DynamoAppointmentStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private static final Duration RETENTION = Duration.ofDays(365);
    private static final ExecutorService POOL = Executors.newFixedThreadPool(32);
    private static final Duration CONTENDED_WORK = Duration.ofSeconds(90);

    private final String permanence = "p-" + UUID.randomUUID();
    private final DynamoSlotStore slots = new DynamoSlotStore(STACK.client(), STACK.table("BookingTable"), CLOCK, RETENTION);
    private final DynamoAppointmentStore appointments =
            new DynamoAppointmentStore(STACK.client(), STACK.table("BookingTable"), CLOCK, RETENTION);

    @AfterAll
    static void stopPool() {
        POOL.shutdownNow();
    }

    private Slot slot(String localStart, int capacity) {
        ZonedDateTime start = LocalDateTime.parse(localStart).atZone(PARIS);
        return new Slot(Slot.idOf(permanence, start.toLocalDateTime()), permanence, "metz-borny", "carsat",
                List.of("retraite"), start, start.plusMinutes(30), capacity, 0);
    }

    private static Appointment appointment(Slot slot) {
        return new Appointment(UUID.randomUUID().toString(), slot.id(), slot.permanenceId(), slot.siteId(),
                slot.partnerId(), "retraite", slot.start(), slot.end(), "Jeanne Martin", "+33612345678", null, null,
                AppointmentStatus.BOOKED, Channel.WEB, CLOCK.instant(), "hash", null);
    }

    /** Books the slot from {@code attempts} threads at once; returns how many got a place. */
    private int bookConcurrently(Slot slot, int attempts, AtomicInteger full) throws Exception {
        List<Future<Boolean>> results = new ArrayList<>();
        for (int i = 0; i < attempts; i++) {
            results.add(POOL.submit(() -> {
                try {
                    appointments.book(slot, appointment(slot), UUID.randomUUID().toString());
                    return true;
                } catch (SlotFullException e) {
                    full.incrementAndGet();
                    return false;
                }
            }));
        }
        int booked = 0;
        for (Boolean won : all(results)) {
            booked += won ? 1 : 0;
        }
        return booked;
    }

    /**
     * The results of contended work. A store that spun on a lost race would never end: the store gives
     * up after its tries (an error here), and this bound, far above what a loaded machine needs, stops a
     * hang. It times only the contended work, not the test's set-up.
     */
    private static <T> List<T> all(List<? extends Future<? extends T>> work) throws Exception {
        long deadline = System.nanoTime() + CONTENDED_WORK.toNanos();
        List<T> results = new ArrayList<>();
        for (Future<? extends T> f : work) {
            try {
                results.add(f.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException e) {
                throw new AssertionError("contended work still running after " + CONTENDED_WORK, e);
            }
        }
        return results;
    }

    private List<Appointment> live(Slot slot) {
        return appointments.bySiteAndDate(slot.siteId(), slot.date()).stream()
                .filter(a -> a.slotId().equals(slot.id()) && a.status() == AppointmentStatus.BOOKED).toList();
    }

    private Page<Slot> free() {
        return slots.freeSlots(permanence, Instant.parse("2026-11-01T00:00:00Z"), Instant.parse("2027-01-01T00:00:00Z"), 50, null);
    }

    /** The confirmation is written in the booking's transaction: a booking has it, a refused one (full) has none. */
    @Test
    void aBookingsConfirmationIsWrittenWithItOrNotAtAll() {
        DynamoOutbox outbox = new DynamoOutbox(STACK.client(), STACK.table("BookingTable"), CLOCK, RETENTION);
        DynamoAppointmentStore withMessages = new DynamoAppointmentStore(STACK.client(), STACK.table("BookingTable"), CLOCK,
                RETENTION, outbox);
        Slot slot = slot("2026-12-08T09:00", 1);
        slots.save(List.of(slot));
        Appointment first = appointment(slot);
        Appointment second = appointment(slot);
        withMessages.book(slot, first, "k-" + UUID.randomUUID(), List.of(confirmation(first)));
        assertThrows(SlotFullException.class, () -> withMessages.book(slot, second, "k-" + UUID.randomUUID(), List.of(confirmation(second))));

        List<String> texts = outbox.sentOn(CLOCK.instant().atOffset(ZoneOffset.UTC).toLocalDate()).stream()
                .map(DynamoOutbox.SentMessage::text).toList();
        assertTrue(texts.contains("confirmation " + first.id()), String.valueOf(texts));
        assertFalse(texts.contains("confirmation " + second.id()), String.valueOf(texts));
    }

    @Test
    void anAppointmentWhoseSlotIsGoneIsCancelledWithItsMessages() {
        DynamoOutbox outbox = new DynamoOutbox(STACK.client(), STACK.table("BookingTable"), CLOCK, RETENTION);
        DynamoAppointmentStore withMessages = new DynamoAppointmentStore(STACK.client(), STACK.table("BookingTable"), CLOCK,
                RETENTION, outbox);
        Slot slot = slot("2026-12-08T11:30", 1);
        slots.save(List.of(slot));
        Appointment booked = appointment(slot);
        withMessages.book(slot, booked, "k-" + UUID.randomUUID(), List.of());
        STACK.client().deleteItem(r -> r.tableName(STACK.table("BookingTable")).key(BookingItems.slotKey(slot.id())));

        assertTrue(withMessages.cancel(booked, List.of(confirmation(booked))));

        assertEquals(AppointmentStatus.CANCELLED, withMessages.find(booked.id()).orElseThrow().status());
        assertTrue(outbox.sentOn(CLOCK.instant().atOffset(ZoneOffset.UTC).toLocalDate()).stream()
                .anyMatch(m -> m.text().equals("confirmation " + booked.id())), "its message is written with it");
    }

    @Test
    void aLinkIsReissuedOnceWithItsMessagesAndOnlyOverTheLinkRead() {
        DynamoOutbox outbox = new DynamoOutbox(STACK.client(), STACK.table("BookingTable"), CLOCK, RETENTION);
        DynamoAppointmentStore withMessages = new DynamoAppointmentStore(STACK.client(), STACK.table("BookingTable"), CLOCK,
                RETENTION, outbox);
        Slot slot = slot("2026-12-08T10:30", 1);
        slots.save(List.of(slot));
        Appointment booked = appointment(slot);
        withMessages.book(slot, booked, "k-" + UUID.randomUUID(), List.of());

        assertFalse(withMessages.reissueLink(booked.withTokenHash("other"), "new-hash", List.of(confirmation(booked))),
                "a link read before another change");
        assertTrue(withMessages.reissueLink(booked, "new-hash", List.of(confirmation(booked))));
        assertEquals("new-hash", withMessages.find(booked.id()).orElseThrow().tokenHash());
        assertFalse(withMessages.reissueLink(booked.withTokenHash("new-hash"), "third-hash", List.of(confirmation(booked))),
                "once per appointment");
        assertEquals("new-hash", withMessages.find(booked.id()).orElseThrow().tokenHash());
        long written = outbox.sentOn(CLOCK.instant().atOffset(ZoneOffset.UTC).toLocalDate()).stream()
                .filter(m -> m.text().equals("confirmation " + booked.id())).count();
        assertEquals(1, written, "the messages are written with the new link only");
    }

    private static Outgoing confirmation(Appointment appointment) {
        return new Outgoing(Notifier.Channel.SMS, appointment.phone(),
                new BookingMessages.Message("s", "confirmation " + appointment.id(), appointment.id(), null));
    }

    @Test
    void twoHundredCallersForOnePlaceGiveOneAppointment() throws Exception {
        Slot slot = slot("2026-12-08T09:00", 1);
        slots.save(List.of(slot));
        AtomicInteger full = new AtomicInteger();

        assertEquals(1, bookConcurrently(slot, 200, full));
        assertEquals(199, full.get());
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked());
        assertEquals(1, live(slot).size());
        assertTrue(free().items().isEmpty(), "a full slot leaves the FreeSlots index");
    }

    @Test
    void aCollectiveSessionTakesExactlyItsCapacity() throws Exception {
        Slot slot = slot("2026-12-08T09:30", 3);
        slots.save(List.of(slot));
        AtomicInteger full = new AtomicInteger();

        assertEquals(3, bookConcurrently(slot, 200, full));
        assertEquals(197, full.get());
        assertEquals(3, live(slot).size());
        assertEquals(3, slots.find(slot.id()).orElseThrow().booked());
    }

    @Test
    void aCancellationFreesThePlace() {
        Slot slot = slot("2026-12-08T10:00", 1);
        slots.save(List.of(slot));
        Appointment first = appointments.book(slot, appointment(slot), "k-" + UUID.randomUUID());
        assertThrows(SlotFullException.class, () -> appointments.book(slot, appointment(slot), "k-" + UUID.randomUUID()));

        assertTrue(appointments.cancel(first));
        assertFalse(appointments.cancel(first), "cancelling twice changes nothing");

        assertEquals(AppointmentStatus.CANCELLED, appointments.find(first.id()).orElseThrow().status());
        assertEquals(List.of(slot.id()), free().items().stream().map(Slot::id).toList());
        appointments.book(slot, appointment(slot), "k-" + UUID.randomUUID());
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked());
    }

    @Test
    void afterAMixEachCounterEqualsItsLiveAppointments() throws Exception {
        Slot a = slot("2026-12-08T11:00", 2);
        Slot b = slot("2026-12-08T11:30", 2);
        slots.save(List.of(a, b));
        List<Future<?>> work = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            int n = i;
            work.add(POOL.submit(() -> {
                Slot from = n % 2 == 0 ? a : b;
                Slot to = n % 2 == 0 ? b : a;
                try {
                    Appointment booked = appointments.book(from, appointment(from), UUID.randomUUID().toString());
                    if (n % 3 == 0) {
                        appointments.cancel(booked);
                    } else if (n % 3 == 1) {
                        appointments.reschedule(booked, booked.movedTo(to), List.of());
                    }
                } catch (SlotFullException | fr.accueil.domain.ValidationException expected) {
                    // a full slot, or a move to a full slot: nothing changes
                }
                return null;
            }));
        }
        all(work);
        for (Slot slot : List.of(a, b)) {
            Slot stored = slots.find(slot.id()).orElseThrow();
            assertEquals(live(slot).size(), stored.booked(), "counter of " + slot.id());
            assertEquals(!stored.full(), free().items().stream().anyMatch(s -> s.id().equals(slot.id())),
                    "FreeSlots lists " + slot.id() + " exactly while it has room");
        }
    }

    @Test
    void aRetriedBookingGetsTheFirstAppointment() {
        Slot slot = slot("2026-12-08T09:00", 1);
        slots.save(List.of(slot));
        String key = "k-" + UUID.randomUUID();
        Appointment first = appointments.book(slot, appointment(slot), key);

        // The slot is full now, yet the retry is answered with its booking, not "full".
        Appointment again = appointments.book(slot, appointment(slot), key);

        assertEquals(first.id(), again.id());
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked());
    }

    @Test
    void aRetryOnAnotherFreeSlotStillGetsTheFirstAppointment() {
        Slot one = slot("2026-12-08T09:00", 2);
        slots.save(List.of(one));
        String key = "k-" + UUID.randomUUID();
        Appointment first = appointments.book(one, appointment(one), key);

        assertEquals(first.id(), appointments.book(one, appointment(one), key).id());
        assertEquals(1, slots.find(one.id()).orElseThrow().booked(), "the retry took no second place");
    }

    @Test
    void reschedulingTakesTheNewPlaceAndFreesTheOld() {
        Slot from = slot("2026-12-08T09:00", 1);
        Slot to = slot("2026-12-08T09:30", 1);
        Slot taken = slot("2026-12-08T10:00", 1);
        slots.save(List.of(from, to, taken));
        Appointment booked = appointments.book(from, appointment(from), UUID.randomUUID().toString());
        appointments.book(taken, appointment(taken), UUID.randomUUID().toString());

        assertThrows(SlotFullException.class, () -> appointments.reschedule(booked, booked.movedTo(taken), List.of()));
        assertEquals(from.id(), appointments.find(booked.id()).orElseThrow().slotId(), "a full slot leaves it where it was");

        appointments.reschedule(booked, booked.movedTo(to), List.of());

        assertEquals(to.id(), appointments.find(booked.id()).orElseThrow().slotId());
        assertEquals(0, slots.find(from.id()).orElseThrow().booked());
        assertEquals(1, slots.find(to.id()).orElseThrow().booked());
        assertEquals(List.of(from.id()), free().items().stream().map(Slot::id).toList());
    }

    @Test
    void expiredItemsAreIgnored() {
        Slot slot = slot("2026-12-08T09:00", 2);
        slots.save(List.of(slot));
        String key = "k-" + UUID.randomUUID();
        Appointment first = appointments.book(slot, appointment(slot), key);
        Clock later = Clock.offset(CLOCK, Duration.ofDays(2));
        DynamoAppointmentStore tomorrow = new DynamoAppointmentStore(STACK.client(), STACK.table("BookingTable"), later, RETENTION);

        // Past the idempotency retention, the key books again.
        Appointment second = tomorrow.book(slot, appointment(slot), key);
        assertFalse(first.id().equals(second.id()));

        // Past the appointment's retention it reads as absent, though DynamoDB Local never deletes it.
        Clock afterRetention = Clock.offset(CLOCK, RETENTION.plusDays(30));
        DynamoAppointmentStore expired = new DynamoAppointmentStore(STACK.client(), STACK.table("BookingTable"), afterRetention, RETENTION);
        assertTrue(expired.find(first.id()).isEmpty());
        assertTrue(expired.bySiteAndDate(slot.siteId(), slot.date()).isEmpty());
        assertTrue(appointments.find(first.id()).isPresent());
    }

    @Test
    void anUnknownSlotIsNotFound() {
        Slot ghost = slot("2026-12-08T09:00", 1);
        assertThrows(NotFoundException.class, () -> appointments.book(ghost, appointment(ghost), "k-" + UUID.randomUUID()));
    }

    @Test
    void attendanceChangesOnlyFromTheStatusRead() {
        Slot slot = slot("2026-12-08T09:00", 1);
        slots.save(List.of(slot));
        Appointment booked = appointments.book(slot, appointment(slot), UUID.randomUUID().toString());

        assertTrue(appointments.changeStatus(booked, AppointmentStatus.ATTENDED));
        assertFalse(appointments.changeStatus(booked, AppointmentStatus.NO_SHOW), "it is no longer BOOKED");
        assertEquals(AppointmentStatus.ATTENDED, appointments.find(booked.id()).orElseThrow().status());
    }

    @Test
    void anExcusedAppointmentGivesItsPlaceBackAndACorrectionTakesItAgainWhileThereIsOne() {
        Slot slot = slot("2026-12-08T10:00", 1);
        slots.save(List.of(slot));
        Appointment booked = appointments.book(slot, appointment(slot), UUID.randomUUID().toString());

        assertTrue(appointments.changeStatus(booked, AppointmentStatus.EXCUSED));
        assertEquals(0, slots.find(slot.id()).orElseThrow().booked());
        assertEquals(1, slots.freeSlots(slot.permanenceId(), slot.startInstant(), slot.endInstant(), 10, null).items().size(),
                "back in the free slots");

        Appointment excused = booked.withStatus(AppointmentStatus.EXCUSED);
        assertTrue(appointments.changeStatus(excused, AppointmentStatus.ATTENDED));
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked(), "the correction takes the place again");

        Appointment attended = excused.withStatus(AppointmentStatus.ATTENDED);
        assertTrue(appointments.changeStatus(attended, AppointmentStatus.EXCUSED));
        Slot freed = slots.find(slot.id()).orElseThrow();
        appointments.book(freed, appointment(freed), UUID.randomUUID().toString());
        assertTrue(appointments.changeStatus(attended.withStatus(AppointmentStatus.EXCUSED), AppointmentStatus.NO_SHOW),
                "the place went to another: the status changes alone");
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked());
        assertEquals(AppointmentStatus.NO_SHOW, appointments.find(booked.id()).orElseThrow().status());
    }

    @Test
    void slotsRoundTripAndABookedSlotIsNeitherReplacedNorDeleted() {
        Slot booked = slot("2026-12-08T09:00", 1);
        Slot open = slot("2026-12-08T09:30", 1);
        slots.save(List.of(booked, open));
        assertEquals(booked, slots.find(booked.id()).orElseThrow());
        appointments.book(booked, appointment(booked), UUID.randomUUID().toString());

        slots.save(List.of(slot("2026-12-08T09:00", 4)));
        assertEquals(1, slots.find(booked.id()).orElseThrow().capacity(), "kept the terms it was booked on");
        assertEquals(List.of(booked.id()), slots.deleteUnbooked(List.of(booked, open)));
        assertTrue(slots.find(open.id()).isEmpty());
        assertEquals(List.of(booked.id()), slots.slotsOf(permanence, Instant.parse("2026-12-08T00:00:00Z"),
                Instant.parse("2026-12-09T00:00:00Z")).stream().map(Slot::id).toList());
        assertTrue(slots.slotsOf(permanence, Instant.parse("2026-12-08T08:00:00Z"), Instant.parse("2026-12-08T08:00:00Z")).isEmpty(),
                "the end of the range is excluded");
    }

    @Test
    void freeSlotsArePagedInTimeOrder() {
        List<Slot> day = List.of(slot("2026-12-08T09:00", 1), slot("2026-12-08T09:30", 1), slot("2026-12-08T10:00", 1));
        slots.save(day);
        Page<Slot> first = slots.freeSlots(permanence, Instant.parse("2026-12-08T00:00:00Z"), Instant.parse("2026-12-09T00:00:00Z"), 2, null);
        Page<Slot> second = slots.freeSlots(permanence, Instant.parse("2026-12-08T00:00:00Z"), Instant.parse("2026-12-09T00:00:00Z"), 2, first.nextCursor());

        assertEquals(day.subList(0, 2), first.items());
        assertEquals(day.subList(2, 3), second.items());
        assertEquals(Map.of(), Map.of());
        assertEquals(LocalDate.parse("2026-12-08"), second.items().get(0).date());
    }
}
