package fr.accueil.handlers.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.Booking;
import fr.accueil.domain.booking.BookingRequest;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.CallbackRecorder;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.callback.CallbackScheduler;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.RetryPolicy;
import fr.accueil.domain.callback.SchedulingRules;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.domain.privacy.ContactRecords;
import fr.accueil.domain.queue.QueueStatistics;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.domain.satisfaction.SurveyAnswer;
import fr.accueil.domain.satisfaction.SurveyChannel;
import fr.accueil.domain.stats.Histogram;
import fr.accueil.domain.stats.QualityCounters;
import fr.accueil.domain.stats.QualityStatistics;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.MeteredContactStore;
import fr.accueil.handlers.TerritoryVoices;
import fr.accueil.handlers.api.ApiAgentContactsHandler;
import fr.accueil.handlers.api.ApiStatsHandler;
import fr.accueil.handlers.connect.ConnectEntryHandler;
import fr.accueil.handlers.connect.ConnectHandler;
import fr.accueil.handlers.connect.ConnectMenuHandler;
import fr.accueil.storage.dynamodb.DynamoCallbackStore;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoPersonalDataEraser;
import fr.accueil.storage.dynamodb.DynamoQueueStatsStore;
import fr.accueil.storage.dynamodb.DynamoSatisfactionStore;
import fr.accueil.storage.dynamodb.DynamoStatsStore;
import fr.accueil.storage.dynamodb.DynamoVoiceMenuStore;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A scripted day through the real services on DynamoDB Local, at fixed times: calls driven through the two
 * Connect functions as the contact flows drive them (the entry, then the menu key by key, withheld numbers
 * included), callbacks requested, reached, failed and retried, appointments booked, cancelled, then attended or
 * not a week later. The figures of {@code GET /api/stats} must equal the counts recomputed from the stored
 * history of every contact of the script, for the territory, a site and a theme.
 */
class ScriptedDayIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Tuesday 5 March 2030, 8:00 in Metz. */
    private static final Instant DAY_ONE = LocalDateTime.parse("2030-03-05T08:00").atZone(PARIS).toInstant();

    private final MovableClock clock = new MovableClock(DAY_ONE);
    private final String territory = "t-" + UUID.randomUUID();
    private final DirectoryStore directory = new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), clock);
    private final QualityCounters counters = new QualityCounters(territory, directory, clock);
    private final DynamoStatsStore stats = new DynamoStatsStore(STACK.client(), STACK.table("StatsTable"));
    private final DynamoSatisfactionStore satisfaction = new DynamoSatisfactionStore(STACK.client(),
            STACK.table("SatisfactionTable"), clock, Duration.ofDays(365));
    private final ContactStore contacts = new MeteredContactStore(new DynamoContactStore(STACK.client(),
            STACK.table("ContactsTable"), clock, Duration.ofDays(365), counters, stats), counters);
    private final BookingContext booking = new BookingContext(territory, clock, directory, STACK.client(),
            STACK.table("BookingTable"), Duration.ofDays(365), new BookingRules(Duration.ofHours(48)),
            "https://accueil.example.fr", null, contacts, null);
    private final SiteCalendar calendar = new SiteCalendar(new FrenchHolidays());
    private final DynamoCallbackStore callbackStore = new DynamoCallbackStore(STACK.client(), STACK.table("CallbacksTable"),
            clock, Duration.ofDays(365));
    private final CallbackService callbacks = new CallbackService(callbackStore,
            new CallbackScheduler(calendar, callbackStore, SchedulingRules.defaults()),
            new CallbackRecorder(callbackStore, contacts, new SiteDirectory(directory, territory), calendar, RetryPolicy.defaults()),
            Duration.ofMinutes(15), clock);
    private final TerritoryVoices voice = new TerritoryVoices(territory, List::of, directory,
            new DynamoVoiceMenuStore(STACK.client(), STACK.table("DirectoryTable"), clock));
    private final ConnectQueues queues = new ConnectQueues(Map.of(), "arn:aws:connect:eu-central-1:123456789012:instance/i/queue/general");
    private final ConnectEntryHandler entry = new ConnectEntryHandler(voice, contacts, queues, new SimulatedQueueLoad(), clock);
    private final ConnectMenuHandler menu = new ConnectMenuHandler(voice, contacts, queues, new SimulatedQueueLoad(), clock);
    /** Every contact the script touched, to recompute the figures from their history. */
    private final List<String> people = new ArrayList<>();
    /** What the functions recorded of withheld calls: counted, kept in no history, so known from their answers. */
    private final List<Interaction> withheld = new ArrayList<>();
    private final String prefix = "+3361" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));

    private Site metz;
    private final Theme retraite = new Theme("retraite", "Retraite", "retraite");

    private void seed() {
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : List.of(DayOfWeek.MONDAY, DayOfWeek.TUESDAY, DayOfWeek.WEDNESDAY, DayOfWeek.THURSDAY, DayOfWeek.FRIDAY)) {
            hours.put(day, List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("13:30-17:00")));
        }
        metz = new Site("metz-borny", territory, "France Services Metz-Borny", new Address("2 rue Théodore de Gargan", "57070", "Metz"),
                List.of("57070"), PARIS, new WeeklyHours(hours), List.of(), null, "site-metz-borny");
        directory.save(territory, metz);
        // Open in the afternoon only: its regulars calling in the morning go through the menu, their site known.
        Map<DayOfWeek, List<TimeRange>> afternoons = new EnumMap<>(DayOfWeek.class);
        hours.keySet().forEach(day -> afternoons.put(day, List.of(TimeRange.parse("14:00-17:00"))));
        directory.save(territory, new Site("sarreguemines", territory, "France Services Sarreguemines",
                new Address("1 rue de la Paix", "57200", "Sarreguemines"), List.of("57200"), PARIS, new WeeklyHours(afternoons),
                List.of(), null, "site-sarreguemines"));
        directory.save(territory, new Partner("carsat", "CARSAT", "Retraite", List.of("retraite")));
        directory.save(territory, retraite);
        directory.save(territory, new Theme("emploi", "Emploi", "emploi"));
        try {
            DynamoVoiceMenuStore voiceMenus = new DynamoVoiceMenuStore(STACK.client(), STACK.table("DirectoryTable"), clock);
            Map<String, Object> demo = Json.readObject(Files.readString(EmbeddedStack.repositoryRoot().resolve("seed/demo-territory.json")));
            voiceMenus.save(territory, MenuFormat.parse(demo.get("menu")));
            voiceMenus.save(territory, RoutingRules.parse(demo.get("routing")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        directory.save(territory, new Permanence("carsat-metz", "carsat", "metz-borny", List.of("retraite"),
                new Recurrence.Weekly(Set.of(DayOfWeek.TUESDAY), 1, LocalDate.parse("2030-01-01")),
                TimeRange.parse("09:00-12:00"), 30, 2, Duration.ofHours(2), 60, null, null, Set.of()));
        booking.regenerateAll();
    }

    private String person(int n) {
        String phone = prefix + String.format("%02d", n);
        people.add(phone);
        return phone;
    }

    private void at(String localTime, LocalDate day) {
        clock.set(LocalDateTime.of(day, java.time.LocalTime.parse(localTime)).atZone(PARIS).toInstant());
    }

    /** A regular of a site: known to the entry function, which tells the menu function the site. */
    private String regular(int n, String siteId) {
        String phone = person(n);
        contacts.save(new Contact(phone, null, null, siteId, "fr"));
        return phone;
    }

    /**
     * One call as the contact flows make it: the entry function, then — when it routes to the menu — the menu
     * function once per key, each answer's fields kept as contact attributes (KeepRoute, KeepStep). Every key but
     * the last asks again; the last leaves the menu; no key at all is a caller who hangs up at the menu.
     *
     * @param phone null for a withheld number
     * @return the entry's route, or the menu's last action
     */
    private String call(String phone, String... keys) throws IOException {
        Map<String, String> attributes = new HashMap<>(invoke(entry, phone, new HashMap<>(), Map.of()));
        String route = attributes.get("route");
        if (phone == null) {
            withheld.add(new Interaction(UUID.randomUUID().toString(), null, clock.instant(), "phone", "call", Map.of("route", route)));
        }
        if (!"menu".equals(route)) {
            assertEquals(0, keys.length, "no menu on the route " + route);
            return route;
        }
        String action = "ask";
        for (int i = 0; i < keys.length; i++) {
            assertEquals("ask", action, "the menu was left before key " + keys[i]);
            attributes.putAll(invoke(menu, phone, attributes, Map.of("digits", keys[i])));
            action = attributes.get("action");
        }
        assertTrue(keys.length == 0 || !"ask".equals(action), "the script's last key leaves the menu: " + attributes);
        if (phone == null && keys.length > 0) {
            Map<String, String> choice = new HashMap<>(Map.of("action", action));
            if (!attributes.get("theme").isEmpty()) {
                choice.put("theme", attributes.get("theme"));
            }
            withheld.add(new Interaction(UUID.randomUUID().toString(), null, clock.instant(), "phone", "menu-choice", choice));
        }
        return action;
    }

    /** The function's answer to the ContactFlowEvent Connect sends it. */
    private static Map<String, String> invoke(ConnectHandler handler, String phone, Map<String, String> attributes,
            Map<String, String> parameters) throws IOException {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("Attributes", attributes);
        contact.put("Channel", "VOICE");
        contact.put("ContactId", UUID.randomUUID().toString());
        contact.put("CustomerEndpoint", Map.of("Address", phone == null ? "anonymous" : phone, "Type", "TELEPHONE_NUMBER"));
        contact.put("InitiationMethod", "INBOUND");
        Map<String, Object> event = Map.of("Name", "ContactFlowEvent", "Details", Map.of("ContactData", contact, "Parameters", parameters));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)), out, null);
        Map<String, String> answer = new LinkedHashMap<>();
        Json.readObject(out.toString(StandardCharsets.UTF_8)).forEach((k, v) -> answer.put(k, (String) v));
        assertFalse(answer.containsKey("safeRoute"), "the script takes no safe route: " + answer);
        return answer;
    }

    private String callback(String phone) {
        return callbacks.request(new CallbackRequest(metz, retraite, phone, null, "contact-" + phone, null)).callback().id();
    }

    private Booking book(String slot, String phone, String email) {
        return booking.service().book(new BookingRequest("carsat-metz#" + slot, null, "Jeanne Martin", phone, email, null,
                Channel.WEB), UUID.randomUUID().toString(), null);
    }

    @Test
    void theFiguresEqualTheCountsRecomputedFromTheHistory() throws Exception {
        seed();
        LocalDate tuesday = LocalDate.parse("2030-03-05");
        // Calls at 9:05, Metz-Borny open, Sarreguemines not before 14:00: regulars of Sarreguemines go through the menu
        // (their site known), a regular of Metz-Borny straight to its queue. Through the menu: four to a queue, one offered
        // a callback, one hangs up after the information, one put through to a person after three wrong keys, two
        // abandoned before a choice; then two closed calls in the evening. Two numbers are withheld.
        at("09:05", tuesday);
        assertEquals("queue", call(regular(1, "sarreguemines"), "2", "1"));
        assertEquals("queue", call(person(2), "2", "1"));
        assertEquals("queue", call(regular(3, "sarreguemines"), "2", "3"));
        assertEquals("callback", call(person(4), "4", "2", "3"));
        assertEquals("hangup", call(regular(5, "sarreguemines"), "4", "3"));
        assertEquals("person", call(regular(16, "sarreguemines"), "8", "8", "8"));
        assertEquals("ask", call(regular(6, "sarreguemines")));
        assertEquals("ask", call(person(7)));
        assertEquals("queue", call(regular(8, "metz-borny")));
        assertEquals("queue", call(null, "2", "1"));
        at("18:30", tuesday);
        assertEquals("closed", call(person(9)));
        assertEquals("closed", call(null));

        // Callbacks: four requested at 9:10; one reached 20 minutes later, one after three hours, one wrong number,
        // one busy (tried again later).
        at("09:10", tuesday);
        String quick = callback(prefix + "04");
        String slow = callback(person(10));
        String wrong = callback(person(11));
        String busy = callback(person(12));
        at("09:30", tuesday);
        callbacks.claim(quick, "agent-1");
        callbacks.complete(quick, new Actor("agent-1", null), CallOutcome.REACHED, null);
        callbacks.claim(wrong, "agent-1");
        callbacks.complete(wrong, new Actor("agent-1", null), CallOutcome.WRONG_NUMBER, null);
        callbacks.claim(busy, "agent-1");
        callbacks.complete(busy, new Actor("agent-1", null), CallOutcome.BUSY, null);
        at("12:05", tuesday);
        callbacks.claim(slow, "agent-2");
        callbacks.complete(slow, new Actor("agent-2", null), CallOutcome.REACHED, null);

        // Appointments for next Tuesday: five booked (one by email only), one cancelled.
        at("10:00", tuesday);
        Booking a1 = book("20300312T0900", person(13), null);
        Booking a2 = book("20300312T0900", person(14), null);
        Booking a3 = book("20300312T0930", person(15), null);
        Booking a4 = book("20300312T1000", null, "usager" + prefix.substring(1) + "@example.fr");
        people.add(("usager" + prefix.substring(1) + "@example.fr"));
        Booking a5 = book("20300319T1100", prefix + "01", null);
        at("15:00", tuesday);
        booking.service().cancel(a5.appointment().id(), a5.managementToken());

        // A week later, once the slots have started: two came, one did not, one was first marked present by mistake.
        LocalDate nextTuesday = LocalDate.parse("2030-03-12");
        at("12:00", nextTuesday);
        booking.service().recordAttendance(a1.appointment().id(), AppointmentStatus.ATTENDED, new Actor("agent-1", null));
        booking.service().recordAttendance(a2.appointment().id(), AppointmentStatus.NO_SHOW, new Actor("agent-1", null));
        booking.service().recordAttendance(a3.appointment().id(), AppointmentStatus.ATTENDED, new Actor("agent-1", null));
        at("12:01", nextTuesday);
        booking.service().recordAttendance(a3.appointment().id(), AppointmentStatus.NO_SHOW, new Actor("agent-1", null));
        booking.service().recordAttendance(a4.appointment().id(), AppointmentStatus.ATTENDED, new Actor("agent-1", null));

        Map<String, Object> all = statsJson(Map.of("from", "2030-03-05", "to", "2030-03-12"));
        Map<String, Object> figures = figures(all);
        assertRecomputed(recomputed(d -> true), figures, "territory");
        assertEquals(2, number(figures.get("abandonedBeforeChoice")));
        assertEquals(12, number(figures.get("calls")), "10 numbers and 2 withheld calls");

        // Per site: each event counts at the site it names, a menu choice at the caller's usual site.
        Map<String, Object> sarreguemines = figures(statsJson(Map.of("from", "2030-03-05", "to", "2030-03-12", "site", "sarreguemines")));
        assertRecomputed(recomputed(d -> "sarreguemines".equals(d.get("siteId"))), sarreguemines, "sarreguemines");
        assertEquals(1, number(sarreguemines.get("abandonedBeforeChoice")), "one regular hung up at the menu");
        assertEquals(3, number(sarreguemines.get("routed")), "two to a queue, one to a person");
        Map<String, Object> atMetz = figures(statsJson(Map.of("from", "2030-03-05", "to", "2030-03-12", "site", "metz-borny")));
        assertRecomputed(recomputed(d -> "metz-borny".equals(d.get("siteId"))), atMetz, "metz-borny");
        assertEquals(1, number(atMetz.get("routed")), "the regular sent straight to the site's queue");
        assertEquals(0, number(atMetz.get("abandonedBeforeChoice")));

        // Per theme: the choices that name it (a call names none, so nothing is abandoned in a theme).
        Map<String, Object> inRetraite = figures(statsJson(Map.of("from", "2030-03-05", "to", "2030-03-12", "theme", "retraite")));
        assertRecomputed(recomputed(d -> "retraite".equals(d.getOrDefault("themeId", d.get("theme")))), inRetraite, "retraite");
        assertEquals(3, number(inRetraite.get("routed")), "two regulars' choices and the withheld one");
        assertEquals(0, number(inRetraite.get("abandonedBeforeChoice")));

        // The booking lead times, from the history: each quantile lies in the bucket the statistics give.
        @SuppressWarnings("unchecked")
        Map<String, Object> lead = (Map<String, Object>) figures.get("bookingLeadTimeHours");
        List<Long> leads = history().filter(i -> i.kind().equals("appointment-booked"))
                .map(i -> Histogram.BOOKING_LEAD_TIME.inUnits(Duration.between(i.at(), Instant.parse(i.details().get("start")))))
                .sorted().toList();
        assertEquals(5, leads.size());
        assertWithin(quantile(leads, 0.5), lead.get("median"), "median lead time");
        assertWithin(quantile(leads, 0.9), lead.get("p90"), "90th percentile lead time");

        // The callback delays, 20 minutes and about 3 hours: the median is in (15, 30], the 90th percentile in (120, 240].
        @SuppressWarnings("unchecked")
        Map<String, Object> delay = (Map<String, Object>) figures.get("callbackDelayMinutes");
        assertEquals(Map.of("above", 15, "atMost", 30), delay.get("median"));
        assertEquals(Map.of("above", 120, "atMost", 240), delay.get("p90"));

        // By ISO week: the booking week and the attendance week.
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> weeks = (List<Map<String, Object>>) statsJson(Map.of("from", "2030-03-05", "to", "2030-03-12",
                "period", "week")).get("rows");
        assertEquals(List.of("2030-W10", "2030-W11"), weeks.stream().map(w -> w.get("period")).toList());
        assertEquals(5, number(((Map<?, ?>) weeks.get(0).get("figures")).get("appointmentsBooked")));
        assertEquals(2, number(((Map<?, ?>) weeks.get(1).get("figures")).get("appointmentsAttended")));
        assertEquals(2, number(((Map<?, ?>) weeks.get(1).get("figures")).get("appointmentsNoShow")), "one corrected");

        // Fill rate of the permanence on the 12th: 4 places taken of 12 (6 slots of 2).
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> fill = (List<Map<String, Object>>) all.get("fillRates");
        Map<?, ?> day = ((List<?>) fill.get(0).get("days")).stream().map(d -> (Map<?, ?>) d)
                .filter(d -> "2030-03-12".equals(d.get("date"))).findFirst().orElseThrow();
        assertEquals(4, number(day.get("booked")));
        assertEquals(12, number(day.get("capacity")));

        // The same figures as a spreadsheet.
        APIGatewayV2HTTPResponse csv = stats(Map.of("from", "2030-03-05", "to", "2030-03-12", "format", "csv"));
        assertEquals("text/csv; charset=utf-8", csv.getHeaders().get("Content-Type"));
        String[] lines = csv.getBody().split("\r\n");
        assertTrue(lines[0].startsWith("\uFEFFPériode;Du;Au;Appels;"), lines[0]);
        assertTrue(lines[lines.length - 1].startsWith("Total;2030-03-05;2030-03-12;12;"), lines[lines.length - 1]);
    }

    /**
     * Satisfaction answers (voice after calls and callbacks, links after appointments, one on the general line
     * with no site) on dates only this test uses, as SatisfactionTable counts them: {@code GET /api/stats}
     * reports for the territory, a site, a partner, by channel and by week what the stored answers give.
     */
    @Test
    @SuppressWarnings("unchecked")
    void satisfactionInTheStatisticsEqualsTheStoredAnswers() throws Exception {
        seed();
        String run = UUID.randomUUID().toString();
        LocalDate monday = LocalDate.parse("2031-06-02");
        LocalDate nextMonday = monday.plusDays(7);
        List<SurveyAnswer> given = List.of(
                new SurveyAnswer(run + "-c1", SurveyChannel.PHONE, "metz-borny", null, "retraite", monday, List.of(5, 4)),
                new SurveyAnswer(run + "-c2", SurveyChannel.PHONE, "metz-borny", "cpam", "sante", monday, List.of(2)),
                new SurveyAnswer(run + "-c3", SurveyChannel.PHONE, null, null, null, monday.plusDays(1), List.of(1, 1)),
                new SurveyAnswer(run + "-cb", SurveyChannel.CALLBACK, "metz-borny", null, "retraite", monday.plusDays(2),
                        List.of(4, 5)),
                new SurveyAnswer(run + "-a1", SurveyChannel.APPOINTMENT, "metz-borny", "carsat", "retraite", nextMonday,
                        List.of(3)),
                new SurveyAnswer(run + "-a2", SurveyChannel.APPOINTMENT, "metz-borny", "carsat", "retraite", nextMonday,
                        List.of(5)));
        given.forEach(answer -> assertTrue(satisfaction.record(answer)));
        assertFalse(satisfaction.record(given.get(0)), "one answer per interaction");

        // Recomputed from the answers as stored (read back item by item), not from what the test meant to write.
        List<Map<String, AttributeValue>> stored = given.stream().map(answer -> STACK.client().getItem(get -> get
                .tableName(STACK.table("SatisfactionTable")).key(Map.of(
                        "pk", AttributeValue.fromS("ANSWER#" + answer.channel().key() + "#" + answer.reference()),
                        "sk", AttributeValue.fromS("ANSWER"))).consistentRead(true)).item()).toList();
        String range = monday + "/" + nextMonday;
        Map<String, Object> all = statsJson(Map.of("from", monday.toString(), "to", nextMonday.toString(), "period", "week"));
        assertEquals(recount(stored, a -> true, 1), normalised(figures(all).get("satisfaction")), "territory " + range);
        assertEquals(recount(stored, a -> true, 2), normalised(figures(all).get("requestHandled")), "question 2");
        Map<String, Object> channels = (Map<String, Object>) ((Map<String, Object>) all.get("satisfaction")).get("byChannel");
        for (String channel : List.of("phone", "callback", "appointment")) {
            assertEquals(recount(stored, a -> channel.equals(a.get("channel").s()), 1), normalised(channels.get(channel)), channel);
        }
        List<Map<String, Object>> weeks = (List<Map<String, Object>>) all.get("rows");
        assertEquals(List.of("2031-W23", "2031-W24"), weeks.stream().map(w -> w.get("period")).toList());
        assertEquals(recount(stored, a -> a.get("day").s().compareTo(nextMonday.toString()) < 0, 1),
                normalised(((Map<String, Object>) weeks.get(0).get("figures")).get("satisfaction")), "first week");

        Map<String, Object> metz = figures(statsJson(Map.of("from", monday.toString(), "to", nextMonday.toString(),
                "site", "metz-borny")));
        assertEquals(recount(stored, a -> a.containsKey("siteId") && a.get("siteId").s().equals("metz-borny"), 1),
                normalised(metz.get("satisfaction")), "site");
        Map<String, Object> carsat = statsJson(Map.of("from", monday.toString(), "to", nextMonday.toString(),
                "partner", "carsat"));
        assertEquals(recount(stored, a -> a.containsKey("partnerId") && a.get("partnerId").s().equals("carsat"), 1),
                normalised(figures(carsat).get("satisfaction")), "partner");
        assertEquals(null, ((Map<String, Object>) carsat.get("satisfaction")).get("byChannel"), "not crossed with partners");
        assertEquals(recount(stored, a -> a.containsKey("themeId") && a.get("themeId").s().equals("retraite"), 1),
                normalised(figures(statsJson(Map.of("from", monday.toString(), "to", nextMonday.toString(),
                        "theme", "retraite"))).get("satisfaction")), "theme");
        assertEquals(recount(stored, a -> a.containsKey("partnerId") && a.get("partnerId").s().equals("carsat") && a.containsKey("siteId")
                && a.get("siteId").s().equals("metz-borny"), 1), normalised(figures(statsJson(Map.of("from",
                monday.toString(), "to", nextMonday.toString(), "site", "metz-borny", "partner", "carsat")))
                .get("satisfaction")), "site and partner");
        Map<String, Object> permanence = statsJson(Map.of("from", monday.toString(), "to", nextMonday.toString(),
                "permanence", "carsat-metz"));
        assertEquals(null, figures(permanence).get("satisfaction"), "not counted per permanence");

        // Six answers, mean (5+2+1+4+3+5)/6 = 3.33, and three second answers (4+1+5)/3: the spreadsheet's last line ends with them.
        String[] lines = stats(Map.of("from", monday.toString(), "to", nextMonday.toString(), "format", "csv"))
                .getBody().split("\r\n");
        assertTrue(lines[0].contains(";Avis de satisfaction;Satisfaction moyenne (1 à 5);Avis notés 1;"), lines[0]);
        assertTrue(lines[lines.length - 1].endsWith(";6;3,33;1;1;1;1;2;3;3,33"), lines[lines.length - 1]);

        // A manager of one site reads only that site.
        APIGatewayV2HTTPEvent limited = withAgent(new APIGatewayV2HTTPEvent());
        limited.getRequestContext().getAuthorizer().getJwt().setClaims(Map.of("sub", "manager-metz", "token_use", "id",
                "cognito:groups", "[managers]", "custom:site", "metz-borny"));
        limited.setQueryStringParameters(Map.of("from", monday.toString(), "to", nextMonday.toString()));
        ApiStatsHandler handler = statsHandler();
        assertEquals(403, handler.handleRequest(limited, null).getStatusCode());
        limited.setQueryStringParameters(Map.of("from", monday.toString(), "to", nextMonday.toString(), "site", "metz-borny"));
        assertEquals(200, handler.handleRequest(limited, null).getStatusCode());
    }

    /** Count, sum and scores 1..5 of one question over the stored answers that match. */
    private static List<Long> recount(List<Map<String, AttributeValue>> answers,
            java.util.function.Predicate<Map<String, AttributeValue>> filter, int question) {
        long[] figures = new long[7];
        for (Map<String, AttributeValue> answer : answers) {
            List<AttributeValue> scores = answer.get("scores").l();
            if (filter.test(answer) && scores.size() >= question) {
                int score = Integer.parseInt(scores.get(question - 1).n());
                figures[0]++;
                figures[1] += score;
                figures[1 + score]++;
            }
        }
        return java.util.Arrays.stream(figures).boxed().toList();
    }

    /** The API's {count, average, distribution} as count, sum (from the mean) and scores 1..5. */
    private static List<Long> normalised(Object figure) {
        Map<?, ?> f = (Map<?, ?>) figure;
        long count = number(f.get("count"));
        Map<?, ?> d = (Map<?, ?>) f.get("distribution");
        long sum = 0;
        List<Long> result = new ArrayList<>(List.of(count, 0L));
        for (int score = 1; score <= 5; score++) {
            long n = number(d.get(String.valueOf(score)));
            sum += n * score;
            result.add(n);
        }
        result.set(1, sum);
        if (count > 0) {
            assertEquals(Math.round(100.0 * sum / count) / 100.0, ((Number) f.get("average")).doubleValue(), 1e-9);
        }
        return result;
    }

    @Test
    void aReplayedEventCountsOnceAndAnErasureKeepsTheCountersOnly() throws Exception {
        seed();
        LocalDate tuesday = LocalDate.parse("2030-03-05");
        at("10:00", tuesday);
        String phone = person(1);
        assertEquals("callback", call(phone, "4", "2", "3"));
        String callbackId = callback(phone);
        Booking booked = book("20300312T0900", phone, null);
        Interaction replayed = contacts.history(phone, 10).stream()
                .filter(i -> i.kind().equals("callback-requested")).findFirst().orElseThrow();
        contacts.record(replayed);
        Map<String, Object> before = figures(statsJson(Map.of("from", "2030-03-05", "to", "2030-03-05")));
        assertEquals(1, number(before.get("callbacksRequested")), "the same event id is counted once");

        ApiAgentContactsHandler handler = new ApiAgentContactsHandler(new ContactRecords(contacts, callbackStore,
                booking.appointments(), new DynamoPersonalDataEraser(STACK.client(), STACK.table("ContactsTable"),
                STACK.table("CallbacksTable"), STACK.table("BookingTable"), STACK.table("SatisfactionTable"), STACK.table("MessagesTable"), booking.keepsOutbox(), clock), clock), new fr.accueil.storage.dynamodb.DynamoAuditTrail(STACK.client(), STACK.table("ContactsTable"), "scripted-day", clock, java.time.Duration.ofDays(365)), clock);
        Map<String, Object> export = Json.readObject(handler.handleRequest(agentEvent("GET /api/agent/contacts/{phone}/export",
                phone.replace("+33", "0")), null).getBody());
        assertEquals(4, ((List<?>) export.get("history")).size(), "call, menu choice, callback, appointment");
        assertEquals(1, ((List<?>) export.get("callbacks")).size());
        assertEquals(1, ((List<?>) export.get("appointments")).size());

        APIGatewayV2HTTPResponse erased = handler.handleRequest(agentEvent("DELETE /api/agent/contacts/{phone}", phone), null);
        assertEquals(200, erased.getStatusCode(), erased.getBody());
        Map<String, Object> answer = Json.readObject(erased.getBody());
        assertEquals(1, number(answer.get("appointmentsCancelled")), "a future appointment frees its place");
        assertEquals(1, number(answer.get("callbacksClosed")), "nobody calls an erased number");
        assertEquals(List.of(), contacts.history(phone, 10));
        assertTrue(callbackStore.find(callbackId).isEmpty());
        assertTrue(booking.appointments().find(booked.appointment().id()).isEmpty());
        assertEquals(0, booking.slots().find("carsat-metz#20300312T0900").orElseThrow().booked());
        Map<String, Object> after = figures(statsJson(Map.of("from", "2030-03-05", "to", "2030-03-05")));
        assertEquals(before.get("appointmentsBooked"), after.get("appointmentsBooked"), "anonymous counters are kept");
        assertEquals(before.get("calls"), after.get("calls"));

        assertEquals(422, handler.handleRequest(agentEvent("DELETE /api/agent/contacts/{phone}", "12"), null).getStatusCode());
    }

    private static APIGatewayV2HTTPEvent agentEvent(String route, String phone) {
        APIGatewayV2HTTPEvent event = withAgent(new APIGatewayV2HTTPEvent());
        event.setRouteKey(route);
        event.setPathParameters(Map.of("phone", phone));
        return event;
    }

    private static APIGatewayV2HTTPEvent withAgent(APIGatewayV2HTTPEvent event) {
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(Map.of("sub", "manager-1", "token_use", "id", "cognito:groups", "[managers data-protection]", "custom:site", "*"));
        authorizer.setJwt(jwt);
        context.setAuthorizer(authorizer);
        event.setRequestContext(context);
        return event;
    }

    private static void assertRecomputed(Map<String, Long> expected, Map<String, Object> figures, String scope) {
        expected.forEach((name, count) -> assertEquals(count, number(figures.get(name)), scope + " " + name + " in " + figures));
    }

    /** Every event the script left in the history of the contacts it touched, and the withheld calls' events. */
    private java.util.stream.Stream<Interaction> history() {
        return java.util.stream.Stream.concat(people.stream().distinct().flatMap(person -> contacts.history(person, 1000).stream()),
                withheld.stream());
    }

    /** The script's figures counted again, event by event, over the events whose details match. */
    private Map<String, Long> recomputed(java.util.function.Predicate<Map<String, String>> scope) {
        Map<String, Long> c = new LinkedHashMap<>();
        for (String name : List.of("calls", "routed", "closed", "callbackOffered", "menuChoices", "callbacksRequested",
                "callbacksCompleted", "callbacksFailed", "appointmentsBooked", "appointmentsCancelled",
                "appointmentsAttended", "appointmentsNoShow")) {
            c.put(name, 0L);
        }
        long menuCalls = 0;
        Map<String, String> attendance = new HashMap<>();
        List<Interaction> events = history().filter(i -> scope.test(i.details()))
                .sorted(java.util.Comparator.comparing(Interaction::at)).toList();
        for (Interaction i : events) {
            String route = i.details().get("route");
            String action = i.details().get("action");
            switch (i.kind()) {
                case "call" -> {
                    c.merge("calls", 1L, Long::sum);
                    c.merge("routed", "queue".equals(route) ? 1L : 0L, Long::sum);
                    c.merge("closed", "closed".equals(route) ? 1L : 0L, Long::sum);
                    menuCalls += "menu".equals(route) ? 1 : 0;
                }
                case "menu-choice" -> {
                    c.merge("menuChoices", 1L, Long::sum);
                    c.merge("routed", Set.of("queue", "person", "transfer").contains(action) ? 1L : 0L, Long::sum);
                    c.merge("callbackOffered", "callback".equals(action) ? 1L : 0L, Long::sum);
                }
                case "callback-requested" -> c.merge("callbacksRequested", 1L, Long::sum);
                case "callback-completed" -> c.merge("callbacksCompleted", 1L, Long::sum);
                case "callback-failed" -> c.merge("callbacksFailed", 1L, Long::sum);
                case "appointment-booked" -> c.merge("appointmentsBooked", 1L, Long::sum);
                case "appointment-cancelled" -> c.merge("appointmentsCancelled", 1L, Long::sum);
                case "appointment-attendance" -> attendance.put(i.details().get("appointmentId"), i.details().get("status"));
                default -> { }
            }
        }
        c.put("appointmentsAttended", attendance.values().stream().filter("ATTENDED"::equals).count());
        c.put("appointmentsNoShow", attendance.values().stream().filter("NO_SHOW"::equals).count());
        c.put("abandonedBeforeChoice", Math.max(0, menuCalls - c.get("menuChoices")));
        return c;
    }

    /** The nearest-rank q-quantile of sorted values. */
    private static long quantile(List<Long> sorted, double q) {
        return sorted.get((int) Math.max(1, Math.ceil(q * sorted.size())) - 1);
    }

    /** A value within the statistics' estimate: above {@code above}, at most {@code atMost} (none: unbounded). */
    private static void assertWithin(long value, Object estimate, String what) {
        Map<?, ?> bucket = (Map<?, ?>) estimate;
        assertTrue(value > number(bucket.get("above")) && (bucket.get("atMost") == null || value <= number(bucket.get("atMost"))),
                what + " " + value + " not in " + bucket);
    }

    private APIGatewayV2HTTPResponse stats(Map<String, String> query) {
        APIGatewayV2HTTPEvent event = withAgent(new APIGatewayV2HTTPEvent());
        event.setRouteKey("GET /api/stats");
        event.setQueryStringParameters(query);
        return statsHandler().handleRequest(event, null);
    }

    private ApiStatsHandler statsHandler() {
        return new ApiStatsHandler(new QualityStatistics(territory, stats, directory, booking.slots(), satisfaction),
                new QueueStatistics(territory, new DynamoQueueStatsStore(STACK.client(), STACK.table("StatsTable"), clock), directory));
    }

    private Map<String, Object> statsJson(Map<String, String> query) throws Exception {
        APIGatewayV2HTTPResponse response = stats(query);
        assertEquals(200, response.getStatusCode(), response.getBody());
        return Json.readObject(response.getBody());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> figures(Map<String, Object> stats) {
        return (Map<String, Object>) ((Map<String, Object>) stats.get("total")).get("figures");
    }

    private static long number(Object value) {
        return ((Number) value).longValue();
    }

    /** The script's time, moved forward by hand. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return Clock.fixed(now, zone);
        }
    }
}
