package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.TUESDAYS;
import static fr.accueil.domain.booking.Fixtures.appointment;
import static fr.accueil.domain.booking.Fixtures.permanence;
import static fr.accueil.domain.booking.Fixtures.slot;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.RuleException;
import fr.accueil.domain.ValidationException;
import fr.accueil.domain.directory.Permanence;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BookingRulesTest {
    private final Permanence permanence = permanence(TUESDAYS, "09:00-12:00", 30);  // 24 h notice, 60 days ahead
    private final BookingRules rules = new BookingRules(Duration.ofHours(48));
    private final Slot booked = slot("2025-09-16T09:00", 30, 1, 1);
    private final Appointment appointment = appointment(booked);

    @ParameterizedTest(name = "slot {0} seen at {1}: {2}")
    @CsvSource({
        "2025-09-16T09:00, 2025-09-15T07:00:00Z, true",   // exactly the 24 h notice
        "2025-09-16T09:00, 2025-09-15T07:00:01Z, false",
        "2025-09-16T09:00, 2025-09-16T08:00:00Z, false",  // already started
        "2025-11-01T09:00, 2025-09-02T08:00:00Z, true",   // today + 60 days
        "2025-11-02T09:00, 2025-09-02T08:00:00Z, false",
        "2025-11-01T09:00, 2025-09-01T22:30:00Z, true",   // already the 2nd in Metz: still 60 days
        "2025-11-01T09:00, 2025-09-01T21:30:00Z, false"   // still the 1st in Metz: 61 days
    })
    void theBookingWindowRunsFromTheMinimumNoticeToTheHorizon(String start, Instant now, boolean open) {
        assertEquals(open, BookingRules.inWindow(permanence, slot(start, 30, 1, 0), now));
    }

    @Test
    void aSlotOutOfTheWindowOrFullCannotBeBooked() {
        Instant now = Instant.parse("2025-09-10T08:00:00Z");
        assertThrows(ValidationException.class,
                () -> BookingRules.checkBookable(permanence, slot("2025-09-10T09:00", 30, 1, 0), now));
        assertEquals("carsat-metz#20250916T0900",
                assertThrows(SlotFullException.class, () -> BookingRules.checkBookable(permanence, booked, now)).slotId());
        assertDoesNotThrow(() -> BookingRules.checkBookable(permanence, slot("2025-09-16T09:30", 30, 1, 0), now));
        // The window alone lets a full slot through: the store decides on the last place.
        assertDoesNotThrow(() -> BookingRules.checkInWindow(permanence, booked, now));
    }

    @ParameterizedTest(name = "at {0}: {1}")
    @CsvSource({"2025-09-14T07:00:00Z, true", "2025-09-14T07:00:01Z, false", "2025-09-01T08:00:00Z, true"})
    void anAppointmentCanBeCancelledUntilTheDelayBeforeItStarts(Instant now, boolean cancellable) {
        assertEquals(cancellable, rules.cancellable(appointment, now));
    }

    @Test
    void onlyABookedAppointmentCanBeCancelled() {
        Instant early = Instant.parse("2025-09-01T08:00:00Z");
        Appointment cancelled = appointment.withStatus(AppointmentStatus.CANCELLED);
        assertFalse(rules.cancellable(cancelled, early));
        assertThrows(ValidationException.class, () -> rules.checkCancellable(cancelled, early));
        // Past the deadline is a rule met, worded as such (the channels add the number to call), not bad input.
        RuleException late = assertThrows(RuleException.class,
                () -> rules.checkCancellable(appointment, Instant.parse("2025-09-15T07:00:00Z")));
        assertEquals("Ce rendez-vous commence dans moins de 48 heures : il ne peut plus être annulé ni déplacé en ligne.",
                late.getMessage());
    }

    @Test
    void reschedulingNeedsAnotherBookableSlotOfTheSamePartnerAndTheme() {
        Instant now = Instant.parse("2025-09-02T08:00:00Z");
        Slot free = slot("2025-09-23T10:00", 30, 1, 0);
        assertDoesNotThrow(() -> rules.checkReschedule(appointment, free, permanence, now));

        assertThrows(ValidationException.class, () -> rules.checkReschedule(appointment, booked, permanence, now));
        Slot otherTheme = slot("2025-09-23T10:00", 30, 1, 0, "invalidite");
        assertThrows(ValidationException.class, () -> rules.checkReschedule(appointment, otherTheme, permanence, now));
        Slot otherPartner = new Slot("caf-metz#20250923T1000", "caf-metz", "metz", "caf", List.of("retraite"),
                free.start(), free.end(), 1, 0);
        assertThrows(ValidationException.class, () -> rules.checkReschedule(appointment, otherPartner, permanence, now));
        Slot full = slot("2025-09-23T10:00", 30, 1, 1);
        assertThrows(SlotFullException.class, () -> rules.checkReschedule(appointment, full, permanence, now));
        Slot tooFar = slot("2025-12-02T10:00", 30, 1, 0);
        assertThrows(ValidationException.class, () -> rules.checkReschedule(appointment, tooFar, permanence, now));
        assertThrows(ValidationException.class, () -> rules.checkReschedule(appointment, free, permanence,
                Instant.parse("2025-09-15T08:00:00Z")), "too late to move the current appointment");
    }

    @ParameterizedTest(name = "{0} → {1}: {2}")
    @CsvSource({
        "BOOKED, CANCELLED, true", "BOOKED, ATTENDED, true", "BOOKED, NO_SHOW, true", "BOOKED, EXCUSED, true",
        "BOOKED, BOOKED, false", "CANCELLED, BOOKED, false", "CANCELLED, ATTENDED, false",
        "NO_SHOW, EXCUSED, true", "ATTENDED, NO_SHOW, true", "ATTENDED, ATTENDED, false",
        "ATTENDED, CANCELLED, false", "EXCUSED, BOOKED, false"
    })
    void statusTransitions(AppointmentStatus from, AppointmentStatus to, boolean allowed) {
        assertEquals(allowed, from.canBecome(to));
    }
}
