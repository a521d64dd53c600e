package fr.accueil.domain.privacy;

import fr.accueil.domain.satisfaction.SurveyChannel;
import java.time.Instant;
import java.util.Set;

/** Port: deletes the items that hold a citizen's personal data. Each call is idempotent. */
public interface PersonalDataEraser {
    /** Deletes the contact's profile and every entry of its history (expired ones too); returns how many items. */
    int eraseContact(String contact);

    /** Deletes a callback (the number, the agents' note); its window's anonymous count stays. */
    void eraseCallback(String callbackId);

    /**
     * Deletes an appointment (name, phone, email, note) and the messages about it; its slot's booked count is the
     * caller's to free first.
     *
     * @return how many messages about it were deleted
     */
    int eraseAppointment(String appointmentId);

    /**
     * Deletes a waitlist entry (name, contacts) with its keys and the messages about it; a place held for it is freed
     * in the same transaction as the entry's deletion (and goes to the next on the list).
     *
     * @return how many messages about it were deleted
     */
    int eraseWaitlistEntry(String entryId);

    /**
     * Deletes the survey answer given about a call, callback or appointment, and an appointment's survey
     * invitation: they name the interaction, so they would tie a score to the person. The counters stay.
     *
     * @return how many items were deleted
     */
    int eraseSurvey(SurveyChannel channel, String reference);

    /**
     * Deletes the messages kept for these recipients (numbers in E.164, emails in lower case) since an instant.
     *
     * @return how many items were deleted
     */
    int eraseMessages(Set<String> recipients, Instant since);
}
