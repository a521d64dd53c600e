package fr.accueil.domain.contact;

import java.util.List;
import java.util.Optional;

/** Port: contacts and their interaction history. Both expire after the retention period. */
public interface ContactStore {
    Optional<Contact> find(String phone);

    void save(Contact contact);

    void record(Interaction interaction);

    /** The contact's history, newest first. */
    List<Interaction> history(String phone, int limit);
}
