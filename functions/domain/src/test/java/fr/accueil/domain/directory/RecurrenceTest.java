package fr.accueil.domain.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RecurrenceTest {

    @ParameterizedTest(name = "every 2 weeks from {0}: {1} is {2}")
    @CsvSource({
        "2025-03-04, 2025-03-04, true",
        "2025-03-04, 2025-03-11, false",
        "2025-03-04, 2025-03-18, true",
        "2025-03-04, 2025-02-18, true",   // before the anchor, same rhythm
        "2025-03-04, 2025-02-25, false",
        "2025-03-04, 2025-03-05, false",  // not a Tuesday
        "2025-03-06, 2025-03-04, true",   // anchored on a Thursday: its week's Tuesday counts
        "2025-03-06, 2025-03-18, true",
        "2025-03-06, 2025-12-30, false",  // 43 weeks later, across months
        "2025-03-06, 2026-01-06, true"    // 44 weeks, across years
    })
    void everyOtherWeekKeepsTheAnchorsRhythm(LocalDate anchor, LocalDate date, boolean held) {
        assertEquals(held, new Recurrence.Weekly(Set.of(DayOfWeek.TUESDAY), 2, anchor).occursOn(date));
    }

    @ParameterizedTest(name = "ordinals {0}: {1} is {2}")
    @CsvSource({
        "'2,4', 2025-09-09, true",
        "'2,4', 2025-09-23, true",
        "'2,4', 2025-09-16, false",
        "'2,4', 2025-09-30, false",
        "'5', 2025-09-30, true",     // September 2025 has five Tuesdays
        "'5', 2025-12-30, true",
        "'5', 2025-10-28, false",    // October 2025 has four
        "'-1', 2025-09-30, true",
        "'-1', 2025-10-28, true",
        "'-1', 2025-10-21, false",
        "'1,-1', 2025-10-07, true",
        "'1', 2025-10-08, false"     // a Wednesday
    })
    void nthTuesdayOfTheMonth(String ordinals, LocalDate date, boolean held) {
        List<Integer> ns = Arrays.stream(ordinals.split(",")).map(Integer::valueOf).toList();
        assertEquals(held, new Recurrence.MonthlyNthWeekday(DayOfWeek.TUESDAY, ns).occursOn(date));
    }

    @Test
    void refusesImpossibleDefinitions() {
        assertThrows(IllegalArgumentException.class, () -> new Recurrence.Weekly(Set.of(), 1, LocalDate.now()));
        assertThrows(IllegalArgumentException.class,
                () -> new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY), 0, LocalDate.now()));
        assertThrows(IllegalArgumentException.class,
                () -> new Recurrence.MonthlyNthWeekday(DayOfWeek.MONDAY, List.of(6)));
        assertThrows(IllegalArgumentException.class,
                () -> new Recurrence.MonthlyNthWeekday(DayOfWeek.MONDAY, List.of(-2)));
    }
}
