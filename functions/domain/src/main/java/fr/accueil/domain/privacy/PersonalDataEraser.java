package fr.accueil.domain.privacy;

/** Port: deletes the items that hold a citizen's personal data. Each call is idempotent. */
public interface PersonalDataEraser {
    /** Deletes the contact's profile and every entry of its history (expired ones too); returns how many items. */
    int eraseContact(String contact);

    /** Deletes a callback (the number, the agents' note); its window's anonymous count stays. */
    void eraseCallback(String callbackId);

    /** Deletes an appointment (name, phone, email, note); its slot's booked count is the caller's to free first. */
    void eraseAppointment(String appointmentId);
}
