package fr.accueil.domain.satisfaction;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;

/**
 * The one-question link sent after an appointment. Only the token's hash is kept; the appointment's id is the
 * invitation's, so an appointment is invited once.
 *
 * @param expires the link answers nothing after this instant
 */
public record SurveyInvitation(String appointmentId, String tokenHash, String siteId, String partnerId, String themeId,
        LocalDate day, Instant expires) {
    public SurveyInvitation {
        Objects.requireNonNull(appointmentId, "appointmentId");
        Objects.requireNonNull(tokenHash, "tokenHash");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(day, "day");
        Objects.requireNonNull(expires, "expires");
    }

    @Override
    public String toString() {
        return "SurveyInvitation[appointmentId=" + appointmentId + ", expires=" + expires + "]";
    }
}
