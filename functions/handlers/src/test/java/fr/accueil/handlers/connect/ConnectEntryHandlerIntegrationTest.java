package fr.accueil.handlers.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectEntryHandlerIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();

    private final DynamoContactStore contacts = new DynamoContactStore(
            STACK.client(), STACK.table("ContactsTable"), Clock.systemUTC(), Duration.ofDays(30));

    static Map<String, Object> answer(ConnectHandler handler, byte[] event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(event), out, null);
        Map<String, Object> answer = Json.readObject(out.toString(StandardCharsets.UTF_8));
        answer.values().forEach(v -> assertEquals(String.class, v.getClass(), "Connect wants a flat map of strings"));
        return answer;
    }

    @Test
    void aKnownCallerIsRecognisedAndTheCallRecorded() throws Exception {
        contacts.save(new Contact("+33612345678", "Jeanne", null, "metz-borny", "fr"));

        Map<String, Object> answer = answer(new ConnectEntryHandler(contacts, Clock.systemUTC()),
                SampleEvents.bytes("ConnectEntryFunction.json"));

        assertEquals("true", answer.get("callerKnown"));
        assertEquals("+33612345678", answer.get("callerNumber"));
        assertEquals("metz-borny", answer.get("siteId"));
        List<Interaction> history = contacts.history("+33612345678", 1);
        assertEquals("call", history.get(0).kind());
    }

    @Test
    void aWithheldNumberIsRoutedWithoutAContact() throws Exception {
        Map<String, Object> answer = answer(new ConnectEntryHandler(contacts, Clock.systemUTC()),
                SampleEvents.bytes("ConnectEntryFunction.withheld.json"));

        assertEquals("menu", answer.get("route"));
        assertEquals("", answer.get("callerNumber"));
        assertEquals("false", answer.get("callerKnown"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "42", "{", "\u0000\u00ff garbage ☎"})
    void aMalformedEventStillGetsARoute(String event) throws Exception {
        Map<String, Object> answer = answer(new ConnectEntryHandler(contacts, Clock.systemUTC()),
                event.getBytes(StandardCharsets.UTF_8));

        assertEquals(Map.of("route", "queue", "queue", "general", "safeRoute", "true"), answer);
    }

    @Test
    void anEventOfTheWrongShapeIsReadAsAWithheldCall() throws Exception {
        Map<String, Object> answer = answer(new ConnectEntryHandler(contacts, Clock.systemUTC()),
                "{\"Details\": \"oops\", \"ContactData\": 7}".getBytes(StandardCharsets.UTF_8));

        assertEquals("menu", answer.get("route"));
        assertEquals("", answer.get("callerNumber"));
    }

    @Test
    void aStoreFailureStillGetsARoute() throws Exception {
        DynamoContactStore broken = new DynamoContactStore(STACK.client(), "NoSuchTable", Clock.systemUTC(), Duration.ofDays(1));

        Map<String, Object> answer = answer(new ConnectEntryHandler(broken, Clock.systemUTC()),
                SampleEvents.bytes("ConnectEntryFunction.json"));

        assertEquals("true", answer.get("safeRoute"));
        assertEquals("general", answer.get("queue"));
    }
}
