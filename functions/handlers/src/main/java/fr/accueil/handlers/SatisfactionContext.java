package fr.accueil.handlers;

import fr.accueil.domain.satisfaction.AppointmentSurvey;
import fr.accueil.domain.satisfaction.SatisfactionStats;
import fr.accueil.domain.satisfaction.SatisfactionStore;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoSatisfactionStore;
import java.time.Duration;

/**
 * The satisfaction side of a container: anonymous answers and their counters in SatisfactionTable, the survey
 * after appointments (links valid {@code SURVEY_VALIDITY}, 14 days by default) and the figures.
 */
public final class SatisfactionContext {
    private final SatisfactionStore store;
    private final AppointmentSurvey appointmentSurvey;
    private final SatisfactionStats stats;

    public SatisfactionContext(SatisfactionStore store, AppointmentSurvey appointmentSurvey) {
        this.store = store;
        this.appointmentSurvey = appointmentSurvey;
        this.stats = new SatisfactionStats(store);
    }

    static SatisfactionContext fromEnvironment(AppContext app) {
        SatisfactionStore store = new DynamoSatisfactionStore(app.dynamo(), Environment.required("SATISFACTION_TABLE"),
                app.clock(), app.retention());
        BookingContext booking = app.booking();
        Duration validity = Duration.parse(Environment.optional("SURVEY_VALIDITY").orElse("P14D"));
        return new SatisfactionContext(store, new AppointmentSurvey(app.territoryId(), app.directory(),
                booking.appointments(), store, booking.sender(), booking.messages(), validity, app.clock()));
    }

    public SatisfactionStore store() {
        return store;
    }

    public AppointmentSurvey appointmentSurvey() {
        return appointmentSurvey;
    }

    public SatisfactionStats stats() {
        return stats;
    }
}
