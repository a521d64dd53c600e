package fr.accueil.handlers.connect;

import static fr.accueil.handlers.connect.VoiceTerritory.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.SampleEvents;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConnectMenuHandlerIntegrationTest {
    private static final String CALLER = "+33612345678";

    @Test
    void aSubmenuKeyAsksTheSubmenuAndKeepsTheWayBack() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();

        Map<String, String> answer = answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.json"));

        assertEquals("ask", answer.get("action"));
        assertEquals("impots", answer.get("menuNode"));
        assertEquals("accueil", answer.get("menuPath"));
        assertEquals("false", answer.get("ssml"));
        assertTrue(answer.get("promptSsml").startsWith("<speak>Pour les impôts."), answer.get("promptSsml"));
        assertTrue(territory.contacts.history(CALLER, 5).isEmpty(), "moving in the menu is not a choice yet");
    }

    @Test
    void primingCallsAreFirstStepsAtTheFirstNodeAsACallsAre() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        ConnectMenuHandler menu = territory.menu();

        // Silence, then keys 0 to 9: key 3 is the sample event's step, the « impots » sub-menu.
        String call = Json.write(menu.primingCalls().get(4));
        Map<String, String> answer = answer(menu, call.getBytes(StandardCharsets.UTF_8));

        assertEquals(Map.of("menuNode", "accueil", "menuPath", "", "menuInvalidAttempts", "0"),
                ConnectCall.from(Json.readObject(call)).attributes(), "at the first node, as the entry's answer leaves it");

        assertEquals(Map.of("action", "ask", "menuNode", "impots", "menuPath", "accueil"), Map.of("action", answer.get("action"),
                "menuNode", answer.get("menuNode"), "menuPath", answer.get("menuPath")), "the state the entry left: " + answer);
    }

    @Test
    void aThemeKeyTransfersToItsQueueAndTheChoiceIsRecorded() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();

        Map<String, String> answer = answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.queue.json"));

        assertEquals(Map.of("action", "queue", "queue", "retraite", "queueArn", VoiceTerritory.RETRAITE_ARN,
                "callbackOffer", "false", "theme", "retraite", "canWait", "true"), routing(answer));
        Interaction choice = territory.contacts.history(CALLER, 1).get(0);
        assertEquals("menu-choice", choice.kind());
        assertEquals(Map.of("node", "retraite-emploi", "action", "queue", "theme", "retraite", "menuPath", "accueil",
                "siteId", "metz-borny"), choice.details(), "the caller's usual site, from the entry's attributes");
    }

    @Test
    void aChoiceNamesNoSiteTheTerritoryDoesNotHave() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        String event = new String(SampleEvents.bytes("ConnectMenuFunction.queue.json"), StandardCharsets.UTF_8)
                .replace("\"siteId\": \"metz-borny\"", "\"siteId\": \"" + "x".repeat(5000) + "\"");

        assertEquals("queue", answer(territory.menu(), event.getBytes(StandardCharsets.UTF_8)).get("action"));
        assertFalse(territory.contacts.history(CALLER, 1).get(0).details().containsKey("siteId"));
    }

    @Test
    void aThemeTheDirectoryDoesNotKnowIsLoggedWhenTheMenuIsReadAndStillReachesTheGeneralQueue() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        List<Map<String, Object>> lines = new CopyOnWriteArrayList<>();
        Consumer<String> previous = Log.sendTo(line -> {
            try {
                lines.add(Json.readObject(line));
            } catch (java.io.IOException e) {
                throw new AssertionError(line, e);
            }
        });
        Map<String, String> answer;
        try {
            // Key 1 of the seeded menu's « social » level is « allocations », a theme this territory's directory does not hold.
            answer = answer(territory.menu(), new String(SampleEvents.bytes("ConnectMenuFunction.json"), StandardCharsets.UTF_8)
                    .replace("\"menuNode\": \"accueil\"", "\"menuNode\": \"social\"")
                    .replace("\"digits\": \"3\"", "\"digits\": \"1\"").getBytes(StandardCharsets.UTF_8));
            answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.json"));
        } finally {
            Log.sendTo(previous);
        }

        assertEquals("queue", answer.get("action"));
        assertEquals("general", answer.get("queue"));
        assertEquals(VoiceTerritory.GENERAL_ARN, answer.get("queueArn"));
        List<Map<String, Object>> unknown = lines.stream().filter(l -> String.valueOf(l.get("event")).startsWith("voice.menu.unknown-")).toList();
        assertEquals(List.of("allocations", "sante", "agricole", "impots", "impots", "allocations", "sante"),
                unknown.stream().filter(l -> "voice.menu.unknown-theme".equals(l.get("event"))).map(l -> l.get("theme")).toList(),
                "each option naming an unknown theme, once per menu read (the second call reads the cached menu)");
        assertEquals(List.of("pont-a-mousson", "saint-denis-reunion"), unknown.stream()
                .filter(l -> "voice.menu.unknown-site".equals(l.get("event"))).map(l -> l.get("site")).toList());
        Map<String, Object> first = unknown.get(0);
        assertEquals("WARN", first.get("level"));
        assertEquals(Map.of("node", "social", "key", "1", "territory", territory.id), Map.of("node", first.get("node"),
                "key", first.get("key"), "territory", first.get("territory")));
    }

    @Test
    void zeroAtAnyLevelPutsTheCallerThroughToAnAdvisor() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        String event = new String(SampleEvents.bytes("ConnectMenuFunction.json"), StandardCharsets.UTF_8)
                .replace("\"menuNode\": \"accueil\"", "\"menuNode\": \"social\"").replace("\"digits\": \"3\"", "\"digits\": \"0\"");

        Map<String, String> answer = answer(territory.menu(), event.getBytes(StandardCharsets.UTF_8));

        assertEquals("person", answer.get("action"));
        assertEquals("general", answer.get("queue"));
        assertEquals("person", territory.contacts.history(CALLER, 1).get(0).details().get("action"));
    }

    @Test
    void aLongQueueOffersACallbackInstead() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        territory.load.set("retraite", new QueueMetrics(8, Duration.ZERO));

        Map<String, String> answer = answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.queue.json"));

        assertEquals("callback", answer.get("action"));
        assertEquals("true", answer.get("callbackOffer"));
        assertEquals("true", answer.get("canWait"));
        assertEquals("retraite", answer.get("queue"));
    }

    @Test
    void anInformationOnASiteIsReadFromTheDirectory() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        String event = new String(SampleEvents.bytes("ConnectMenuFunction.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"menuNode\": \"accueil\"", "\"menuNode\": \"horaires\"").replace("\"digits\": \"3\"", "\"digits\": \"1\"");

        Map<String, String> answer = answer(territory.menu(), event.getBytes(java.nio.charset.StandardCharsets.UTF_8));

        assertEquals("ask", answer.get("action"));
        assertTrue(answer.get("notice").startsWith("France Services Metz-Borny vous accueille au 2 rue Théodore de Gargan à Metz, du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h"),
                answer.get("notice"));
    }

    @Test
    void silenceAsksAgainUntilTheCallerIsPutThroughToAPerson() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        Map<String, String> again = answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction.timeout.json"));
        Map<String, Object> sample = Json.readObject(new String(SampleEvents.bytes("ConnectMenuFunction.timeout.json"), StandardCharsets.UTF_8));
        assertEquals("Timeout", ((Map<?, ?>) ((Map<?, ?>) sample.get("Details")).get("Parameters")).get("digits"),
                "the sample carries Connect's own word for a silence");
        assertEquals("ask", again.get("action"));
        assertEquals("1", again.get("menuInvalidAttempts"));
        assertEquals("", again.get("notice"), "a silence is no mistake: no « je n'ai pas compris »");

        String lastChance = new String(SampleEvents.bytes("ConnectMenuFunction.timeout.json"), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\"menuInvalidAttempts\": \"0\"", "\"menuInvalidAttempts\": \"2\"");
        Map<String, String> person = answer(territory.menu(), lastChance.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertEquals("person", person.get("action"));
        assertEquals("general", person.get("queue"));
        assertEquals(VoiceTerritory.GENERAL_ARN, person.get("queueArn"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"long-digits", "unicode", "null-attributes", "no-customer-endpoint", "unknown-node", "no-details"})
    void aMalformedEventGivesADefinedStepNeverAnError(String variant) throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();

        Map<String, String> answer = answer(territory.menu(), SampleEvents.bytes("ConnectMenuFunction." + variant + ".json"));

        assertTrue(Map.of("ask", 1, "queue", 1).containsKey(answer.get("action")), answer.toString());
        assertTrue(!answer.containsKey("safeRoute"), "the engine handles bad input itself: " + answer);
    }

    @Test
    void aBrokenMenuOrAMalformedEventStillReachesThePeopleOfTheGeneralQueue() throws Exception {
        VoiceTerritory noMenu = new VoiceTerritory(VoiceTerritory.OPEN);
        Map<String, String> safe = Map.of("action", "queue", "queue", "general", "queueArn", VoiceTerritory.GENERAL_ARN,
                "callbackOffer", "false", "safeRoute", "true");
        assertEquals(safe, routing(answer(noMenu.menu(), SampleEvents.bytes("ConnectMenuFunction.json"))));
        assertEquals(safe, routing(answer(noMenu.menu(), "{".getBytes(java.nio.charset.StandardCharsets.UTF_8))));
    }

    /** The answer's routing fields (the rest of the fields the flow reads are answered empty). */
    static Map<String, String> routing(Map<String, String> answer) {
        Map<String, String> routing = new java.util.HashMap<>(answer);
        routing.values().removeIf(String::isEmpty);
        return routing;
    }
}
