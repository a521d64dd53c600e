package fr.accueil.handlers.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.Booking;
import fr.accueil.domain.booking.BookingRequest;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.satisfaction.AppointmentSurvey;
import fr.accueil.domain.satisfaction.SatisfactionStats;
import fr.accueil.domain.satisfaction.VoiceSurvey;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.handlers.connect.ConnectSurveyHandler;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoOutbox;
import fr.accueil.storage.dynamodb.DynamoSatisfactionStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The lobby board, the mobile site's stops and the satisfaction surveys, through their handlers fed from events/,
 * against DynamoDB Local. Monday 23 November 2026, 10:00 in Moselle; the bus stops at Volmunster on Tuesday
 * 24 (9:00-12:00), at Lemberg on Tuesday 1 December (13:30-16:30) and at Rohrbach-lès-Bitche on Monday 7 December.
 */
class SatisfactionAndBoardIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    /** Tuesday 24 November, 12:00 in Moselle: the morning's appointments are over. */
    private static final Clock AFTERWARDS = Clock.fixed(Instant.parse("2026-11-24T11:00:00Z"), ZoneOffset.UTC);
    private static final String TERRITORY = "t-" + UUID.randomUUID();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DirectoryStore DIRECTORY =
            new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
    private static final BookingContext BOOKING = new BookingContext(TERRITORY, CLOCK, DIRECTORY, STACK.client(),
            STACK.table("BookingTable"), Duration.ofDays(365), new BookingRules(Duration.ofHours(48)),
            "https://accueil.example.fr", null,
            new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"), CLOCK, Duration.ofDays(365)), null);
    private static final DynamoSatisfactionStore SATISFACTION = new DynamoSatisfactionStore(STACK.client(),
            STACK.table("SatisfactionTable"), CLOCK, Duration.ofDays(365));
    private static final Address VOLMUNSTER = new Address("Parking de la salle des fêtes", "57720", "Volmunster");
    private static final Address ROHRBACH = new Address("Place de la mairie", "57410", "Rohrbach-lès-Bitche");
    private static final Address LEMBERG = new Address("Place de l'église", "57620", "Lemberg");

    @BeforeAll
    static void seed() {
        DIRECTORY.save(TERRITORY, new Site("bus-pays-de-bitche", TERRITORY, "France Services itinérante",
                new Address("4 rue du Général Stuhl", "57230", "Bitche"), List.of(), PARIS, new WeeklyHours(Map.of()),
                List.of(), "+33387000505", null, true, List.of(
                        new Stop(LocalDate.parse("2026-11-24"), TimeRange.parse("09:00-12:00"), VOLMUNSTER, false),
                        new Stop(LocalDate.parse("2026-12-01"), TimeRange.parse("13:30-16:30"), LEMBERG, false),
                        new Stop(LocalDate.parse("2026-12-07"), TimeRange.parse("09:00-12:00"), ROHRBACH, false))));
        DIRECTORY.save(TERRITORY, new Site("metz-borny", TERRITORY, "France Services Metz-Borny",
                new Address("4 boulevard de Provence", "57070", "Metz"), List.of("57070"), PARIS, new WeeklyHours(Map.of()),
                List.of(), "+33387000000", "metz"));
        DIRECTORY.save(TERRITORY, new Partner("france-services", "France Services", "Toutes démarches", List.of("retraite")));
        DIRECTORY.save(TERRITORY, new Theme("retraite", "Retraite", "retraite"));
        DIRECTORY.save(TERRITORY, new Permanence("fs-bus", "france-services", "bus-pays-de-bitche", List.of("retraite"),
                new Recurrence.Weekly(Set.of(DayOfWeek.values()), 1, LocalDate.parse("2026-11-02")),
                TimeRange.parse("09:00-17:00"), 30, 1, Duration.ofHours(2), 60, null, null, Set.of(), 5));
        BOOKING.regenerateAll();
    }

    private static APIGatewayV2HTTPEvent event(String name) {
        return SampleEvents.read(name, APIGatewayV2HTTPEvent.class);
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.readObject(response.getBody());
    }

    private static Booking book(String localStart) {
        return BOOKING.service().book(new BookingRequest("fs-bus#" + localStart, null, "Jeanne Martin",
                "0612345678", null, null, Channel.WEB), UUID.randomUUID().toString(), null);
    }

    private static List<DynamoOutbox.SentMessage> messagesAbout(String text) {
        return BOOKING.outbox().sentOn(LocalDate.parse("2026-11-23")).stream()
                .filter(message -> message.text().contains(text)).toList();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theBoardShowsTodayAndTomorrowAtTheStopWithoutPersonalData() throws Exception {
        ApiSiteBoardHandler handler = new ApiSiteBoardHandler(BOOKING.board());
        APIGatewayV2HTTPResponse response = handler.handleRequest(event("ApiSiteBoardFunction.mobile.json"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        List<Map<String, Object>> days = (List<Map<String, Object>>) json(response).get("days");
        assertEquals(List.of("Aujourd’hui, lundi 23 novembre", "Demain, mardi 24 novembre"),
                days.stream().map(day -> day.get("label")).toList());
        assertEquals(List.of(), days.get(0).get("permanences"));
        Map<String, Object> tomorrow = ((List<Map<String, Object>>) days.get(1).get("permanences")).get(0);
        assertEquals("France Services", tomorrow.get("partner"));
        assertEquals("de 9 h 00 à 12 h 00", tomorrow.get("hours"));
        assertEquals("Volmunster", ((Map<String, Object>) tomorrow.get("place")).get("city"));
        assertEquals(5, ((Number) tomorrow.get("walkInPlaces")).intValue());
        assertTrue(((Number) tomorrow.get("bookable")).intValue() >= 5);
        assertFalse(response.getBody().contains("Jeanne"));

        assertEquals(404, handler.handleRequest(event("ApiSiteBoardFunction.unknown-site.json"), null).getStatusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPostcodeSearchOffersTheBusOnlyAtItsStopThere() throws Exception {
        ApiSearchSlotsHandler handler = new ApiSearchSlotsHandler(BOOKING.finder(), DIRECTORY, TERRITORY, BOOKING.rules());
        APIGatewayV2HTTPEvent search = event("ApiSearchSlotsFunction.postcode.json");
        search.setQueryStringParameters(new HashMap<>(Map.of("partner", "france-services", "postcode", "57410",
                "from", "2026-11-23", "to", "2026-12-31", "pageSize", "50")));
        List<Map<String, Object>> slots = (List<Map<String, Object>>) json(handler.handleRequest(search, null)).get("slots");

        assertFalse(slots.isEmpty());
        assertTrue(slots.stream().allMatch(slot -> slot.get("start").toString().startsWith("2026-12-07")), slots.toString());
        assertEquals("Place de la mairie", ((Map<String, Object>) slots.get(0).get("place")).get("street"));

        // The commune of the stop, typed without its accent nor its hyphens: the same slots, found by key.
        search.getQueryStringParameters().remove("postcode");
        search.getQueryStringParameters().put("commune", "rohrbach les bitche");
        assertEquals(slots, json(handler.handleRequest(search, null)).get("slots"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aBusAppointmentIsAtTheStopOfItsDayForTheCitizenAndTheAgents() throws Exception {
        Booking booked = book("20261201T1400");
        APIGatewayV2HTTPEvent view = event("ApiManageAppointmentFunction.json");
        view.setPathParameters(Map.of("id", booked.appointment().id()));
        view.setQueryStringParameters(Map.of("token", booked.managementToken()));
        Map<String, Object> seen = (Map<String, Object>) json(new ApiManageAppointmentHandler(BOOKING).handleRequest(view, null))
                .get("appointment");
        assertEquals(Map.of("street", LEMBERG.street(), "postcode", "57620", "city", "Lemberg"), seen.get("place"));

        APIGatewayV2HTTPEvent day = event("ApiAgentAppointmentsFunction.json");
        day.setQueryStringParameters(Map.of("site", "bus-pays-de-bitche", "date", "2026-12-01"));
        List<Map<String, Object>> list = (List<Map<String, Object>>) json(new ApiAgentAppointmentsHandler(BOOKING, new fr.accueil.storage.dynamodb.DynamoAuditTrail(STACK.client(), STACK.table("ContactsTable"), TERRITORY, CLOCK, java.time.Duration.ofDays(365)))
                .handleRequest(day, null)).get("appointments");
        assertTrue(list.stream().anyMatch(a -> booked.appointment().id().equals(a.get("id"))
                && "Lemberg".equals(((Map<String, Object>) a.get("place")).get("city"))), list.toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aCancelledStopCancelsItsAppointmentsAndTellsTheCitizensWhere() throws Exception {
        Booking booked = book("20261207T1000");
        ApiAgentStopsHandler handler = new ApiAgentStopsHandler(BOOKING.stopCancellation(), new fr.accueil.storage.dynamodb.DynamoAuditTrail(STACK.client(), STACK.table("ContactsTable"), TERRITORY, CLOCK, java.time.Duration.ofDays(365)), CLOCK);

        APIGatewayV2HTTPResponse response = handler.handleRequest(event("ApiAgentStopsFunction.json"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(1, ((Number) json(response).get("bookedSlotsCancelled")).intValue());
        assertEquals("CANCELLED", BOOKING.appointments().find(booked.appointment().id()).orElseThrow().status().name());
        assertTrue(messagesAbout("Nous devons annuler").stream().anyMatch(message ->
                message.text().contains("Place de la mairie, 57410 Rohrbach-lès-Bitche")));
        assertEquals(0, ((Number) json(handler.handleRequest(event("ApiAgentStopsFunction.json"), null))
                .get("bookedSlotsCancelled")).intValue(), "repeating it changes nothing more");

        assertEquals(422, handler.handleRequest(event("ApiAgentStopsFunction.not-mobile.json"), null).getStatusCode());
        APIGatewayV2HTTPEvent anonymous = event("ApiAgentStopsFunction.json");
        anonymous.getRequestContext().setAuthorizer(null);
        assertEquals(401, handler.handleRequest(anonymous, null).getStatusCode());
        APIGatewayV2HTTPEvent longId = event("ApiAgentStopsFunction.json");
        longId.setPathParameters(Map.of("siteId", "b".repeat(5000), "date", "2026-12-07"));
        assertEquals(404, handler.handleRequest(longId, null).getStatusCode(), "an id too long to be one names nothing");
    }

    @Test
    @SuppressWarnings("unchecked")
    void afterTheAppointmentOneLinkOneAnswerCountedInTheStatistics() throws Exception {
        Booking booked = book("20261124T0930");
        String id = booked.appointment().id();
        AppointmentSurvey survey = new AppointmentSurvey(TERRITORY, DIRECTORY, BOOKING.appointments(), SATISFACTION,
                BOOKING.outbox(), BOOKING.messages(), Duration.ofDays(14), AFTERWARDS);

        assertEquals(new AppointmentSurvey.Sent(1, 0), survey.sendInvitations());
        assertEquals(new AppointmentSurvey.Sent(0, 0), survey.sendInvitations(), "once per appointment");
        List<DynamoOutbox.SentMessage> sent = messagesAbout("/avis.html?rdv=" + id);
        assertEquals(1, sent.size());
        Matcher link = Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(sent.get(0).text());
        assertTrue(link.find());
        String token = link.group(1);

        ApiSurveyHandler handler = new ApiSurveyHandler(survey);
        APIGatewayV2HTTPResponse view = handler.handleRequest(survey("ApiSurveyFunction.json", id, token, null), null);
        assertEquals(200, view.getStatusCode(), view.getBody());
        assertEquals(Map.of("partner", "France Services", "site", "France Services itinérante", "date", "2026-11-24",
                "answered", false, "expires", "2026-12-08T11:00:00Z"), json(view));

        assertEquals(404, handler.handleRequest(survey("ApiSurveyFunction.json", id, token + "x", null), null).getStatusCode());
        assertEquals(404, handler.handleRequest(survey("ApiSurveyFunction.answer.json", id, "wrong", "{\"score\":4}"), null)
                .getStatusCode());
        assertEquals(422, handler.handleRequest(survey("ApiSurveyFunction.answer.json", id, token, "{\"score\":9}"), null)
                .getStatusCode());
        assertEquals(201, handler.handleRequest(survey("ApiSurveyFunction.answer.json", id, token, "{\"score\":4}"), null)
                .getStatusCode());
        assertEquals(409, handler.handleRequest(survey("ApiSurveyFunction.answer.json", id, token, "{\"score\":1}"), null)
                .getStatusCode());
        assertEquals(true, json(handler.handleRequest(survey("ApiSurveyFunction.json", id, token, null), null)).get("answered"));

        APIGatewayV2HTTPEvent statsEvent = event("ApiSatisfactionStatsFunction.json");
        statsEvent.setQueryStringParameters(Map.of("from", "2026-11-01", "to", "2026-11-30", "site", "bus-pays-de-bitche"));
        APIGatewayV2HTTPResponse stats = new ApiSatisfactionStatsHandler(new SatisfactionStats(SATISFACTION))
                .handleRequest(statsEvent, null);
        assertEquals(200, stats.getStatusCode(), stats.getBody());
        Map<String, Object> figures = json(stats);
        Map<String, Object> satisfaction = (Map<String, Object>) figures.get("satisfaction");
        assertEquals(1, ((Number) satisfaction.get("count")).intValue());
        assertEquals(4.0, ((Number) satisfaction.get("average")).doubleValue());
        assertEquals(1, ((Number) ((Map<String, Object>) satisfaction.get("distribution")).get("4")).intValue());
        Map<String, Object> by = (Map<String, Object>) figures.get("by");
        assertEquals(Set.of("channel", "partner", "theme"), by.keySet());
        assertTrue(((Map<String, Object>) by.get("channel")).containsKey("appointment"));
        assertFalse(stats.getBody().contains("Jeanne") || stats.getBody().contains("+336"));

        APIGatewayV2HTTPResponse badDates = new ApiSatisfactionStatsHandler(new SatisfactionStats(SATISFACTION))
                .handleRequest(event("ApiSatisfactionStatsFunction.bad-dates.json"), null);
        assertEquals(422, badDates.getStatusCode());
    }

    private static APIGatewayV2HTTPEvent survey(String name, String id, String token, String body) {
        APIGatewayV2HTTPEvent event = event(name);
        event.setPathParameters(Map.of("id", id));
        event.setQueryStringParameters(Map.of("token", token));
        if (body != null) {
            event.setBody(body);
        }
        return event;
    }

    @Test
    void theVoiceSurveyRecordsOnceOffersASupervisorOnALowScoreAndNeverFails() throws Exception {
        ConnectSurveyHandler handler = new ConnectSurveyHandler(new VoiceSurvey(SATISFACTION), DIRECTORY,
                new fr.accueil.handlers.TerritoryVoices(TERRITORY, List::of, DIRECTORY,
                        new fr.accueil.storage.dynamodb.DynamoVoiceMenuStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK)), CLOCK);

        Map<String, Object> first = invoke(handler, "ConnectSurveyFunction.low-score.json");
        assertEquals(Map.of("recorded", "true", "lowScore", "true", "prompt", VoiceSurvey.SUPERVISOR_OFFER), first);
        assertEquals("false", invoke(handler, "ConnectSurveyFunction.low-score.json").get("recorded"), "one answer per call");
        assertEquals(Map.of("recorded", "false", "lowScore", "false", "prompt", VoiceSurvey.SKIPPED),
                invoke(handler, "ConnectSurveyFunction.skipped.json"));
        Map<String, Object> malformed = invoke(handler, "ConnectSurveyFunction.malformed.json");
        assertEquals(List.of("false", VoiceSurvey.SKIPPED), List.of(malformed.get("recorded"), malformed.get("prompt")));

        // A call whose territory the stack does not serve (a regional number's attribute, forged or stale): skipped.
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(new String(SampleEvents.bytes("ConnectSurveyFunction.json"), StandardCharsets.UTF_8)
                .replace("\"Attributes\": {", "\"Attributes\": {\"territoryId\": \"creuse-sud\",").getBytes(StandardCharsets.UTF_8)), out, null);
        assertEquals(Map.of("recorded", "false", "lowScore", "false", "prompt", VoiceSurvey.SKIPPED, "safeRoute", "true"),
                Json.readObject(out.toString(StandardCharsets.UTF_8)));
    }

    private static Map<String, Object> invoke(ConnectSurveyHandler handler, String event) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(SampleEvents.bytes(event)), out, null);
        return Json.readObject(out.toString(StandardCharsets.UTF_8));
    }
}
