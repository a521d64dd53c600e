package fr.accueil.domain.contact;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Contacts and history in memory, for domain tests; like the real store, an entry id is written once. */
public class InMemoryContactStore implements ContactStore {
    private final Map<String, Contact> contacts = new HashMap<>();
    private final Map<String, Interaction> recorded = new HashMap<>();

    @Override
    public Optional<Contact> find(String phone) {
        return Optional.ofNullable(contacts.get(phone));
    }

    @Override
    public void save(Contact contact) {
        contacts.put(contact.phone(), contact);
    }

    @Override
    public synchronized boolean record(Interaction interaction) {
        return recorded.putIfAbsent(interaction.phone() + "#" + interaction.id(), interaction) == null;
    }

    @Override
    public synchronized List<Interaction> history(String phone, int limit) {
        return recorded.values().stream().filter(i -> phone.equals(i.phone()))
                .sorted(Comparator.comparing(Interaction::at).reversed()).limit(limit).toList();
    }

    public synchronized List<Interaction> all() {
        return new ArrayList<>(recorded.values());
    }
}
