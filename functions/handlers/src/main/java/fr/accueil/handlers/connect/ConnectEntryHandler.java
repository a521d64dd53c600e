package fr.accueil.handlers.connect;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The first function of every inbound call: who is calling, and where the call goes next.
 * Answers {@code route} ("menu" or "queue"), {@code menuNode}, {@code queue}, {@code callerKnown}
 * and {@code callerNumber} (E.164, or empty when withheld).
 */
public final class ConnectEntryHandler extends ConnectHandler {
    static final Map<String, String> GENERAL_QUEUE = Map.of("route", "queue", "queue", "general");

    private final ContactStore contacts;
    private final Clock clock;

    public ConnectEntryHandler() {
        this(AppContext.get().contacts(), AppContext.get().clock());
    }

    public ConnectEntryHandler(ContactStore contacts, Clock clock) {
        this.contacts = contacts;
        this.clock = clock;
    }

    @Override
    protected String name() {
        return "entry";
    }

    @Override
    protected Map<String, String> answer(ConnectCall call) {
        Optional<String> caller = PhoneNumbers.toE164(call.customerNumber());
        Optional<Contact> contact = caller.flatMap(contacts::find);
        Map<String, String> answer = new LinkedHashMap<>();
        answer.put("route", "menu");
        answer.put("menuNode", "root");
        answer.put("callerKnown", Boolean.toString(contact.isPresent()));
        answer.put("callerNumber", caller.orElse(""));
        contact.map(Contact::preferredSiteId).ifPresent(site -> answer.put("siteId", site));
        caller.ifPresent(phone -> contacts.record(new Interaction(UUID.randomUUID().toString(), phone,
                clock.instant(), "phone", "call", Map.of("route", answer.get("route")))));
        Log.info("connect.entry.routed", Map.of(
                "caller", caller.map(PhoneNumbers::mask).orElse("withheld"),
                "route", answer.get("route"), "callerKnown", answer.get("callerKnown")));
        return answer;
    }

    @Override
    protected Map<String, String> safeRoute() {
        return GENERAL_QUEUE;
    }
}
