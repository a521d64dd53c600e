package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.TUESDAYS;
import static fr.accueil.domain.booking.Fixtures.metz;
import static fr.accueil.domain.booking.Fixtures.permanence;
import static fr.accueil.domain.booking.Fixtures.slot;
import static fr.accueil.domain.booking.Fixtures.withBooked;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SlotGeneratorTest {
    private final SlotGenerator generator = new SlotGenerator(Fixtures.holidays(Map.of(
            LocalDate.of(2025, 11, 11), "Armistice 1918")));

    private List<Slot> slots(Permanence permanence, Site site, String from, String to) {
        return generator.slots(permanence, site, new DateRange(LocalDate.parse(from), LocalDate.parse(to)));
    }

    private static List<String> localStarts(List<Slot> slots) {
        return slots.stream().map(s -> s.start().toLocalDateTime().toString()).toList();
    }

    private static List<String> offsetStarts(List<Slot> slots) {
        return slots.stream().map(s -> s.start().toOffsetDateTime().toString()).toList();
    }

    @Test
    void cutsTheWindowIntoSlotsOfThePermanence() {
        Permanence permanence = permanence(TUESDAYS, "09:00-12:00", 30, 2, null, null, Set.of());
        List<Slot> slots = slots(permanence, metz(), "2025-09-08", "2025-09-10");

        assertEquals(List.of("2025-09-09T09:00", "2025-09-09T09:30", "2025-09-09T10:00", "2025-09-09T10:30",
                "2025-09-09T11:00", "2025-09-09T11:30"), localStarts(slots));
        Slot first = slots.get(0);
        assertEquals("carsat-metz#20250909T0900", first.id());
        assertEquals(List.of("carsat-metz", "metz", "carsat", List.of("retraite")),
                List.of(first.permanenceId(), first.siteId(), first.partnerId(), first.themeIds()));
        assertEquals(Instant.parse("2025-09-09T07:30:00Z"), first.endInstant());
        assertEquals(List.of(2, 0), List.of(first.capacity(), first.booked()));
        assertEquals("2025-09-09T12:00", slots.get(5).end().toLocalDateTime().toString());
    }

    @Test
    void aSlotNeverRunsPastTheWindow() {
        List<Slot> slots = slots(permanence(TUESDAYS, "09:00-10:00", 25), metz(), "2025-09-09", "2025-09-09");
        assertEquals(List.of("2025-09-09T09:00", "2025-09-09T09:25"), localStarts(slots));
    }

    @Test
    void generatingTwiceGivesTheSameSlots() {
        Permanence permanence = permanence(TUESDAYS, "09:00-12:00", 20);
        assertEquals(slots(permanence, metz(), "2025-09-01", "2025-10-31"),
                slots(permanence, metz(), "2025-09-01", "2025-10-31"));
    }

    @ParameterizedTest(name = "{0} to {1}")
    @CsvSource({
        "2025-03-28, 2025-03-31, 2025-03-28T09:00+01:00, 2025-03-31T09:00+02:00",
        "2025-10-24, 2025-10-27, 2025-10-24T09:00+02:00, 2025-10-27T09:00+01:00"
    })
    void nineOClockStaysNineOClockAcrossAClockChange(String friday, String monday, String before, String after) {
        Recurrence fridaysAndMondays = new Recurrence.Weekly(Set.of(DayOfWeek.FRIDAY, DayOfWeek.MONDAY), 1,
                LocalDate.of(2025, 1, 6));
        List<Slot> slots = slots(permanence(fridaysAndMondays, "09:00-10:00", 60), metz(), friday, monday);

        assertEquals(List.of(before, after), offsetStarts(slots));
        assertEquals(Duration.ofHours(72), Duration.between(slots.get(0).startInstant(), slots.get(1).startInstant())
                .plus(before.endsWith("+01:00") ? Duration.ofHours(1) : Duration.ofHours(-1)));
    }

    @Test
    void skipsTheSlotsThatFallInTheSpringGap() {
        Recurrence sundays = new Recurrence.Weekly(Set.of(DayOfWeek.SUNDAY), 1, LocalDate.of(2025, 1, 5));
        List<Slot> slots = slots(permanence(sundays, "01:00-04:00", 30), metz(), "2025-03-30", "2025-03-30");

        assertEquals(List.of("2025-03-30T01:00+01:00", "2025-03-30T01:30+01:00", "2025-03-30T03:00+02:00",
                "2025-03-30T03:30+02:00"), offsetStarts(slots));
        // The 01:30 slot lasts 30 real minutes: it ends at 03:00 on the new clock.
        assertEquals("2025-03-30T03:00+02:00", slots.get(1).end().toOffsetDateTime().toString());
    }

    @Test
    void takesTheEarlierOffsetInTheAutumnOverlap() {
        Recurrence sundays = new Recurrence.Weekly(Set.of(DayOfWeek.SUNDAY), 1, LocalDate.of(2025, 1, 5));
        List<Slot> slots = slots(permanence(sundays, "02:00-03:00", 30), metz(), "2025-10-26", "2025-10-26");

        assertEquals(List.of("2025-10-26T02:00+02:00", "2025-10-26T02:30+02:00"), offsetStarts(slots));
        assertEquals(2, slots.stream().map(Slot::id).distinct().count());
    }

    @Test
    void anOverseasSiteUsesItsOwnZone() {
        Site saintDenis = Fixtures.site("metz", new Address("2 rue de Paris", "97400", "Saint-Denis"),
                ZoneId.of("Indian/Reunion"));
        List<Slot> slots = slots(permanence(TUESDAYS, "09:00-10:00", 60), saintDenis, "2025-09-09", "2025-09-09");

        assertEquals(List.of("2025-09-09T09:00+04:00"), offsetStarts(slots));
        assertEquals(ZoneOffset.ofHours(4), slots.get(0).start().getOffset());
    }

    @Test
    void skipsPublicHolidaysAndSiteClosures() {
        Site closedForTraining = metz(new Closure(LocalDate.of(2025, 11, 17), LocalDate.of(2025, 11, 19), "Formation"));
        List<Slot> slots = slots(permanence(TUESDAYS, "09:00-10:00", 60), closedForTraining, "2025-11-01", "2025-11-30");

        assertEquals(List.of("2025-11-04T09:00", "2025-11-25T09:00"), localStarts(slots));
    }

    @Test
    void keepsToTheValidityAndSkipsCancelledDates() {
        Permanence permanence = permanence(TUESDAYS, "09:00-10:00", 60, 1, LocalDate.of(2025, 9, 9),
                LocalDate.of(2025, 9, 30), Set.of(LocalDate.of(2025, 9, 16)));
        List<Slot> slots = slots(permanence, metz(), "2025-08-01", "2025-10-31");

        assertEquals(List.of("2025-09-09T09:00", "2025-09-23T09:00", "2025-09-30T09:00"), localStarts(slots));
    }

    @Test
    void holdsAFifthTuesdayOnlyInMonthsThatHaveOne() {
        Recurrence fifthTuesday = new Recurrence.MonthlyNthWeekday(DayOfWeek.TUESDAY, List.of(5));
        List<Slot> slots = slots(permanence(fifthTuesday, "14:00-15:00", 60), metz(), "2025-09-01", "2025-12-31");

        assertEquals(List.of("2025-09-30T14:00", "2025-12-30T14:00"), localStarts(slots));
    }

    @Test
    void holdsEveryOtherWeekFromTheAnchor() {
        Recurrence everyOtherTuesday = new Recurrence.Weekly(Set.of(DayOfWeek.TUESDAY), 2, LocalDate.of(2025, 9, 2));
        List<Slot> slots = slots(permanence(everyOtherTuesday, "09:00-10:00", 60), metz(), "2025-09-01", "2025-10-15");

        assertEquals(List.of("2025-09-02T09:00", "2025-09-16T09:00", "2025-09-30T09:00", "2025-10-14T09:00"),
                localStarts(slots));
    }

    @Test
    void theHorizonStartsOnTodayAtTheSite() {
        // 22:30 UTC on the 8th is already the 9th in Metz.
        DateRange horizon = SlotGenerator.horizon(permanence(TUESDAYS, "09:00-10:00", 60), metz(),
                Instant.parse("2025-09-08T22:30:00Z"));
        assertEquals(new DateRange(LocalDate.of(2025, 9, 9), LocalDate.of(2025, 11, 8)), horizon);
    }

    @Test
    void aPlanOfWhatIsStoredAlreadyIsEmpty() {
        Permanence permanence = permanence(TUESDAYS, "09:00-12:00", 30);
        Instant now = Instant.parse("2025-09-01T08:00:00Z");
        List<Slot> stored = generator.slots(permanence, metz(), SlotGenerator.horizon(permanence, metz(), now));

        assertTrue(generator.plan(permanence, metz(), now, stored).isEmpty());
    }

    @Test
    void plansCreationsDeletionsAndOrphansNeverDroppingABookedSlotSilently() {
        Instant now = Instant.parse("2025-09-01T08:00:00Z");
        Permanence before = permanence(TUESDAYS, "09:00-10:00", 30);
        List<Slot> stored = new ArrayList<>(generator.slots(before, metz(), SlotGenerator.horizon(before, metz(), now)));
        stored.replaceAll(s -> s.id().endsWith("20250916T0900") || s.id().endsWith("20250923T0930")
                ? withBooked(s, 1) : s);
        stored.add(slot("2025-08-26T09:00", 30, 1, 1));  // history, out of the horizon

        // The 16th is cancelled, and from now on appointments last 20 minutes.
        Permanence after = permanence(TUESDAYS, "09:00-10:00", 20, 1, null, null, Set.of(LocalDate.of(2025, 9, 16)));
        SlotPlan plan = generator.plan(after, metz(), now, stored);

        assertEquals(List.of("carsat-metz#20250916T0900", "carsat-metz#20250923T0930"),
                plan.orphaned().stream().map(Slot::id).toList());
        assertEquals(8, plan.toDelete().size(), "the unbooked 09:30 slots of the nine Tuesdays but the 23rd");
        assertTrue(plan.toDelete().stream().allMatch(s -> s.booked() == 0 && s.id().endsWith("T0930")));
        assertEquals(24, plan.toCreate().size(), "09:00 (replaced), 09:20 and 09:40 on eight Tuesdays");
        assertEquals(List.of("2025-09-02T09:00", "2025-09-02T09:20", "2025-09-02T09:40"),
                localStarts(plan.toCreate().subList(0, 3)));
    }

    @Test
    void aBookedSlotKeepsItsTermsWhenOnlyCapacityChanges() {
        Instant now = Instant.parse("2025-09-01T08:00:00Z");
        Permanence before = permanence(TUESDAYS, "09:00-10:00", 60);
        List<Slot> stored = new ArrayList<>(generator.slots(before, metz(), SlotGenerator.horizon(before, metz(), now)));
        stored.set(0, withBooked(stored.get(0), 1));

        Permanence larger = permanence(TUESDAYS, "09:00-10:00", 60, 3, null, null, Set.of());
        SlotPlan plan = generator.plan(larger, metz(), now, stored);

        assertTrue(plan.orphaned().isEmpty());
        assertTrue(plan.toDelete().isEmpty());
        assertEquals(stored.size() - 1, plan.toCreate().size());
        assertTrue(plan.toCreate().stream().noneMatch(s -> s.id().equals(stored.get(0).id())));
        assertTrue(plan.toCreate().stream().allMatch(s -> s.capacity() == 3));
    }
}
