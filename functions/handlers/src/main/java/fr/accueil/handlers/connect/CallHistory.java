package fr.accueil.handlers.connect;

import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.Log;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Writes what a call did into the caller's history. The route is already decided when this runs:
 * a history that cannot be written is logged, never a reason to divert the caller.
 */
final class CallHistory {
    private final ContactStore contacts;
    private final Clock clock;

    CallHistory(ContactStore contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    /** A withheld number has no history to add to: the call is only counted in the statistics. */
    void record(Optional<String> caller, String kind, Map<String, String> details) {
        try {
            contacts.record(new Interaction(UUID.randomUUID().toString(), caller.orElse(null), clock.instant(), "phone",
                    kind, details));
        } catch (RuntimeException e) {
            Log.error("connect.history.not-recorded", Map.of("caller", caller.map(PhoneNumbers::mask).orElse("withheld"),
                    "kind", kind), e);
        }
    }
}
