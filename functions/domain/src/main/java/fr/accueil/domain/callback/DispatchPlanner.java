package fr.accueil.domain.callback;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Which callbacks to dial now: pure, so the limits are tested without a clock or a dialer. */
public final class DispatchPlanner {
    private DispatchPlanner() {
    }

    /**
     * Takes candidates in the order given (due order) while their queue has room for another
     * call in progress; a full queue does not hold back the others. At most {@code maxPerRun},
     * spaced to keep {@code callsPerSecond}.
     *
     * @param candidates DIALING callbacks to take up again, then due ones, in due order
     * @param inProgress calls in progress now, by queue key (missing: none)
     */
    public static List<PlannedDial> plan(List<Callback> candidates, Map<String, Integer> inProgress, DispatchSettings settings) {
        Map<String, Integer> busy = new HashMap<>(inProgress);
        Duration spacing = Duration.ofNanos(Math.round(1_000_000_000 / settings.callsPerSecond()));
        List<PlannedDial> plan = new ArrayList<>();
        for (Callback callback : candidates) {
            if (plan.size() == settings.maxPerRun()) {
                break;
            }
            int calls = busy.getOrDefault(callback.queue(), 0);
            if (calls < settings.maxInProgress(callback.queue())) {
                busy.put(callback.queue(), calls + 1);
                plan.add(new PlannedDial(callback, callback.attemptNumber(), callback.clientToken(),
                        spacing.multipliedBy(plan.size())));
            }
        }
        return List.copyOf(plan);
    }
}
