package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A caller walked through the seeded demo menu as Amazon Connect would drive it, through the
 * runner's Lambda Invoke endpoint: each answer's menu state goes back as contact attributes.
 */
class VoiceCallEnd2EndTest {
    /** Monday 23 November 2026, 10:00 in Metz: the demo sites are open. */
    /** Sunday 22 November 2026, 10:00 in Metz: every demo site is closed. */
    private static final String SUNDAY_MORNING = "2026-11-22T09:00:00Z";
    /** A number of its own per test: a callback booked for it makes the caller known (put through to their site). */
    private final String caller = "+3361" + (1_000_000 + java.util.concurrent.ThreadLocalRandom.current().nextInt(8_999_999));

    @AfterEach
    void realTimeAndEmptyQueues() {
        System.clearProperty("accueil.env.FIXED_CLOCK");
        load().set("retraite", QueueMetrics.EMPTY);
    }

    @Test
    void fromTheGreetingToAThemesQueue() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);

        Map<String, Object> greeting = invoke("ConnectEntryFunction", Map.of(), Map.of());
        assertEquals("menu", greeting.get("route"));
        assertTrue(((String) greeting.get("prompt")).startsWith("Bienvenue sur la ligne France Services"));

        Map<String, Object> retraiteEmploi = invoke("ConnectMenuFunction", state(greeting), Map.of("digits", "2"));
        Map<String, Object> queue = invoke("ConnectMenuFunction", state(retraiteEmploi), Map.of("digits", "3"));
        assertEquals("queue", queue.get("action"));
        assertEquals("emploi", queue.get("theme"));
        assertEquals("emploi", queue.get("queue"));
    }

    @Test
    void aLongQueueLeadsToTheCallbackOffer() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        load().set("retraite", new QueueMetrics(8, Duration.ofMinutes(2)));

        Map<String, Object> greeting = invoke("ConnectEntryFunction", Map.of(), Map.of());
        Map<String, Object> retraite = invoke("ConnectMenuFunction", state(greeting), Map.of("digits", "2"));
        assertEquals("ask", retraite.get("action"));
        assertEquals("retraite-emploi", retraite.get("menuNode"));

        Map<String, Object> offer = invoke("ConnectMenuFunction", state(retraite), Map.of("digits", "1"));
        assertEquals("callback", offer.get("action"));
        assertEquals("retraite", offer.get("theme"));
        assertEquals("true", offer.get("canWait"));

        // The callback-offer flow, key 1: it passes the contact attributes siteId (none: an unknown caller) and theme.
        Map<String, Object> booked = invoke("ConnectCallbackRequestFunction", Map.of("theme", "retraite", "canWait", "true"),
                Map.of("siteId", "", "themeId", "retraite"));
        assertEquals("booked", booked.get("result"), String.valueOf(booked));
        assertTrue(((String) booked.get("prompt")).startsWith("Nous vous rappellerons"), String.valueOf(booked));
    }

    @Test
    void outsideOpeningHoursTheCallerHearsWhenToCallBack() throws Exception {
        Environment.setLocally("FIXED_CLOCK", SUNDAY_MORNING);

        Map<String, Object> closed = invoke("ConnectEntryFunction", Map.of(), Map.of());

        assertEquals("closed", closed.get("route"));
        // Saint-Denis de La Réunion opens first (8 h there, 5 h in Metz), but the caller hears the hours of Metz, the
        // site announced, and so its own next opening, in its own time.
        assertEquals("Nos conseillers vous répondent le lundi et le mardi de 9 h à 12 h et de 13 h 30 à 17 h, "
                + "le mercredi de 9 h à 12 h, le jeudi de 9 h à 12 h et de 13 h 30 à 17 h, le vendredi de 9 h à 12 h "
                + "et de 13 h 30 à 16 h. Ils seront à nouveau disponibles demain à 9 h.", closed.get("prompt"));

        // Key 1 at the windows of the callback-offer flow (closed.json offers it to every caller): no theme was chosen, so the general reception list of the default site.
        Map<String, Object> booked = invoke("ConnectCallbackRequestFunction", Map.of("route", "closed", "canWait", "false"),
                Map.of("siteId", "", "themeId", ""));
        assertEquals("booked", booked.get("result"), String.valueOf(booked));
        assertTrue(((String) booked.get("prompt")).startsWith("Nous vous rappellerons"), String.valueOf(booked));
    }

    private static SimulatedQueueLoad load() {
        RunningStack.get();
        return (SimulatedQueueLoad) AppContext.get().queueLoad();
    }

    private static Map<String, Object> state(Map<String, Object> answer) {
        Map<String, Object> state = new LinkedHashMap<>();
        answer.forEach((name, value) -> {
            if (name.startsWith("menu")) {
                state.put(name, value);
            }
        });
        return state;
    }

    private Map<String, Object> invoke(String function, Map<String, Object> attributes, Map<String, Object> parameters) throws Exception {
        Map<String, Object> contact = Map.of("ContactId", "e2e-contact", "Channel", "VOICE", "InitiationMethod", "INBOUND",
                "Attributes", attributes,
                "CustomerEndpoint", Map.of("Address", caller, "Type", "TELEPHONE_NUMBER"),
                "SystemEndpoint", Map.of("Address", "+33970000000", "Type", "TELEPHONE_NUMBER"));
        String event = Json.write(Map.of("Name", "ContactFlowEvent", "Details", Map.of("ContactData", contact, "Parameters", parameters)));
        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke(function))
                .POST(HttpRequest.BodyPublishers.ofString(event)).build());
        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> answer = Json.readObject(response.body());
        assertTrue(!answer.containsKey("safeRoute"), "the walk never needs the safe route: " + answer);
        return answer;
    }
}
