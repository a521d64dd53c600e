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
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class ConnectEntryHandlerIntegrationTest {
    private static final String CALLER = "+33612345678";
    private static final Map<String, String> SAFE_ROUTE = Map.of("route", "queue", "queue", "general",
            "queueArn", VoiceTerritory.GENERAL_ARN, "callbackOffer", "false", "safeRoute", "true");

    @Test
    void anUnknownCallerDuringOpeningHoursHearsTheMenuAndTheCallIsRecorded() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        // A number of its own: the sample's caller is known once another test booked them a callback (its site).
        String caller = VoiceTerritory.newCaller();

        Map<String, String> answer = answer(territory.entry(), VoiceTerritory.from(caller, "ConnectEntryFunction.json"));

        assertEquals("menu", answer.get("route"));
        assertEquals("accueil", answer.get("menuNode"));
        assertEquals("", answer.get("menuPath"));
        assertEquals("0", answer.get("menuInvalidAttempts"));
        assertEquals("8", answer.get("timeout"));
        assertTrue(answer.get("promptSsml").startsWith("<speak>Bienvenue"), answer.get("promptSsml"));
        assertEquals("false", answer.get("callerKnown"));
        assertEquals(caller, answer.get("callerNumber"));
        Interaction call = territory.contacts.history(caller, 1).get(0);
        assertEquals("call", call.kind());
        assertEquals(Map.of("route", "menu"), call.details());
    }

    @Test
    void aKnownCallerGoesStraightToTheirSitesQueueOrIsOfferedACallbackWhenItIsLong() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        String caller = VoiceTerritory.newCaller();
        territory.contacts.save(new Contact(caller, "Jeanne", null, "metz-borny", "fr"));
        byte[] event = VoiceTerritory.from(caller, "ConnectEntryFunction.json");

        Map<String, String> answer = answer(territory.entry(), event);
        assertEquals("queue", answer.get("route"));
        assertEquals(VoiceTerritory.METZ_QUEUE, answer.get("queue"));
        assertEquals(VoiceTerritory.METZ_ARN, answer.get("queueArn"), "the site's own queue, not the safe route");
        assertEquals("false", answer.get("callbackOffer"));
        assertEquals("true", answer.get("callerKnown"));
        assertEquals("metz-borny", answer.get("siteId"));
        // The site is named, « étoile » leads to the menu, whose first prompt and state come with the answer.
        assertEquals("Nous vous mettons en relation avec France Services Metz-Borny. Pour un autre service, tapez étoile.",
                answer.get("prompt"));
        assertTrue(answer.get("promptSsml").startsWith("<speak>Nous vous mettons en relation"), answer.get("promptSsml"));
        assertTrue(answer.get("menuPromptSsml").startsWith("<speak>Bienvenue"), answer.get("menuPromptSsml"));
        assertEquals("accueil", answer.get("menuStart"));
        assertEquals("", answer.get("menuNode"), "in no menu until the caller keys *");
        Interaction call = territory.contacts.history(caller, 1).get(0);
        assertEquals("call", call.kind());
        assertEquals(Map.of("route", "queue", "siteId", "metz-borny"), call.details(), "the call is in the caller's history");
        assertEquals(territory.clock.instant(), call.at());

        territory.load.set(VoiceTerritory.METZ_QUEUE, new QueueMetrics(12, Duration.ofMinutes(9)));
        assertEquals("true", answer(territory.entry(), event).get("callbackOffer"));
    }

    @Test
    void aCitizenWhoBookedAtASiteIsKnownWhenTheyCall() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        String caller = VoiceTerritory.newCaller();
        // What the booking writes to the history: the store sets the profile with it.
        territory.contacts.record(new Interaction("appointment-1#booked", caller, territory.clock.instant(), "web",
                "appointment-booked", Map.of("siteId", "metz-borny", "themeId", "retraite", "appointmentId", "appointment-1")));

        Map<String, String> answer = answer(territory.entry(), VoiceTerritory.from(caller, "ConnectEntryFunction.json"));
        assertEquals("queue", answer.get("route"));
        assertEquals(VoiceTerritory.METZ_QUEUE, answer.get("queue"));
        assertEquals("true", answer.get("callerKnown"));
    }

    @Test
    void aSiteQueueWithoutAnArnOfItsOwnIsTakenByTheGeneralQueue() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        String caller = VoiceTerritory.newCaller();
        territory.contacts.save(new Contact(caller, "Jeanne", null, "sarreguemines", "fr"));

        Map<String, String> answer = answer(territory.entry(), VoiceTerritory.from(caller, "ConnectEntryFunction.json"));
        assertEquals("queue", answer.get("route"));
        assertEquals("site-sarreguemines", answer.get("queue"));
        assertEquals(VoiceTerritory.GENERAL_ARN, answer.get("queueArn"));
    }

    @Test
    void outsideOpeningHoursTheCallerHearsTheNextOpeningAndIsOfferedACallback() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.CLOSED).seeded();

        Map<String, String> answer = answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.json"));
        assertEquals("closed", answer.get("route"));
        assertTrue(answer.get("prompt").contains("Ils seront à nouveau disponibles demain à 9 h."), answer.get("prompt"));
        assertEquals("2026-11-23T09:00+01:00[Europe/Paris]", answer.get("nextOpening"));

        // closed.json offers the callback to every caller: a withheld one keys a number there.
        Map<String, String> withheld = answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.withheld.json"));
        assertEquals("closed", withheld.get("route"));
        assertEquals(answer.get("prompt"), withheld.get("prompt"));
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
        assertEquals(SAFE_ROUTE, routing(answer(territory.entry(), event.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    void aTerritoryWithoutMenuOrAStoreFailureStillGetsARoute() throws Exception {
        VoiceTerritory empty = new VoiceTerritory(VoiceTerritory.OPEN);
        assertEquals(SAFE_ROUTE, routing(answer(empty.entry(), SampleEvents.bytes("ConnectEntryFunction.json"))));

        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        DynamoContactStore broken = new DynamoContactStore(VoiceTerritory.STACK.client(), "NoSuchTable",
                Clock.systemUTC(), Duration.ofDays(1));
        ConnectEntryHandler handler = new ConnectEntryHandler(territory.voice, broken, territory.queues, territory.load, territory.clock);
        assertEquals(SAFE_ROUTE, routing(answer(handler, SampleEvents.bytes("ConnectEntryFunction.json"))));
    }

    @Test
    void theHistoryNeverHoldsAWithheldCall() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.withheld.json"));
        // Under any key: every history item written at this territory's instant (its clock is its own).
        assertEquals(List.of(), historyItemsAt(territory), "a withheld call is kept in no history");

        answer(territory.entry(), SampleEvents.bytes("ConnectEntryFunction.json"));
        assertEquals(List.of("CONTACT#" + CALLER), historyItemsAt(territory), "a call with a number is found by the same search");
    }

    /** The partition keys of every history item of the whole ContactsTable written at the territory's instant. */
    private static List<String> historyItemsAt(VoiceTerritory territory) {
        return VoiceTerritory.STACK.client().scanPaginator(r -> r.tableName(VoiceTerritory.STACK.table("ContactsTable"))
                        .filterExpression("begins_with(sk, :event) AND #at = :at")
                        .expressionAttributeNames(Map.of("#at", "at"))
                        .expressionAttributeValues(Map.of(":event", AttributeValue.fromS("EVENT#"),
                                ":at", AttributeValue.fromS(territory.clock.instant().toString())))
                        .consistentRead(true))
                .items().stream().map(item -> item.get("pk").s()).toList();
    }

    /** The answer's routing fields (the rest of the fields the flow reads are answered empty). */
    private static Map<String, String> routing(Map<String, String> answer) {
        Map<String, String> routing = new java.util.HashMap<>(answer);
        routing.values().removeIf(String::isEmpty);
        return routing;
    }
}
