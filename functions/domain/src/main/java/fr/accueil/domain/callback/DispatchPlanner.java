package fr.accueil.domain.callback;

import fr.accueil.domain.routing.QueueStaffing;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Which callbacks to dial now: pure, so the limits are tested without a clock, a store or a dialer. */
public final class DispatchPlanner {
    private DispatchPlanner() {
    }

    /**
     * Agent first: takes candidates in the order given (due order) while
     * <ul>
     *   <li>no other call to the same number is under way (a callback of the number DIALING or CLAIMED, or
     *       already planned in this run): a citizen is never called twice at once;</li>
     *   <li>the dispatcher's calls in progress stay within its share of the instance's quota;</li>
     *   <li>the queue's figures are known (never dial blind) and it has a free agent for the call: agents
     *       available, less the callers already waiting in it, less the calls this dispatcher has under way
     *       for it (they will need an agent when the citizen answers).</li>
     * </ul>
     * A queue without a free agent does not hold back the others. At most {@code maxPerRun}, spaced to keep
     * {@code callsPerSecond}.
     *
     * @param candidates DIALING callbacks to take up again, then due ones, in due order
     * @param underWay   DIALING and CLAIMED callbacks whose lease still runs: the calls in progress
     * @param staffing   the queues' figures by queue key; a key missing is unknown
     */
    public static DispatchPlan plan(List<Callback> candidates, List<Callback> underWay, Map<String, QueueStaffing> staffing,
            DispatchSettings settings) {
        Set<String> busyNumbers = new HashSet<>();
        Map<String, Integer> callsPerQueue = new HashMap<>();
        int calls = 0;
        for (Callback callback : underWay) {
            busyNumbers.add(callback.phone());
            if (callback.status() == CallbackStatus.DIALING) {
                calls++;
                QueueStaffing queue = staffing.get(callback.queue());
                if (queue != null) {
                    callsPerQueue.merge(queue.queueId(), 1, Integer::sum);
                }
            }
        }
        Duration spacing = Duration.ofNanos(Math.round(1_000_000_000 / settings.callsPerSecond()));
        List<PlannedDial> dials = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        int noAgent = 0;
        int sameCitizen = 0;
        int quota = 0;
        int noFigures = 0;
        for (Callback callback : candidates) {
            if (dials.size() == settings.maxPerRun()) {
                break;
            }
            QueueStaffing queue = staffing.get(callback.queue());
            if (busyNumbers.contains(callback.phone())) {
                sameCitizen++;
            } else if (calls >= settings.maxCallsInProgress()) {
                quota++;
            } else if (queue == null) {
                noFigures++;
                unknown.add(callback.queue());
            } else if (callsPerQueue.getOrDefault(queue.queueId(), 0) >= queue.freeAgents()) {
                noAgent++;
            } else {
                busyNumbers.add(callback.phone());
                callsPerQueue.merge(queue.queueId(), 1, Integer::sum);
                calls++;
                dials.add(new PlannedDial(callback, callback.attemptNumber(), callback.clientToken(),
                        spacing.multipliedBy(dials.size())));
            }
        }
        return new DispatchPlan(dials, noAgent, sameCitizen, quota, noFigures, List.copyOf(unknown));
    }
}
