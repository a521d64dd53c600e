package fr.accueil.handlers.scheduled;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Log;
import java.util.Map;

/**
 * Daily: brings every permanence's slots in line with its definition over its horizon (new days enter
 * the horizon, cancelled dates leave it). Idempotent: a second run the same day changes nothing.
 */
public final class ScheduledSlotGenerator implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final BookingContext booking;

    public ScheduledSlotGenerator() {
        this(AppContext.get().booking());
    }

    public ScheduledSlotGenerator(BookingContext booking) {
        this.booking = booking;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        BookingContext.Regenerated done = booking.regenerateAll();
        Log.info("slots.regenerated", done.toMap());
        return done.toMap();
    }
}
