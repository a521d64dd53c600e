package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Personal data, from end to end on the running stack. Every line the JVM prints during a full run
 * (a call through the local phone API that ends in a callback, the callback dialled, a citizen's
 * booking viewed and cancelled, an agent's booking for a caller, agents' lists) is scanned for phone
 * numbers, emails and the names used: none appears unmasked. Then every item of the tables that hold
 * personal data carries {@code expiresAt}, and once past it the run's items are gone for every read.
 */
class PrivacyEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final String CALLER = "06 12 77 88 99";
    private static final String CALLER_E164 = "+33612778899";
    private static final String CITIZEN_NAME = "Gwenaëlle Kerdraon";
    private static final String CITIZEN_PHONE = "06.98.76.54.32";
    private static final String CITIZEN_EMAIL = "gwenaelle.kerdraon@example.fr";
    private static final String HELPED_NAME = "Théophile Marchetti";
    private static final String HELPED_PHONE = "+33 3 87 65 43 21";
    private static final List<String> NAMES = List.of(CITIZEN_NAME, "Kerdraon", "Gwenaëlle", HELPED_NAME, "Marchetti", "Théophile");
    private static final List<String> TABLES = List.of("CONTACTS_TABLE", "BOOKING_TABLE", "CALLBACKS_TABLE");

    /** Copies what the JVM prints, still printing it. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) {
            synchronized (copy) {
                copy.write(b);
            }
            try {
                original.write(b);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) {
            synchronized (copy) {
                copy.write(b, off, len);
            }
            try {
                original.write(b, off, len);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    /**
     * Nothing in the template keeps personal data past its retention, nor sends it out. A stream keeps every
     * change, an erasure's deleted items included, 24 hours: MessagesTable streams its keys only, to
     * MessageSenderFunction; only BookingTable and CallbacksTable stream their images, to
     * StreamPartnerEventsFunction, whose partner events carry no personal data (PartnerEventsTest,
     * PartnerEventsEnd2EndTest), and BookingTable's slot records (no one's data) to StreamWaitlistOffersFunction; 24 hours is within the retention and the erasure's own delay. Every function
     * logs to its own log group of the stack, kept LogRetentionDays.
     */
    @Test
    @SuppressWarnings("unchecked")
    void theTemplateKeepsNoCopyOfPersonalDataBeyondItsRetention() throws Exception {
        Template template = Template.read(fr.accueil.embedded.EmbeddedStack.repositoryRoot().resolve("template.yaml"));
        Map<String, String> streaming = new TreeMap<>();
        template.resources("AWS::DynamoDB::Table").forEach((id, table) -> {
            if (table.get("StreamSpecification") instanceof Map<?, ?> stream) {
                streaming.put(id, String.valueOf(stream.get("StreamViewType")));
            }
        });
        assertEquals(Map.of("BookingTable", "NEW_AND_OLD_IMAGES", "CallbacksTable", "NEW_AND_OLD_IMAGES",
                "MessagesTable", "KEYS_ONLY"), streaming, "the tables whose changes feed the partner events and the sender, and only them");
        Map<String, List<String>> readers = new TreeMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, function) -> {
            if (function.get("Events") instanceof Map<?, ?> events) {
                events.values().stream().map(e -> (Map<String, Object>) e).filter(e -> "DynamoDB".equals(e.get("Type")))
                        .forEach(e -> readers.computeIfAbsent(id, f -> new ArrayList<>()).add(String.valueOf(
                                ((Map<String, Object>) ((Map<String, Object>) e.get("Properties")).get("Stream")).get("Fn::GetAtt"))));
            }
        });
        // The waitlist's offers read BookingTable's slot records only (its filter), which name nobody.
        assertEquals(Map.of("StreamPartnerEventsFunction", List.of("[BookingTable, StreamArn]", "[CallbacksTable, StreamArn]"),
                "MessageSenderFunction", List.of("[MessagesTable, StreamArn]"),
                "StreamWaitlistOffersFunction", List.of("[BookingTable, StreamArn]")), readers, "the streams' only readers");
        Map<String, Map<String, Object>> groups = template.resources("AWS::Logs::LogGroup");
        Map<String, Map<String, Object>> functions = template.resources("AWS::Serverless::Function");
        for (Map.Entry<String, Map<String, Object>> function : functions.entrySet()) {
            Object logGroup = ((Map<String, Object>) function.getValue().getOrDefault("LoggingConfig", Map.of())).get("LogGroup");
            assertTrue(logGroup instanceof Map<?, ?> ref && ref.get("Ref") instanceof String id && groups.containsKey(id),
                    function.getKey() + " logs to a group of the stack: " + logGroup);
            Map<String, Object> group = groups.get(((Map<String, String>) logGroup).get("Ref"));
            assertEquals(Map.of("Ref", "LogRetentionDays"), group.get("RetentionInDays"), function.getKey());
            assertEquals(Map.of("Fn::Sub", "/aws/lambda/${AWS::StackName}-" + function.getKey()), group.get("LogGroupName"));
        }
        assertEquals(functions.size(), groups.size(), "one group per function");
        int days = Integer.parseInt(String.valueOf(template.parameter("LogRetentionDays").get("Default")));
        assertTrue(days > 0 && days <= 365, "logs kept " + days + " days by default");
        System.out.println("[privacy] template tablesStreaming=" + streaming.keySet() + " (to partner events only) functions=" + functions.size() + " logGroups=" + groups.size()
                + " logRetentionDays=" + days);
    }

    @Test
    void aFullRunLogsNoPersonalDataAndKeepsNoneBeyondItsRetention() throws Exception {
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        Run run;
        System.setOut(new PrintStream(new Tee(out, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(err, printed), true, StandardCharsets.UTF_8));
        try {
            run = fullRun();
        } finally {
            System.setOut(out);
            System.setErr(err);
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        List<String> lines = printed.toString(StandardCharsets.UTF_8).lines().toList();
        List<String> leaks = new ArrayList<>();
        for (String line : lines) {
            List<String> found = PersonalData.in(line, NAMES);
            if (!found.isEmpty()) {
                leaks.add(found + " in " + line);
            }
        }
        long logLines = lines.stream().filter(l -> l.startsWith("{\"timestamp\"")).count();
        assertTrue(logLines >= 8, "the run was logged: " + lines);
        assertTrue(lines.stream().anyMatch(l -> l.contains("+33*******99")), "the caller appears masked");
        assertEquals(List.of(), leaks, "no personal data unmasked in the logs");

        Map<String, Integer> personalItems = personalItemsHaveATtl(run);
        System.out.println("[privacy] logs lines=" + lines.size() + " jsonLogLines=" + logLines + " unmasked=0;"
                + " items of the run with personal data=" + personalItems);
        expiredItemsAreGoneForEveryRead(run, personalItems);
    }

    private record Run(String callbackId, String callbackSite, Citizen.Booked citizen, Appointment citizenAppointment,
                       String helpedId) {
    }

    @SuppressWarnings("unchecked")
    private static Run fullRun() throws Exception {
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        // A call to the single number asking for a callback through the menu.
        Map<String, Object> ended = Citizen.callForACallback(CALLER);
        assertEquals("callback", ((Map<String, Object>) ended.get("outcome")).get("type"), String.valueOf(ended));
        String callbackId = null;
        String callbackSite = null;
        for (Map<String, AttributeValue> item : scan("CALLBACKS_TABLE")) {
            if (item.get("pk").s().startsWith("CALLBACK#") && CALLER_E164.equals(string(item, "phone"))) {
                callbackId = item.get("pk").s().substring("CALLBACK#".length());
                callbackSite = string(item, "siteId");
            }
        }
        assertTrue(callbackId != null, "the call left a callback");
        HttpResponse<String> dispatched = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("ScheduledCallbackDispatcherFunction"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"detail-type\":\"Scheduled Event\",\"detail\":{}}")).build());
        assertEquals(200, dispatched.statusCode(), dispatched.body());
        assertEquals(200, agentGet("/api/agent/callbacks?site=" + callbackSite + "&status=COMPLETED").statusCode());
        assertEquals(200, agentGet("/api/agent/callbacks?site=" + callbackSite).statusCode());
        System.clearProperty("accueil.env.FIXED_CLOCK");

        // A citizen books online, views, downloads the calendar file, cancels.
        Citizen.Booked citizen = Citizen.book("carsat", CITIZEN_NAME, CITIZEN_PHONE, CITIZEN_EMAIL);
        Appointment appointment = AppContext.get().booking().appointments().find(citizen.id()).orElseThrow();
        assertEquals(200, Citizen.get("/api/appointments/" + citizen.id() + "?token=" + citizen.token()).statusCode());
        assertEquals(200, Citizen.get("/api/appointments/" + citizen.id() + "/calendar.ics?token=" + citizen.token()).statusCode());
        assertEquals(200, agentGet("/api/agent/appointments?site=" + appointment.siteId() + "&date=" + appointment.start().toLocalDate()).statusCode());
        assertEquals(200, Citizen.post("/api/appointments/" + citizen.id() + "/cancel?token=" + citizen.token(), "", Map.of()).statusCode());

        // An agent books for a caller on the phone, then reads the day's list.
        String helpedId = null;
        for (String slotId : Citizen.freeSlots("carsat")) {
            HttpResponse<String> booked = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/agent/appointments"))
                    .header("Authorization", "Bearer " + STACK.devAgentToken()).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("slotId", slotId, "name", HELPED_NAME,
                            "phone", HELPED_PHONE, "channel", "phone")))).build());
            if (booked.statusCode() == 201) {
                helpedId = (String) ((Map<String, Object>) Json.readObject(booked.body()).get("appointment")).get("id");
                break;
            }
        }
        assertTrue(helpedId != null, "the agent booked");
        assertEquals(200, agentGet("/api/agent/appointments?site=" + appointment.siteId() + "&date=" + appointment.start().toLocalDate()).statusCode());
        return new Run(callbackId, callbackSite, citizen, appointment, helpedId);
    }

    /** Every item of the tables holding personal data has a TTL; returns the run's own items by kind. */
    private static Map<String, Integer> personalItemsHaveATtl(Run run) {
        Map<String, Integer> personal = new TreeMap<>();
        List<String> withoutTtl = new ArrayList<>();
        long now = Instant.now().getEpochSecond();
        for (String table : TABLES) {
            for (Map<String, AttributeValue> item : scan(table)) {
                AttributeValue expiresAt = item.get("expiresAt");
                if (expiresAt == null || expiresAt.n() == null) {
                    withoutTtl.add(table + " " + item.get("pk").s() + " / " + item.get("sk").s());
                }
                if (holdsTheRunsData(item, run)) {
                    assertTrue(expiresAt != null && Long.parseLong(expiresAt.n()) > now, "live until its retention ends: " + item.get("pk"));
                    personal.merge(table + ":" + item.get("pk").s().replaceAll("#.*", ""), 1, Integer::sum);
                }
            }
        }
        assertEquals(List.of(), withoutTtl, "every item of the personal-data tables carries expiresAt");
        for (Map<String, AttributeValue> item : scan("DIRECTORY_TABLE")) {
            assertFalse(holdsTheRunsData(item, run), "the directory holds no citizen's data");
        }
        for (String kind : List.of("CONTACTS_TABLE:CONTACT", "CALLBACKS_TABLE:CALLBACK", "BOOKING_TABLE:APPOINTMENT")) {
            assertTrue(personal.containsKey(kind), kind + " among " + personal);
        }
        return personal;
    }

    /** The run's items, past their TTL (as DynamoDB Local never deletes them), are absent for every read. */
    private static void expiredItemsAreGoneForEveryRead(Run run, Map<String, Integer> personalItems) throws Exception {
        DynamoDbClient dynamo = AppContext.get().dynamo();
        // Past for the real clock and for the call's fixed one alike.
        long past = Math.min(Instant.now().getEpochSecond(), Instant.parse(Citizen.MONDAY_MORNING).getEpochSecond()) - 60;
        int expired = 0;
        for (String table : TABLES) {
            String name = Environment.required(table);
            for (Map<String, AttributeValue> item : scan(table)) {
                if (holdsTheRunsData(item, run) || item.get("pk").s().endsWith(run.citizen().id()) || item.get("pk").s().endsWith(run.helpedId())) {
                    dynamo.updateItem(u -> u.tableName(name).key(Map.of("pk", item.get("pk"), "sk", item.get("sk")))
                            .updateExpression("SET expiresAt = :past")
                            .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(past)))));
                    expired++;
                }
            }
        }
        assertTrue(expired >= personalItems.values().stream().mapToInt(Integer::intValue).sum());
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        try {
            // Contacts: the caller's profile and history.
            assertTrue(AppContext.get().contacts().find(CALLER_E164).isEmpty());
            assertEquals(List.of(), AppContext.get().contacts().history(CALLER_E164, 50));
            // Callbacks: by id, in the agents' lists, due for dialling (the dedupe guard went when the callback was reached).
            CallbackStore callbacks = CallbackContext.get().store();
            assertTrue(callbacks.find(run.callbackId()).isEmpty());
            for (CallbackStatus status : CallbackStatus.values()) {
                assertTrue(callbacks.list(new CallbackStore.Listing(run.callbackSite(), null, status, 100, null)).callbacks().stream()
                        .noneMatch(c -> c.id().equals(run.callbackId())), status.name());
            }
            assertTrue(callbacks.due(Instant.parse(Citizen.MONDAY_MORNING).plusSeconds(86_400), 500).stream().noneMatch(c -> c.id().equals(run.callbackId())));
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        // Appointments: by id, in the site's day, through the management link.
        var appointments = AppContext.get().booking().appointments();
        assertTrue(appointments.find(run.citizen().id()).isEmpty());
        assertTrue(appointments.find(run.helpedId()).isEmpty());
        assertTrue(appointments.bySiteAndDate(run.citizenAppointment().siteId(), run.citizenAppointment().start().toLocalDate()).stream()
                .noneMatch(a -> a.id().equals(run.citizen().id()) || a.id().equals(run.helpedId())));
        assertEquals(404, Citizen.get("/api/appointments/" + run.citizen().id() + "?token=" + run.citizen().token()).statusCode());
        // Messages: sent ones keep only their id and status (the mailbox shows the run's were sent).
        Mailbox.await(1, Mailbox.to(CITIZEN_EMAIL));
        assertTrue(sentMessagesHoldNothing(run), "a sent message keeps no recipient nor text");
        System.out.println("[privacy] ttl expiredItems=" + expired + " readsAfterExpiry=absent (contacts, history, callbacks, lists, due,"
                + " appointments, day list, management link, messages)");
    }

    /** MessageSenderFunction runs from the stream: within a few seconds, no message item holds the run's data. */
    private static boolean sentMessagesHoldNothing(Run run) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            if (scan("MESSAGES_TABLE").stream().noneMatch(item -> holdsTheRunsData(item, run)
                    || item.toString().contains(run.citizen().token()))) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }

    private static boolean holdsTheRunsData(Map<String, AttributeValue> item, Run run) {
        String text = item.toString();
        return text.contains(CALLER_E164) || text.contains("+33698765432") || text.contains(CITIZEN_EMAIL)
                || text.contains("+33387654321") || text.contains("Kerdraon") || text.contains("Marchetti");
    }

    private static HttpResponse<String> agentGet(String path) throws Exception {
        return RunningStack.send(HttpRequest.newBuilder(RunningStack.http(path)).header("Authorization", "Bearer " + STACK.devAgentToken())
                .GET().build());
    }

    private static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    /** A test-only Scan of a whole table. */
    private static List<Map<String, AttributeValue>> scan(String table) {
        String name = Environment.required(table);
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        AppContext.get().dynamo().scanPaginator(r -> r.tableName(name)).items().forEach(items::add);
        return items;
    }
}
