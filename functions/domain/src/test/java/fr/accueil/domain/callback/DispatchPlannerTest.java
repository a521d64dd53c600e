package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.ALLOCATIONS;
import static fr.accueil.domain.callback.Fixtures.RETRAITE;
import static fr.accueil.domain.callback.Fixtures.pending;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.routing.QueueStaffing;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DispatchPlannerTest {
    private static final DueWindow NINE = window("2025-11-24T09:00", "2025-11-24T10:00");
    private final DispatchSettings settings = new DispatchSettings("flow", 2, 4, 10,
            Duration.ofMinutes(2), Duration.ofMinutes(30), 3, Duration.ofSeconds(1));

    private static Callback due(String id, Theme theme) {
        return pending(id, "+3361234567" + id.charAt(id.length() - 1), theme, NINE);
    }

    private static Map<String, QueueStaffing> agents(int carsat, int caf) {
        return Map.of("q-carsat", new QueueStaffing("q-carsat", carsat, 0), "q-caf", new QueueStaffing("q-caf", caf, 0));
    }

    private static List<String> ids(DispatchPlan plan) {
        return plan.dials().stream().map(p -> p.callback().id()).toList();
    }

    private static Callback dialing(Callback callback) {
        return callback.startDialing(NINE.from(), NINE.from().plusSeconds(120));
    }

    @Test
    void noAgentNoDial() {
        DispatchPlan plan = DispatchPlanner.plan(List.of(due("r1", RETRAITE), due("r2", RETRAITE)), List.of(), agents(0, 3), settings);
        assertEquals(List.of(), plan.dials());
        assertEquals(2, plan.heldNoAgent());
    }

    @Test
    void nAgentsAtMostNCalls() {
        List<Callback> due = List.of(due("r1", RETRAITE), due("r2", RETRAITE), due("r3", RETRAITE), due("a4", ALLOCATIONS));
        DispatchPlan plan = DispatchPlanner.plan(due, List.of(), agents(2, 1), settings);
        assertEquals(List.of("r1", "r2", "a4"), ids(plan), "a queue without a free agent does not hold back the others");
        assertEquals(1, plan.heldNoAgent());
    }

    @Test
    void callersWaitingAndCallsUnderWayTakeAgentsFirst() {
        Map<String, QueueStaffing> staffing = Map.of("q-carsat", new QueueStaffing("q-carsat", 4, 2));
        Callback underWay = dialing(due("r9", RETRAITE));
        DispatchPlan plan = DispatchPlanner.plan(List.of(due("r1", RETRAITE), due("r2", RETRAITE)), List.of(underWay), staffing, settings);
        assertEquals(List.of("r1"), ids(plan), "4 available − 2 waiting − 1 call under way: one agent free");
        assertEquals(0, DispatchPlanner.plan(List.of(due("r1", RETRAITE)), List.of(),
                Map.of("q-carsat", new QueueStaffing("q-carsat", 1, 3)), settings).dials().size(), "more waiting than agents: none");
    }

    @Test
    void keysSharingAQueueShareItsAgents() {
        Map<String, QueueStaffing> general = Map.of("q-carsat", new QueueStaffing("general", 1, 0),
                "q-caf", new QueueStaffing("general", 1, 0));
        DispatchPlan plan = DispatchPlanner.plan(List.of(due("r1", RETRAITE), due("a2", ALLOCATIONS)), List.of(), general, settings);
        assertEquals(List.of("r1"), ids(plan), "one agent in the general queue for both keys");
    }

    @Test
    void sameCitizenTwiceOneCall() {
        Callback retraite = due("r1", RETRAITE);
        Callback allocations = pending("a2", retraite.phone(), ALLOCATIONS, NINE);
        DispatchPlan plan = DispatchPlanner.plan(List.of(retraite, allocations, due("r3", RETRAITE)), List.of(), agents(5, 5), settings);
        assertEquals(List.of("r1", "r3"), ids(plan));
        assertEquals(1, plan.heldSameCitizen());
    }

    @Test
    void aNumberCalledOrClaimedElsewhereIsHeld() {
        Callback claimed = due("a2", ALLOCATIONS).claim("agent", NINE.from(), NINE.from().plusSeconds(900));
        Callback sameNumber = pending("r1", claimed.phone(), RETRAITE, NINE);
        DispatchPlan plan = DispatchPlanner.plan(List.of(sameNumber), List.of(claimed), agents(5, 5), settings);
        assertEquals(List.of(), plan.dials());
        assertEquals(1, plan.heldSameCitizen());
    }

    @Test
    void theConcurrentCallsShareIsKeptAcrossQueues() {
        DispatchSettings twoLines = new DispatchSettings("flow", 2, 4, 2, Duration.ofMinutes(2), Duration.ofMinutes(30), 3,
                Duration.ofSeconds(1));
        Callback underWay = dialing(due("a9", ALLOCATIONS));
        DispatchPlan plan = DispatchPlanner.plan(List.of(due("r1", RETRAITE), due("r2", RETRAITE), due("a3", ALLOCATIONS)),
                List.of(underWay), agents(5, 5), twoLines);
        assertEquals(List.of("r1"), ids(plan), "one call under way, one more within the share of 2");
        assertEquals(2, plan.heldQuota());
    }

    @Test
    void unknownFiguresNoCallForThatQueue() {
        Map<String, QueueStaffing> onlyCaf = Map.of("q-caf", new QueueStaffing("q-caf", 2, 0));
        DispatchPlan plan = DispatchPlanner.plan(List.of(due("r1", RETRAITE), due("a2", ALLOCATIONS)), List.of(), onlyCaf, settings);
        assertEquals(List.of("a2"), ids(plan));
        assertEquals(1, plan.heldNoFigures());
        assertEquals(List.of("q-carsat"), plan.unknownQueues());
    }

    @Test
    void placesAtMostMaxPerRunInDueOrderAtThePace() {
        List<Callback> due = List.of(due("a1", ALLOCATIONS), due("r2", RETRAITE), due("a3", ALLOCATIONS),
                due("r4", RETRAITE), due("a5", ALLOCATIONS));
        DispatchPlan plan = DispatchPlanner.plan(due, List.of(), agents(9, 9), settings);
        assertEquals(List.of("a1", "r2", "a3", "r4"), ids(plan));
        assertEquals(List.of(Duration.ZERO, Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(1500)),
                plan.dials().stream().map(PlannedDial::offset).toList());
    }

    @Test
    void aLapsedDialingLeaseKeepsItsAttemptAndToken() {
        Callback lapsed = dialing(due("r1", RETRAITE));
        PlannedDial dial = DispatchPlanner.plan(List.of(lapsed, due("r2", RETRAITE)), List.of(), agents(2, 2), settings).dials().get(0);
        assertEquals(1, dial.attempt());
        assertEquals(ClientTokens.of("r1", 1), dial.clientToken());
    }

    @Test
    void theShareOfTheQuotaRoundsDown() {
        assertEquals(5, DispatchSettings.sharedCalls(10, 50));
        assertEquals(3, DispatchSettings.sharedCalls(7, 50));
        assertEquals(0, DispatchSettings.sharedCalls(10, 0));
    }
}
