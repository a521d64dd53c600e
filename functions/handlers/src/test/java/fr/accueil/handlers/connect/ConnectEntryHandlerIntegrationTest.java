package fr.accueil.handlers.connect;

import static fr.accueil.handlers.connect.VoiceTerritory.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class ConnectEntryHandlerIntegrationTest {
    private static final String CALLER = "+33612345678";
    private static final Map<String, String> SAFE_ROUTE = Map.of("route", "queue", "queue", "general",
            "queueArn", VoiceTerritory.GENERAL_ARN, "callbackOffer", "false", "safeRoute", "true");

    @Test
    void anUnknownCallerDuringOpeningHoursHearsTheMenuAndTheCallIsRecorded() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();

        Map<String, String> answer = answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.json"));

        assertEquals("menu", answer.get("route"));
        assertEquals("accueil", answer.get("menuNode"));
        assertEquals("", answer.get("menuPath"));
        assertEquals("0", answer.get("menuInvalidAttempts"));
        assertEquals("8", answer.get("timeout"));
        assertTrue(answer.get("promptSsml").startsWith("<speak>Bienvenue"), answer.get("promptSsml"));
        assertEquals("false", answer.get("callerKnown"));
        assertEquals(CALLER, answer.get("callerNumber"));
        Interaction call = territory.contacts.history(CALLER, 1).get(0);
        assertEquals("call", call.kind());
        assertEquals(Map.of("route", "menu"), call.details());
    }

    @Test
    void aKnownCallerGoesStraightToTheirSitesQueueOrIsOfferedACallbackWhenItIsLong() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        territory.contacts.save(new Contact(CALLER, "Jeanne", null, "metz-borny", "fr"));

        Map<String, String> answer = answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.json"));
        assertEquals("queue", answer.get("route"));
        assertEquals("general", answer.get("queue"));
        assertEquals(VoiceTerritory.GENERAL_ARN, answer.get("queueArn"));
        assertEquals("false", answer.get("callbackOffer"));
        assertEquals("true", answer.get("callerKnown"));
        assertEquals("metz-borny", answer.get("siteId"));

        territory.load.set("general", new QueueMetrics(12, Duration.ofMinutes(9)));
        assertEquals("true", answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.json")).get("callbackOffer"));
    }

    @Test
    void outsideOpeningHoursTheCallerHearsTheNextOpeningAndIsOfferedACallback() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.CLOSED).seeded();

        Map<String, String> answer = answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.json"));
        assertEquals("closed", answer.get("route"));
        assertTrue(answer.get("prompt").contains("Ils seront à nouveau disponibles demain à 9 h."), answer.get("prompt"));
        assertEquals("true", answer.get("callbackOffer"));
        assertEquals("2026-11-23T09:00+01:00[Europe/Paris]", answer.get("nextOpening"));

        Map<String, String> withheld = answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.withheld.json"));
        assertEquals("closed", withheld.get("route"));
        assertEquals("false", withheld.get("callbackOffer"), "a withheld number cannot be called back");
        assertEquals("", withheld.get("callerNumber"));
    }

    @Test
    void anEventWithoutDetailsIsAWithheldCall() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        Map<String, String> answer = answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.no-details.json"));
        assertEquals("menu", answer.get("route"));
        assertEquals("", answer.get("callerNumber"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "null", "[]", "42", "{", "\u0000\u00ff garbage ☎"})
    void aMalformedEventStillGetsARoute(String event) throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        assertEquals(SAFE_ROUTE, answer(territory.entry(), event.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aTerritoryWithoutMenuOrAStoreFailureStillGetsARoute() throws Exception {
        VoiceTerritory empty = new VoiceTerritory(VoiceTerritory.OPEN);
        assertEquals(SAFE_ROUTE, answer(empty.entry(), SampleEvents.bytes("ConnectEntryFunction.json")));

        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        DynamoContactStore broken = new DynamoContactStore(VoiceTerritory.STACK.client(), "NoSuchTable",
                Clock.systemUTC(), Duration.ofDays(1));
        ConnectEntryHandler handler = new ConnectEntryHandler(territory.voice, broken, territory.queues, territory.load, territory.clock);
        assertEquals(SAFE_ROUTE, answer(handler, SampleEvents.bytes("ConnectEntryFunction.json")));
    }

    @Test
    void theHistoryNeverHoldsAWithheldCall() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.withheld.json"));
        assertEquals(List.of(), territory.contacts.history("anonymous", 5));
    }
}
