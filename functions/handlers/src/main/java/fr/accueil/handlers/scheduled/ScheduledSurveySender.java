package fr.accueil.handlers.scheduled;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import fr.accueil.domain.satisfaction.AppointmentSurvey;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.Map;

/**
 * Every hour: sends the one-question survey link for the appointments that have ended (yesterday and today at
 * each site). An appointment is invited once, whatever the number of runs.
 */
public final class ScheduledSurveySender implements RequestHandler<ScheduledEvent, Map<String, Object>> {
    private final AppointmentSurvey survey;

    public ScheduledSurveySender() {
        this(AppContext.get().satisfaction().appointmentSurvey());
    }

    public ScheduledSurveySender(AppointmentSurvey survey) {
        this.survey = survey;
    }

    @Override
    public Map<String, Object> handleRequest(ScheduledEvent event, Context context) {
        AppointmentSurvey.Sent sent = survey.sendInvitations();
        Log.info("surveys.invited", Map.of("invited", sent.invited(), "failed", sent.failed()));
        return Map.of("invited", sent.invited(), "failed", sent.failed());
    }
}
