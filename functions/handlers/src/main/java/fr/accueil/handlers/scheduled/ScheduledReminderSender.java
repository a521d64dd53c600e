package fr.accueil.handlers.scheduled;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Log;
import java.util.Map;

/** Daily: reminds the citizens booked for tomorrow (tomorrow at their site), on each channel they gave. */
public final class ScheduledReminderSender implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final BookingContext booking;

    public ScheduledReminderSender() {
        this(AppContext.get().booking());
    }

    public ScheduledReminderSender(BookingContext booking) {
        this.booking = booking;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        int reminded = booking.sendTomorrowsReminders();
        Log.info("appointments.reminded", Map.of("appointments", reminded));
        return Map.of("reminded", reminded);
    }
}
