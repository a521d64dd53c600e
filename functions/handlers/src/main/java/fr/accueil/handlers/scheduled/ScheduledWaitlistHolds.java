package fr.accueil.handlers.scheduled;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import fr.accueil.domain.booking.Waitlist;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.Map;

/**
 * Every few minutes: lets go the places held for waitlisted citizens who did not answer in time. Each release frees
 * the place in its slot, which the table's stream then offers to the next on the list; a run again releases nothing more.
 */
public final class ScheduledWaitlistHolds implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final Waitlist waitlist;

    public ScheduledWaitlistHolds() {
        this(AppContext.get().booking().waitlist());
    }

    public ScheduledWaitlistHolds(Waitlist waitlist) {
        this.waitlist = waitlist;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        int released = waitlist.releaseLapsed();
        Log.info("waitlist.holds.released", Map.of("released", released));
        return Map.of("released", released);
    }
}
