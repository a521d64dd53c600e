package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.CALENDAR;
import static fr.accueil.domain.callback.Fixtures.metz;
import static fr.accueil.domain.callback.Fixtures.paris;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Site;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackSchedulerTest {
    private final InMemoryCallbackStore store = new InMemoryCallbackStore();
    private final CallbackScheduler scheduler =
            new CallbackScheduler(CALENDAR, store, new SchedulingRules(Duration.ofHours(1), 2, Duration.ofMinutes(15), 14));
    private final Site metz = metz();

    private Optional<DueWindow> earliest(Instant now) {
        return scheduler.earliest(metz, "retraite", now, null);
    }

    @Test
    void cutsOpeningHoursIntoWindowsTheLastOneShorter() {
        List<DueWindow> windows = scheduler.windowsOn(metz, LocalDate.of(2025, 11, 24));
        assertEquals(List.of(
                window("2025-11-24T09:00", "2025-11-24T10:00"),
                window("2025-11-24T10:00", "2025-11-24T11:00"),
                window("2025-11-24T11:00", "2025-11-24T12:00"),
                window("2025-11-24T13:30", "2025-11-24T14:30"),
                window("2025-11-24T14:30", "2025-11-24T15:30"),
                window("2025-11-24T15:30", "2025-11-24T16:30"),
                window("2025-11-24T16:30", "2025-11-24T17:00")), windows);
    }

    @Test
    void aFullWindowSendsTheRequestToTheNextOne() {
        store.book("metz", "retraite", paris("2025-11-24T09:00"), 2);
        store.book("metz", "retraite", paris("2025-11-24T10:00"), 1);
        store.book("metz", "allocations", paris("2025-11-24T10:00"), 5);
        assertEquals(Optional.of(window("2025-11-24T10:00", "2025-11-24T11:00")), earliest(paris("2025-11-24T08:00")));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "a window ending too soon is skipped, 2025-11-24T09:50, 2025-11-24T10:00",
        "the current window when there is time, 2025-11-24T09:40, 2025-11-24T09:00",
        "lunch break, 2025-11-24T12:10, 2025-11-24T13:30",
        "evening goes to the next morning, 2025-11-24T18:00, 2025-11-25T09:00",
        "the weekend is skipped, 2025-11-21T17:30, 2025-11-24T09:00",
        "a public holiday and a closure are skipped, 2025-11-10T18:00, 2025-11-13T09:00"
    })
    void theEarliestOpenWindow(String why, String now, String expectedStart) {
        assertEquals(paris(expectedStart), earliest(paris(now)).orElseThrow().from());
    }

    @ParameterizedTest(name = "to {1}")
    @CsvSource({
        "2025-03-28T18:00:00Z, 2025-03-31T07:00:00Z, summer time begins",
        "2025-10-24T18:00:00Z, 2025-10-27T08:00:00Z, summer time ends"
    })
    void windowsKeepTheirWallClockAcrossDaylightSavingTime(String now, String expectedStart, String change) {
        DueWindow window = earliest(Instant.parse(now)).orElseThrow();
        assertEquals(Instant.parse(expectedStart), window.from());
        assertEquals(Duration.ofHours(1), Duration.between(window.from(), window.to()));
        assertEquals(9, window.localFrom().getHour());
    }

    @Test
    void anOverseasSiteFollowsItsOwnZone() {
        Site reunion = Fixtures.site("saint-denis", ZoneId.of("Indian/Reunion"));
        DueWindow window = scheduler.earliest(reunion, "retraite", Instant.parse("2025-11-24T04:30:00Z"), null).orElseThrow();
        assertEquals(Instant.parse("2025-11-24T05:00:00Z"), window.from(), "9:00 at UTC+4");
    }

    @Test
    void theCallersPickIsKeptWhenItHasRoom() {
        Instant pick = paris("2025-11-25T14:30");
        assertEquals(pick, scheduler.earliest(metz, "retraite", paris("2025-11-24T09:00"), pick).orElseThrow().from());
    }

    @Test
    void nothingWhenEveryWindowOfTheHorizonIsFull() {
        CallbackScheduler oneDay = new CallbackScheduler(CALENDAR, store, new SchedulingRules(Duration.ofHours(1), 1, Duration.ZERO, 1));
        scheduler.windowsOn(metz, LocalDate.of(2025, 11, 24)).forEach(w -> store.book("metz", "retraite", w.from(), 1));
        assertEquals(Optional.empty(), oneDay.earliest(metz, "retraite", paris("2025-11-24T08:00"), null));
        assertTrue(oneDay.choices(metz, "retraite", paris("2025-11-24T08:00")).isEmpty());
    }

    @Test
    void offersTheNextThreeHalfDaysWithRoomEachFromItsFirstWindow() {
        List<CallbackChoice> choices = scheduler.choices(metz, "retraite", paris("2025-11-24T14:20"));
        assertEquals(List.of(
                new CallbackChoice(paris("2025-11-24T14:30").toString(), "cet après-midi", window("2025-11-24T14:30", "2025-11-24T15:30")),
                new CallbackChoice(paris("2025-11-25T09:00").toString(), "demain matin", window("2025-11-25T09:00", "2025-11-25T10:00")),
                new CallbackChoice(paris("2025-11-25T13:30").toString(), "demain après-midi", window("2025-11-25T13:30", "2025-11-25T14:30"))),
                choices);
    }

    @Test
    void aFullHalfDayIsLeftOutAndTheNextOpenDaysAreNamed() {
        scheduler.windowsOn(metz, LocalDate.of(2025, 11, 24)).stream().filter(w -> w.localFrom().getHour() < 12)
                .forEach(w -> store.book("metz", "retraite", w.from(), 2));
        store.book("metz", "retraite", paris("2025-11-24T13:30"), 2);
        List<CallbackChoice> choices = scheduler.choices(metz, "retraite", paris("2025-11-21T18:00"));
        assertEquals(List.of("lundi 24 novembre après-midi", "mardi 25 novembre matin", "mardi 25 novembre après-midi"),
                choices.stream().map(CallbackChoice::label).toList());
        assertEquals(paris("2025-11-24T14:30"), choices.get(0).window().from(), "the half-day's first window with room");
    }

    @Test
    void thisMorningIsNamedSo() {
        assertEquals("ce matin", scheduler.choices(metz, "retraite", paris("2025-11-24T09:10")).get(0).label());
    }
}
