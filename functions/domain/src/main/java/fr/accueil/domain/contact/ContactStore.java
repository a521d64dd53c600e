package fr.accueil.domain.contact;

import java.util.List;
import java.util.Optional;

/** Port: contacts and their interaction history. Both expire after the retention period. */
public interface ContactStore {
    Optional<Contact> find(String phone);

    void save(Contact contact);

    /**
     * Adds the event to the contact's history (and its statistics) once: a replayed event (an id already
     * recorded) changes nothing.
     *
     * @return whether this call stored it; false for a replay, so nothing downstream counts it twice
     */
    boolean record(Interaction interaction);

    /** The contact's history, newest first. */
    List<Interaction> history(String phone, int limit);
}
