package fr.accueil.handlers.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.Json;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The calls SnapStart priming answers: events as Connect sends them, from a caller's number that calls take. */
class PrimingCallTest {
    @Test
    void aPrimingCallReadsAsACallFromAValidNumber() throws Exception {
        Map<String, Object> event = ConnectHandler.primingCall(Map.of("siteId", "metz-borny"), Map.of("digits", "1"));

        ConnectCall call = ConnectCall.from(Json.readObject(Json.write(event)));

        // An invalid number would take the withheld caller's path, leaving the caller's path cold.
        assertEquals(Optional.of(ConnectHandler.PRIMING_NUMBER), PhoneNumbers.toE164(call.customerNumber()));
        assertEquals("metz-borny", call.attribute("siteId"));
        assertEquals("1", call.parameter("digits"));
        assertNotEquals(call.contactId(), ConnectCall.from(Json.readObject(Json.write(
                ConnectHandler.primingCall(Map.of(), Map.of())))).contactId(), "each priming call is a new contact");
    }
}
