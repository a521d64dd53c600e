package fr.accueil.handlers.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import com.amazonaws.services.lambda.runtime.events.ScheduledEvent;
import fr.accueil.domain.audit.Actor;
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
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.handlers.scheduled.ScheduledReminderSender;
import fr.accueil.handlers.scheduled.ScheduledSlotGenerator;
import fr.accueil.storage.dynamodb.DynamoAuditTrail;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The booking functions fed with the sample events of events/, against DynamoDB Local. The demo
 * directory's CARSAT permanence at Metz-Borny is held every Tuesday, 9:00 to 12:00; the clock is Monday
 * 23 November 2026, so the events' slot of Tuesday 8 December at 9:00 is bookable.
 */
class BookingHandlersIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private static final String TERRITORY = "t-" + UUID.randomUUID();
    private static final DirectoryStore DIRECTORY =
            new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
    private static final BookingContext BOOKING = new BookingContext(TERRITORY, CLOCK, DIRECTORY, STACK.client(),
            STACK.table("BookingTable"), Duration.ofDays(365), new BookingRules(Duration.ofHours(48)),
            "https://accueil.example.fr", null, contacts(CLOCK), null);

    private static final DynamoAuditTrail AUDIT = new DynamoAuditTrail(STACK.client(), STACK.table("ContactsTable"), TERRITORY, CLOCK,
            Duration.ofDays(365));

    private static DynamoContactStore contacts(Clock clock) {
        return new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"), clock, Duration.ofDays(365));
    }

    @BeforeAll
    static void seed() {
        DIRECTORY.save(TERRITORY, new Site("metz-borny", TERRITORY, "France Services Metz-Borny",
                new Address("4 boulevard de Provence", "57070", "Metz"), List.of("57070"), ZoneId.of("Europe/Paris"),
                new WeeklyHours(Map.of(DayOfWeek.TUESDAY, List.of(TimeRange.parse("09:00-12:00")))), List.of(),
                "+33387000000", "metz"));
        DIRECTORY.save(TERRITORY, new Partner("carsat", "CARSAT", "Retraite", List.of("retraite")));
        DIRECTORY.save(TERRITORY, new Theme("retraite", "Retraite", "retraite"));
        DIRECTORY.save(TERRITORY, new Theme("supervision", "Rappel par un responsable", "supervision", true));
        DIRECTORY.save(TERRITORY, new Permanence("carsat-metz", "carsat", "metz-borny", List.of("retraite"),
                new Recurrence.Weekly(Set.of(DayOfWeek.TUESDAY), 1, LocalDate.parse("2026-11-03")),
                TimeRange.parse("09:00-12:00"), 30, 1, Duration.ofHours(2), 60, null, null, Set.of()));
        Map<String, Object> generated = new ScheduledSlotGenerator(BOOKING).handleRequest(
                SampleEvents.read("ScheduledSlotGeneratorFunction.json", ScheduledEvent.class), null);
        assertTrue(((Integer) generated.get("created")) > 40, generated.toString());
        Map<String, Object> again = new ScheduledSlotGenerator(BOOKING).handleRequest(
                SampleEvents.read("ScheduledSlotGeneratorFunction.json", ScheduledEvent.class), null);
        assertEquals(0, again.get("created"), "a second run the same day changes nothing");
    }

    private static APIGatewayV2HTTPEvent event(String name) {
        return SampleEvents.read(name, APIGatewayV2HTTPEvent.class);
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.readObject(response.getBody());
    }

    private static Booking book(String localStart) {
        return BOOKING.service().book(new BookingRequest("carsat-metz#" + localStart, null, "Jeanne Martin",
                "0612345678", null, null, Channel.WEB), UUID.randomUUID().toString(), null);
    }

    /** The sample event pointed at a real appointment and its token. */
    private static APIGatewayV2HTTPEvent manage(String name, String id, String token) {
        APIGatewayV2HTTPEvent event = event(name);
        event.setPathParameters(Map.of("id", id));
        event.setQueryStringParameters(Map.of("token", token));
        return event;
    }

    private ApiManageAppointmentHandler manageHandler() {
        return new ApiManageAppointmentHandler(BOOKING);
    }

    @Test
    @SuppressWarnings("unchecked")
    void partnersAndThemes() throws Exception {
        ApiReadPartnersHandler handler = new ApiReadPartnersHandler(DIRECTORY, TERRITORY);
        List<Map<String, Object>> partners = (List<Map<String, Object>>) json(
                handler.handleRequest(event("ApiReadPartnersFunction.json"), null)).get("partners");
        List<Map<String, Object>> themes = (List<Map<String, Object>>) json(
                handler.handleRequest(event("ApiReadPartnersFunction.themes.json"), null)).get("themes");
        assertEquals("CARSAT", partners.get(0).get("name"));
        assertEquals(List.of(Map.of("id", "retraite", "label", "Retraite")), themes, "no internal theme for citizens");

        APIGatewayV2HTTPEvent forAgents = event("ApiReadPartnersFunction.themes.json");
        forAgents.setQueryStringParameters(Map.of("include", "internal"));
        List<Map<String, Object>> all = (List<Map<String, Object>>) json(handler.handleRequest(forAgents, null)).get("themes");
        assertEquals(List.of(Map.of("id", "supervision", "label", "Rappel par un responsable", "internal", true),
                Map.of("id", "retraite", "label", "Retraite")), all);
        APIGatewayV2HTTPEvent unknown = event("ApiReadPartnersFunction.themes.json");
        unknown.setQueryStringParameters(Map.of("include", "tout"));
        assertEquals(422, handler.handleRequest(unknown, null).getStatusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchesByPartnerOrByPostcode() throws Exception {
        ApiSearchSlotsHandler handler = new ApiSearchSlotsHandler(BOOKING.finder(), DIRECTORY, TERRITORY, BOOKING.rules());
        List<Map<String, Object>> byPartner = (List<Map<String, Object>>) json(
                handler.handleRequest(event("ApiSearchSlotsFunction.json"), null)).get("slots");
        List<Map<String, Object>> byPostcode = (List<Map<String, Object>>) json(
                handler.handleRequest(event("ApiSearchSlotsFunction.postcode.json"), null)).get("slots");
        assertEquals(20, byPartner.size(), "a page");
        assertEquals("2026-12-01T09:00:00+01:00", byPartner.get(0).get("start"));
        assertEquals("2026-11-29T09:00:00+01:00", byPartner.get(0).get("changeableUntil"), "the 48 h rule, before booking");
        assertEquals(byPartner.get(0).get("id"), byPostcode.get(0).get("id"));

        APIGatewayV2HTTPEvent elsewhere = event("ApiSearchSlotsFunction.postcode.json");
        elsewhere.setQueryStringParameters(new HashMap<>(Map.of("theme", "retraite", "postcode", "97400",
                "from", "2026-12-01", "to", "2026-12-31")));
        assertEquals(List.of(), json(handler.handleRequest(elsewhere, null)).get("slots"));

        APIGatewayV2HTTPResponse invalid = handler.handleRequest(event("ApiSearchSlotsFunction.invalid.json"), null);
        assertEquals(422, invalid.getStatusCode());
        List<Map<String, Object>> errors = (List<Map<String, Object>>) json(invalid).get("errors");
        assertEquals(List.of("partner", "from"), errors.stream().map(e -> e.get("field")).toList());
        assertEquals(Map.of("street", "4 boulevard de Provence", "postcode", "57070", "city", "Metz"),
                byPartner.get(0).get("place"), "each slot says where it is held");
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchesByCommuneWhateverTheAccentsAndCase() throws Exception {
        ApiSearchSlotsHandler handler = new ApiSearchSlotsHandler(BOOKING.finder(), DIRECTORY, TERRITORY, BOOKING.rules());
        List<Map<String, Object>> byPostcode = (List<Map<String, Object>>) json(
                handler.handleRequest(event("ApiSearchSlotsFunction.postcode.json"), null)).get("slots");
        APIGatewayV2HTTPResponse byCommune = handler.handleRequest(event("ApiSearchSlotsFunction.commune.json"), null);
        assertEquals(200, byCommune.getStatusCode(), byCommune.getBody());
        assertEquals(byPostcode, json(byCommune).get("slots"), "Metz is the commune of 57070");

        for (String typed : List.of("  metz ", "MÉTZ")) {
            assertEquals(byPostcode, json(handler.handleRequest(commune(typed), null)).get("slots"), typed);
        }
        for (String refused : List.of("Woippy", "-", "x".repeat(65))) {
            APIGatewayV2HTTPResponse answer = handler.handleRequest(commune(refused), null);
            assertEquals(422, answer.getStatusCode(), refused);
            assertEquals("commune", ((List<Map<String, Object>>) json(answer).get("errors")).get(0).get("field"));
        }
        APIGatewayV2HTTPEvent both = commune("Metz");
        both.getQueryStringParameters().put("postcode", "57070");
        assertEquals(422, handler.handleRequest(both, null).getStatusCode(), "a postcode or a commune, not both");
    }

    private static APIGatewayV2HTTPEvent commune(String name) {
        APIGatewayV2HTTPEvent event = event("ApiSearchSlotsFunction.commune.json");
        event.setQueryStringParameters(new HashMap<>(event.getQueryStringParameters()));
        event.getQueryStringParameters().put("commune", name);
        return event;
    }

    @Test
    @SuppressWarnings("unchecked")
    void booksOnceWithTheKeyAndRefusesBadInput() throws Exception {
        ApiBookAppointmentHandler handler = new ApiBookAppointmentHandler(BOOKING);

        APIGatewayV2HTTPResponse booked = handler.handleRequest(event("ApiBookAppointmentFunction.json"), null);
        assertEquals(201, booked.getStatusCode(), booked.getBody());
        Map<String, Object> answer = json(booked);
        String id = (String) ((Map<String, Object>) answer.get("appointment")).get("id");
        assertEquals("/rendez-vous/" + id + "?token=" + answer.get("token"), answer.get("managementLink"));
        assertFalse(answer.containsKey("smsNotice"), "a mobile gets its SMS");

        APIGatewayV2HTTPResponse replay = handler.handleRequest(event("ApiBookAppointmentFunction.json"), null);
        assertEquals(200, replay.getStatusCode());
        assertEquals(id, ((Map<String, Object>) json(replay).get("appointment")).get("id"));

        APIGatewayV2HTTPEvent other = event("ApiBookAppointmentFunction.json");
        other.setHeaders(new HashMap<>(Map.of("idempotency-key", UUID.randomUUID().toString())));
        APIGatewayV2HTTPResponse full = handler.handleRequest(other, null);
        assertEquals(409, full.getStatusCode());
        List<Map<String, Object>> next = (List<Map<String, Object>>) json(full).get("nextSlots");
        assertEquals("carsat-metz#20261124T0900", next.get(0).get("id"), "the next free slots of the permanence");

        APIGatewayV2HTTPResponse invalid = handler.handleRequest(event("ApiBookAppointmentFunction.invalid.json"), null);
        assertEquals(422, invalid.getStatusCode());
        assertEquals(List.of("name", "phone", "email"), ((List<Map<String, Object>>) json(invalid).get("errors"))
                .stream().map(e -> e.get("field")).toList());
        assertEquals(400, handler.handleRequest(event("ApiBookAppointmentFunction.no-key.json"), null).getStatusCode());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aLandlineIsToldAtBookingThatNoSmsWillComeAndOnlyTheEmailLeaves() throws Exception {
        ApiBookAppointmentHandler handler = new ApiBookAppointmentHandler(BOOKING);
        APIGatewayV2HTTPEvent landline = event("ApiBookAppointmentFunction.json");
        landline.setHeaders(new HashMap<>(Map.of("idempotency-key", UUID.randomUUID().toString())));
        String email = "fixe-" + UUID.randomUUID() + "@example.fr";
        landline.setBody("{\"slotId\":\"carsat-metz#20261215T1100\",\"name\":\"Jeanne Fixe\",\"phone\":\"03 87 12 34 56\",\"email\":\""
                + email + "\"}");
        APIGatewayV2HTTPResponse booked = handler.handleRequest(landline, null);
        assertEquals(201, booked.getStatusCode(), booked.getBody());
        Map<String, Object> answer = json(booked);
        assertTrue(String.valueOf(answer.get("smsNotice")).contains("la confirmation et le rappel partent par e-mail"), booked.getBody());
        assertEquals("2026-12-13T11:00:00+01:00", answer.get("changeableUntil"));
        List<String> recipients = BOOKING.outbox().sentOn(CLOCK.instant().atOffset(ZoneOffset.UTC).toLocalDate()).stream()
                .filter(message -> message.to().equals(email) || message.to().equals("+33387123456"))
                .map(message -> message.channel() + " " + message.to()).toList();
        assertEquals(List.of("EMAIL " + email), recipients);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theManagementLinkViewsDownloadsMovesAndCancels() throws Exception {
        Booking booking = book("20261215T0900");
        String id = booking.appointment().id();
        String token = booking.managementToken();

        APIGatewayV2HTTPResponse viewed = manageHandler().handleRequest(manage("ApiManageAppointmentFunction.json", id, token), null);
        assertEquals(200, viewed.getStatusCode());
        assertEquals("Jeanne Martin", ((Map<String, Object>) json(viewed).get("appointment")).get("name"));

        APIGatewayV2HTTPResponse ics = manageHandler().handleRequest(manage("ApiManageAppointmentFunction.calendar.json", id, token), null);
        assertTrue(ics.getHeaders().get("Content-Type").startsWith("text/calendar"));
        assertTrue(ics.getBody().contains("DTSTART:20261215T080000Z"));

        APIGatewayV2HTTPEvent move = manage("ApiManageAppointmentFunction.reschedule.json", id, token);
        move.setBody("{\"slotId\":\"carsat-metz#20261215T0930\"}");
        APIGatewayV2HTTPResponse moved = manageHandler().handleRequest(move, null);
        assertEquals(200, moved.getStatusCode(), moved.getBody());
        assertEquals("carsat-metz#20261215T0930", ((Map<String, Object>) json(moved).get("appointment")).get("slotId"));

        APIGatewayV2HTTPResponse cancelled = manageHandler().handleRequest(manage("ApiManageAppointmentFunction.cancel.json", id, token), null);
        assertEquals("CANCELLED", ((Map<String, Object>) json(cancelled).get("appointment")).get("status"));

        // Moving a cancelled appointment meets a rule, not bad input: worded as such in the problem.
        APIGatewayV2HTTPEvent moveAgain = manage("ApiManageAppointmentFunction.reschedule.json", id, token);
        moveAgain.setBody("{\"slotId\":\"carsat-metz#20261215T1000\"}");
        APIGatewayV2HTTPResponse again = manageHandler().handleRequest(moveAgain, null);
        assertEquals(422, again.getStatusCode());
        Map<String, Object> problem = json(again);
        assertEquals("https://accueil.example.fr/problemes/regle-metier", problem.get("type"));
        assertEquals("Demande impossible", problem.get("title"));
        assertEquals("Ce rendez-vous n’est plus actif.", problem.get("detail"));
    }

    @Test
    void aWrongTokenIsTheSame404AsAnUnknownAppointment() {
        Booking booking = book("20261215T1000");
        APIGatewayV2HTTPResponse wrong = manageHandler().handleRequest(
                manage("ApiManageAppointmentFunction.wrong-token.json", booking.appointment().id(), "not-the-token"), null);
        APIGatewayV2HTTPResponse unknown = manageHandler().handleRequest(event("ApiManageAppointmentFunction.json"), null);
        assertEquals(404, wrong.getStatusCode());
        assertEquals(unknown.getStatusCode(), wrong.getStatusCode());
        assertEquals(unknown.getBody(), wrong.getBody());
        APIGatewayV2HTTPResponse cancel = manageHandler().handleRequest(
                manage("ApiManageAppointmentFunction.cancel.json", booking.appointment().id(), "not-the-token"), null);
        assertEquals(404, cancel.getStatusCode());
        assertEquals("BOOKED", BOOKING.appointments().find(booking.appointment().id()).orElseThrow().status().name());
    }

    @Test
    @SuppressWarnings("unchecked")
    void agentsListBookForCallersAndRecordAttendance() throws Exception {
        ApiAgentAppointmentsHandler handler =
                new ApiAgentAppointmentsHandler(BOOKING, AUDIT);
        assertEquals(401, handler.handleRequest(event("ApiAgentAppointmentsFunction.no-claims.json"), null).getStatusCode());

        APIGatewayV2HTTPEvent forCaller = event("ApiAgentAppointmentsFunction.book.json");
        forCaller.setBody("{\"slotId\":\"carsat-metz#20261208T1000\",\"name\":\"Paul Durand\",\"phone\":\"+33387654321\",\"channel\":\"phone\"}");
        APIGatewayV2HTTPResponse booked = handler.handleRequest(forCaller, null);
        assertEquals(201, booked.getStatusCode(), booked.getBody());
        String id = (String) ((Map<String, Object>) json(booked).get("appointment")).get("id");
        assertEquals("phone", ((Map<String, Object>) json(booked).get("appointment")).get("channel"));

        List<Map<String, Object>> day = (List<Map<String, Object>>) json(
                handler.handleRequest(event("ApiAgentAppointmentsFunction.json"), null)).get("appointments");
        assertTrue(day.stream().anyMatch(a -> id.equals(a.get("id")) && "Paul Durand".equals(a.get("name"))));

        APIGatewayV2HTTPEvent excused = event("ApiAgentAppointmentsFunction.attendance.json");
        excused.setPathParameters(Map.of("id", id));
        excused.setBody("{\"status\":\"EXCUSED\"}");
        APIGatewayV2HTTPResponse recorded = handler.handleRequest(excused, null);
        assertEquals(200, recorded.getStatusCode(), recorded.getBody());
        // Who booked and who noted the attendance: in the citizen's history and in the audit trail.
        String agentSub = "7d3f1c2a-0b5e-4c1d-9a8e-2f6b4c3d1e0a";
        List<fr.accueil.domain.contact.Interaction> history = contacts(CLOCK).history("+33387654321", 10).stream()
                .filter(i -> id.equals(i.details().get("appointmentId"))).toList();
        // Both at the test's fixed instant: their order in the history is the random ids'.
        assertEquals(List.of("appointment-attendance", "appointment-booked"), history.stream().map(i -> i.kind()).sorted().toList());
        assertTrue(history.stream().allMatch(i -> agentSub.equals(i.details().get("actorSub"))
                && "agent@example.fr".equals(i.details().get("actorName"))), history.toString());
        List<fr.accueil.domain.audit.AuditEntry> audit = AUDIT.between(CLOCK.instant().minusSeconds(1), CLOCK.instant().plusSeconds(1), 10);
        assertEquals(List.of("appointment-attendance", "appointment-booked"),
                audit.stream().map(e -> e.action()).sorted().toList());
        assertTrue(audit.stream().allMatch(e -> e.actor().equals(new Actor(agentSub, "agent@example.fr"))
                && !e.details().toString().contains("87654321")), audit.toString());

        // Attendance is told once the slot has started: on 23 November, not yet for 8 December.
        APIGatewayV2HTTPEvent attended = event("ApiAgentAppointmentsFunction.attendance.json");
        attended.setPathParameters(Map.of("id", book("20261208T1100").appointment().id()));
        assertEquals(422, handler.handleRequest(attended, null).getStatusCode());
    }

    @Test
    void remindsTomorrowsAppointments() {
        Clock monday = Clock.fixed(Instant.parse("2026-11-30T16:00:00Z"), ZoneOffset.UTC);
        BookingContext onMonday = new BookingContext(TERRITORY, monday, DIRECTORY, STACK.client(),
                STACK.table("BookingTable"), Duration.ofDays(365), new BookingRules(Duration.ofHours(48)),
                "https://accueil.example.fr", null, contacts(monday), null);
        book("20261201T1130");
        Map<String, Object> sent = new ScheduledReminderSender(onMonday).handleRequest(
                SampleEvents.read("ScheduledReminderSenderFunction.json", ScheduledEvent.class), null);
        assertEquals(1, sent.get("reminded"));
        assertFalse(onMonday.outbox().sentOn(LocalDate.parse("2026-11-30")).isEmpty());
    }
}
