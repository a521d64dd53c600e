package fr.accueil.domain.satisfaction;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;

/** Port: anonymous answers, their counters, and the invitations sent after appointments. */
public interface SatisfactionStore {
    /**
     * Stores the answer and adds it to the day's counters, all in one write, unless the interaction was
     * already answered.
     *
     * @return false when it had been answered before (nothing changes)
     */
    boolean record(SurveyAnswer answer);

    /** The counters of the days from..to (both included), of every site ({@code siteId} null) or of one site. */
    List<SatisfactionCounter> counters(String siteId, LocalDate from, LocalDate to);

    /** Stores the invitation unless the appointment already has one; false then. */
    boolean invite(SurveyInvitation invitation);

    /** The invitation of an appointment, unless expired. */
    Optional<SurveyInvitation> invitation(String appointmentId);

    /** Whether the interaction was answered. */
    boolean answered(SurveyChannel channel, String reference);
}
