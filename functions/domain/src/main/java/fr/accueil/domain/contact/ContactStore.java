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

    /**
     * Records an entry derived from an item already stored (an appointment, a callback): that item is the record, so
     * a failure to write its history entry (and the profile written with it) is logged — the kind and the id under
     * {@code idKey}, never the contact, which is personal data — and never turns the operation into an error that a
     * client would retry.
     */
    default void recordDerived(Interaction entry, String idKey) {
        try {
            record(entry);
        } catch (RuntimeException e) {
            System.getLogger(ContactStore.class.getName()).log(System.Logger.Level.WARNING, "history not written: "
                    + entry.kind() + " of " + idKey + " " + entry.details().get(idKey) + " (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The contact's history, newest first. */
    List<Interaction> history(String phone, int limit);
}
