package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.booking.Outgoing;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.WaitlistEntry;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class DynamoWaitlistStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private static final Duration RETENTION = Duration.ofDays(365);
    private static final Instant EXPIRES = CLOCK.instant().plus(Duration.ofDays(30));

    private final String table = STACK.table("BookingTable");
    private final String theme = "theme-" + UUID.randomUUID();
    private final String permanence = "p-" + UUID.randomUUID();
    private final DynamoSlotStore slots = new DynamoSlotStore(STACK.client(), table, CLOCK, RETENTION);
    private final DynamoOutbox outbox = new DynamoOutbox(STACK.client(), table, CLOCK, RETENTION);
    private final DynamoWaitlistStore waitlist = new DynamoWaitlistStore(STACK.client(), table, CLOCK, RETENTION, outbox);

    private Slot slot(int capacity) {
        ZonedDateTime start = LocalDateTime.parse("2026-12-08T09:00").atZone(ZoneId.of("Europe/Paris"));
        Slot slot = new Slot(Slot.idOf(permanence, start.toLocalDateTime()), permanence, "metz-borny", "carsat",
                List.of(theme), start, start.plusMinutes(30), capacity, 0);
        slots.save(List.of(slot));
        return slot;
    }

    private WaitlistEntry entry(String phone, String email, Instant joined) {
        return new WaitlistEntry(UUID.randomUUID().toString(), theme, List.of("metz-borny"), null, LocalDate.parse("2026-12-01"),
                null, "Jeanne Martin", phone, email, WaitlistEntry.Status.WAITING, joined, null, null, null, Set.of(), "leave-hash");
    }

    private static WaitlistEntry offered(WaitlistEntry entry, Slot slot) {
        return new WaitlistEntry(entry.id(), entry.themeId(), entry.siteIds(), entry.postcode(), entry.from(), entry.to(),
                entry.name(), entry.phone(), entry.email(), WaitlistEntry.Status.OFFERED, entry.joined(), slot.id(),
                CLOCK.instant().plus(Duration.ofHours(2)), "hash", entry.passedSlotIds(), entry.leaveTokenHash());
    }

    private static List<Outgoing> offerMessage(WaitlistEntry entry, Slot slot) {
        return List.of(new Outgoing(Notifier.Channel.SMS, entry.phone(), new BookingMessages.Message("Place", "Une place " + entry.id(),
                entry.id(), "waitlist-offer#" + entry.id() + "#" + slot.id())));
    }

    private int free(Slot slot) {
        return slots.freeSlots(permanence, slot.startInstant(), slot.endInstant(), 10, null).items().size();
    }

    @Test
    void aContactWaitsOnceForAPlaceAndTheFirstJoinedComesFirst() {
        WaitlistEntry first = entry("+33612345678", "jeanne@example.fr", CLOCK.instant());
        WaitlistEntry second = entry("+33698765432", null, CLOCK.instant().plusSeconds(5));
        assertEquals(first, waitlist.join(first, EXPIRES, List.of()));
        assertEquals(second, waitlist.join(second, EXPIRES, List.of()));

        WaitlistEntry sameEmail = entry("+33611111111", "JEANNE@example.fr", CLOCK.instant().plusSeconds(9));
        assertEquals(first.id(), waitlist.join(sameEmail, EXPIRES, List.of()).id(), "one of its contacts already waits there");
        assertTrue(waitlist.find(sameEmail.id()).isEmpty(), "nothing written");

        assertEquals(List.of(first.id(), second.id()), waitlist.waiting(theme, 10).stream().map(WaitlistEntry::id).toList());
        assertEquals(first, waitlist.find(first.id()).orElseThrow());
    }

    @Test
    void aHoldTakesThePlaceUntilReleasedOrBooked() {
        Slot slot = slot(1);
        WaitlistEntry entry = entry("+33612345678", null, CLOCK.instant());
        waitlist.join(entry, EXPIRES, List.of());
        WaitlistEntry held = offered(entry, slot);

        assertTrue(waitlist.hold(slot, held, offerMessage(entry, slot)));
        assertFalse(waitlist.hold(slot, held, offerMessage(entry, slot)), "the counter and the entry moved: a second hold fails");
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked());
        assertEquals(0, free(slot), "a held place is out of the free slots");
        assertEquals(1, outbox.sentOn(LocalDate.parse("2026-11-23")).stream().filter(m -> m.text().equals("Une place " + entry.id())).count(),
                "the offer queued once");
        assertEquals(held, waitlist.find(entry.id()).orElseThrow());
        assertTrue(waitlist.waiting(theme, 10).isEmpty());
        assertTrue(waitlist.lapsed(CLOCK.instant().plus(Duration.ofHours(1)), 10).stream().noneMatch(e -> e.id().equals(entry.id())));
        assertTrue(waitlist.lapsed(CLOCK.instant().plus(Duration.ofHours(3)), 1000).stream().anyMatch(e -> e.id().equals(entry.id())));

        assertTrue(waitlist.release(held));
        assertFalse(waitlist.release(held), "released once");
        assertEquals(0, slots.find(slot.id()).orElseThrow().booked());
        assertEquals(1, free(slot));
        WaitlistEntry waiting = waitlist.find(entry.id()).orElseThrow();
        assertEquals(Set.of(slot.id()), waiting.passedSlotIds());
        assertEquals(List.of(entry.id()), waitlist.waiting(theme, 10).stream().map(WaitlistEntry::id).toList());
    }

    @Test
    void confirmingPutsTheAppointmentInTheHeldPlaceAndLetsTheContactWaitAgain() {
        Slot slot = slot(1);
        WaitlistEntry entry = entry("+33612345678", null, CLOCK.instant());
        waitlist.join(entry, EXPIRES, List.of());
        WaitlistEntry held = offered(entry, slot);
        waitlist.hold(slot, held, List.of());
        Appointment appointment = new Appointment(UUID.randomUUID().toString(), slot.id(), slot.permanenceId(), slot.siteId(),
                slot.partnerId(), theme, slot.start(), slot.end(), "Jeanne Martin", "+33612345678", null, null,
                AppointmentStatus.BOOKED, Channel.WEB, CLOCK.instant(), "hash", null);

        assertTrue(waitlist.confirm(held, appointment, List.of()));
        assertFalse(waitlist.confirm(held, appointment, List.of()));

        DynamoAppointmentStore appointments = new DynamoAppointmentStore(STACK.client(), table, CLOCK, RETENTION);
        assertEquals(AppointmentStatus.BOOKED, appointments.find(appointment.id()).orElseThrow().status());
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked(), "the held place is the appointment's");
        assertEquals(WaitlistEntry.Status.BOOKED, waitlist.find(entry.id()).orElseThrow().status());
        WaitlistEntry again = entry("+33612345678", null, CLOCK.instant().plusSeconds(60));
        assertEquals(again.id(), waitlist.join(again, EXPIRES, List.of()).id(), "booked: the contact may wait again");
    }

    @Test
    void leavingDeletesTheEntryAsItWasReadAndFreesItsPlace() {
        Slot slot = slot(1);
        WaitlistEntry entry = entry("+33612345678", null, CLOCK.instant());
        waitlist.join(entry, EXPIRES, List.of());
        WaitlistEntry held = offered(entry, slot);
        waitlist.hold(slot, held, List.of());

        assertFalse(waitlist.leave(entry), "read WAITING, OFFERED since: nothing written");
        assertEquals(1, slots.find(slot.id()).orElseThrow().booked());
        assertTrue(waitlist.leave(held));
        assertFalse(waitlist.leave(held), "gone");

        assertTrue(waitlist.find(entry.id()).isEmpty());
        assertEquals(0, slots.find(slot.id()).orElseThrow().booked());
        WaitlistEntry again = entry("+33612345678", null, CLOCK.instant());
        assertEquals(again.id(), waitlist.join(again, EXPIRES, List.of()).id(), "its keys went with it");
    }

    @Test
    void erasingAHeldEntryFreesItsPlace() {
        Slot slot = slot(1);
        WaitlistEntry entry = entry("+33612345678", null, CLOCK.instant());
        waitlist.join(entry, EXPIRES, List.of());
        waitlist.hold(slot, offered(entry, slot), List.of());

        DynamoWaitlistStore.erase(STACK.client(), table, CLOCK, entry.id());
        DynamoWaitlistStore.erase(STACK.client(), table, CLOCK, entry.id());

        assertTrue(waitlist.find(entry.id()).isEmpty());
        assertEquals(0, slots.find(slot.id()).orElseThrow().booked());
        WaitlistEntry again = entry("+33612345678", null, CLOCK.instant());
        assertEquals(again.id(), waitlist.join(again, EXPIRES, List.of()).id(), "its keys went with it");
    }
}
