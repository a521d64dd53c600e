package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.ALLOCATIONS;
import static fr.accueil.domain.callback.Fixtures.RETRAITE;
import static fr.accueil.domain.callback.Fixtures.pending;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.domain.directory.Theme;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchPlannerTest {
    private static final DueWindow NINE = window("2025-11-24T09:00", "2025-11-24T10:00");
    private final DispatchSettings settings = new DispatchSettings("flow", 2, 4, 2, Map.of("q-caf", 3),
            Duration.ofMinutes(2), Duration.ofMinutes(30), 3, Duration.ofSeconds(1));

    private static Callback due(String id, Theme theme) {
        return pending(id, "+3361234567" + id.charAt(id.length() - 1), theme, NINE);
    }

    private static List<String> ids(List<PlannedDial> plan) {
        return plan.stream().map(p -> p.callback().id()).toList();
    }

    @Test
    void aFullQueueDoesNotHoldBackTheOthers() {
        List<Callback> due = List.of(due("r1", RETRAITE), due("r2", RETRAITE), due("a3", ALLOCATIONS), due("a4", ALLOCATIONS));
        List<PlannedDial> plan = DispatchPlanner.plan(due, Map.of("q-carsat", 1, "q-caf", 1), settings);
        assertEquals(List.of("r1", "a3", "a4"), ids(plan), "q-carsat has room for 1 more of 2, q-caf for 2 of 3");
    }

    @Test
    void placesAtMostMaxPerRunInDueOrderAtThePace() {
        List<Callback> due = List.of(due("a1", ALLOCATIONS), due("r2", RETRAITE), due("a3", ALLOCATIONS),
                due("r4", RETRAITE), due("a5", ALLOCATIONS));
        List<PlannedDial> plan = DispatchPlanner.plan(due, Map.of(), settings);
        assertEquals(List.of("a1", "r2", "a3", "r4"), ids(plan));
        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(1500)),
                plan.stream().map(PlannedDial::offset).toList());
    }

    @Test
    void nothingWhenEveryQueueIsFull() {
        assertEquals(List.of(), DispatchPlanner.plan(List.of(due("r1", RETRAITE)), Map.of("q-carsat", 5), settings));
    }

    @Test
    void aLapsedDialingLeaseKeepsItsAttemptAndToken() {
        Callback lapsed = due("r1", RETRAITE).startDialing(NINE.from(), NINE.from().plusSeconds(120));
        PlannedDial dial = DispatchPlanner.plan(List.of(lapsed, due("r2", RETRAITE)), Map.of(), settings).get(0);
        assertEquals(1, dial.attempt());
        assertEquals(ClientTokens.of("r1", 1), dial.clientToken());
    }
}
