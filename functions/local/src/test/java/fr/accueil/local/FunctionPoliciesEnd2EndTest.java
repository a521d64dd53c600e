package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Slot;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoSlotStore;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * Each function's role (its {@code Policies} in template.yaml) against the SDK calls its code makes. The local
 * stack applies the roles ({@link IamEnforcement}): every end-to-end test fails where a role lacks a call. Here
 * the converse: every function is driven through its sample events and the journeys that reach its writes, and
 * each action its role grants must have been used on that resource. A grant no local journey can reach is listed
 * in {@link #NOT_REACHED_LOCALLY} with the reason.
 */
class FunctionPoliciesEnd2EndTest {
    /** A Monday's opening hours, when calls can ask for a callback and the dispatcher dials. */
    private static final String SURVEYED = "+33612340005";
    private static final String CALLER = "+33612340001";
    private static final String MOBILE_SITE = "bus-pays-de-bitche";

    /**
     * Grants the code uses on paths no local journey takes, by function, each with its reason (matched on the
     * end of "action on resource"). The Connect statements exist only with a ConnectInstanceArn, so they are
     * absent from the local roles.
     */
    private static final Map<String, List<String>> NOT_REACHED_LOCALLY;

    static {
        // Messages are queued in MessagesTable (NotifierMode aws, the default); with NotifierMode outbox, for
        // development, the same functions keep them in BookingTable (a PutItem).
        Map<String, List<String>> notReached = new TreeMap<>();
        for (String function : List.of("ApiAgentStopsFunction", "ScheduledReminderSenderFunction", "ScheduledSurveySenderFunction")) {
            notReached.put(function, List.of("dynamodb:PutItem on " + table("BookingTable")));
        }
        // An erasure looks for the outbox's messages by day only when the outbox keeps them (NotifierMode outbox).
        notReached.put("ApiAgentContactsFunction", List.of("dynamodb:Query on " + table("BookingTable")));
        // SnapStart priming reads the territory's menu, rules and sites before the snapshot (Priming, a runtime
        // hook): under this role on AWS, on a thread with no invocation locally.
        notReached.put("ConnectEntryFunction", List.of("dynamodb:GetItem on " + table("DirectoryTable"),
                "dynamodb:Query on " + table("DirectoryTable")));
        // The menu read by the menu function is kept a minute (TerritoryVoice), in this one JVM for every Connect
        // function: the menu function reads it itself only when a minute has passed since the entry function did,
        // which a fast run never waits for.
        notReached.put("ConnectMenuFunction", List.of("dynamodb:GetItem on " + table("DirectoryTable")));
        // Dial failures and lapsed leases (the attempt recorded, the guard freed when it was the last, the
        // caller's history written): the simulated phone always takes the call.
        notReached.put("ScheduledCallbackDispatcherFunction", List.of("dynamodb:GetItem on " + table("CallbacksTable"),
                "dynamodb:DeleteItem on " + table("CallbacksTable"), "dynamodb:PutItem on " + table("ContactsTable"),
                "dynamodb:UpdateItem on " + table("StatsTable")));
        // A contact event closes a callback (REACHED confirmed, attempts used up) only when the flow's report was
        // lost or after the last attempt: the local phone's flow always reports, and the journey's callback is on
        // its first attempt.
        notReached.put("EventsContactFunction", List.of("dynamodb:DeleteItem on " + table("CallbacksTable")));
        // The queues by key are read once per container, on first use (AppContext.queues): at init on AWS, under
        // each reader's role; here the one JVM's functions share them, read when the stack starts, on no invocation.
        for (String function : List.of("ConnectEntryFunction", "ConnectMenuFunction", "ConnectCallbackOutcomeFunction",
                "ScheduledCallbackDispatcherFunction", "EventsContactFunction", "ApiAgentCallbacksFunction")) {
            notReached.merge(function, List.of("ssm:GetParametersByPath on arn:aws:ssm:" + LocalClients.REGION.id() + ":"
                    + TemplateValues.ACCOUNT + ":parameter/accueil/dev/demo/connect-queues"),
                    (a, b) -> Stream.concat(a.stream(), b.stream()).distinct().toList());
        }
        // A function writing a caller's history counts it by site and partner (QualityCounters), whose directory
        // lookup is read once per container and kept a while: on AWS each function's container reads it, here the
        // one JVM's functions share it and only the first to count pays the Query. (The counting is the StatsTable
        // grant: a PutItem on ContactsTable alone may be an audit entry, which counts nothing.)
        RunningStack.get().functions().all().stream()
                .filter(f -> f.policy().allows(new IamPolicy.Grant("dynamodb:PutItem", table("ContactsTable")))
                        && f.policy().allows(new IamPolicy.Grant("dynamodb:UpdateItem", table("StatsTable"))))
                .forEach(f -> notReached.merge(f.logicalId(), List.of("dynamodb:Query on " + table("DirectoryTable")),
                        (a, b) -> Stream.concat(a.stream(), b.stream()).distinct().toList()));
        NOT_REACHED_LOCALLY = Map.copyOf(notReached);
    }

    private static String table(String name) {
        return TemplateValues.tableArn(LocalClients.REGION.id(), name);
    }

    @Test
    void everyActionARoleGrantsIsUsedByItsFunction() throws Exception {
        driveEveryFunction();

        Map<String, List<String>> unused = new TreeMap<>();
        Map<String, Set<IamPolicy.Grant>> used = IamEnforcement.used();
        for (FunctionSpec function : RunningStack.get().functions().all()) {
            List<String> grants = function.policy().unused(used.getOrDefault(function.logicalId(), Set.of())).stream()
                    .map(IamPolicy.Grant::toString)
                    .filter(g -> NOT_REACHED_LOCALLY.getOrDefault(function.logicalId(), List.of()).stream().noneMatch(g::endsWith))
                    .toList();
            if (!grants.isEmpty()) {
                unused.put(function.logicalId(), grants);
            }
        }
        assertEquals(Map.of(), unused, "granted but never used: narrow the role, or list why no local journey reaches it");
        NOT_REACHED_LOCALLY.forEach((function, grants) -> {
            List<String> granted = RunningStack.get().functions().get(function).orElseThrow().policy().unused(Set.of()).stream()
                    .map(IamPolicy.Grant::toString).toList();
            grants.forEach(g -> assertTrue(granted.stream().anyMatch(x -> x.endsWith(g)), function + " no longer grants " + g));
        });
    }

    @Test
    void aCallTheRoleDoesNotAllowIsRefusedAsAwsRefusesIt() throws Exception {
        FunctionSpec readSites = RunningStack.get().functions().get("ApiReadSitesFunction").orElseThrow();
        DynamoDbClient dynamo = AppContext.get().dynamo();
        String directory = Environment.required("DIRECTORY_TABLE");

        DynamoDbException refused = assertThrows(DynamoDbException.class, () -> IamEnforcement.during(readSites,
                () -> dynamo.scan(r -> r.tableName(directory).limit(1))));
        assertEquals("AccessDeniedException", refused.awsErrorDetails().errorCode());
        assertEquals(400, refused.statusCode());
        assertTrue(refused.getMessage().contains("dynamodb:Scan"), refused.getMessage());
        // What the role grants goes through, and the same client outside any invocation is not checked.
        assertEquals(200, IamEnforcement.during(readSites, () -> dynamo.query(r -> r.tableName(directory)
                .keyConditionExpression("pk = :pk").expressionAttributeValues(Map.of(":pk",
                        AttributeValue.fromS("none")))))
                .sdkHttpResponse().statusCode());
        assertEquals(200, dynamo.scan(r -> r.tableName(directory).limit(1)).sdkHttpResponse().statusCode());
    }

    private static void driveEveryFunction() throws Exception {
        try (Stream<Path> files = Files.list(EmbeddedStack.repositoryRoot().resolve("events"))) {
            for (Path event : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
                invoke(event.getFileName().toString().split("\\.")[0], Files.readString(event));
            }
        }
        // Calls ask for callbacks; the dispatcher dials one (its outcome comes back from the simulated phone),
        // an agent claims and completes the other.
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        try {
            askForACallback(CALLER);
            invoke("ScheduledCallbackDispatcherFunction", "{\"detail-type\":\"Scheduled Event\",\"detail\":{}}");
            askForACallback("+33612340002");
            // The same number again on the same theme: the pending request stands.
            askForACallback("+33612340002");
            // A citizen asks from a site's page, twice: the second answers the pending callback.
            askOnTheWeb("06 12 34 00 04");
            askOnTheWeb("06 12 34 00 04");
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        // A callback nobody answers: the phone's contact events tell EventsContactFunction.
        ContactEventsEnd2EndTest.unansweredCallback();
        String callback = callbackOf("+33612340002");
        assertEquals(200, agent("POST", "/api/agent/callbacks/" + callback + "/claim", null).statusCode());
        assertEquals(200, agent("POST", "/api/agent/callbacks/" + callback + "/complete",
                Json.write(Map.of("outcome", "REACHED", "note", "Rappelé."))).statusCode());

        // A citizen books, views, reschedules (first onto a full slot) and cancels; the same caller asked for a
        // callback above, and an agent then erases everything kept on that number.
        Citizen.Booked booked = Citizen.book("carsat", "Paul Rôle", CALLER, "paul.role@example.fr");
        String full = fill(Citizen.freeSlots("carsat").get(0));
        assertEquals(409, Citizen.post("/api/appointments/" + booked.id() + "/reschedule?token=" + booked.token(),
                Json.write(Map.of("slotId", full)), Map.of()).statusCode());
        assertEquals(409, agent("POST", "/api/agent/appointments", Json.write(Map.of("slotId", full, "name", "Léa Guichet",
                "phone", "+33612340003", "channel", "phone"))).statusCode());
        assertEquals(200, Citizen.get("/api/appointments/" + booked.id() + "?token=" + booked.token()).statusCode());
        assertEquals(200, Citizen.get("/api/appointments/" + booked.id() + "/calendar.ics?token=" + booked.token()).statusCode());
        for (String slot : Citizen.freeSlots("carsat")) {
            if (Citizen.post("/api/appointments/" + booked.id() + "/reschedule?token=" + booked.token(),
                    Json.write(Map.of("slotId", slot)), Map.of()).statusCode() == 200) {
                break;
            }
        }
        assertEquals(200, Citizen.post("/api/appointments/" + booked.id() + "/cancel?token=" + booked.token(), "", Map.of()).statusCode());
        waitForAFreedPlace();
        // Erasure cancels an appointment still to come (its place freed) and closes a pending callback first.
        Citizen.book("cpam", "Paul Rôle", CALLER, "paul.role@example.fr");
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        try {
            askForACallback(CALLER);
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        assertEquals(200, agent("DELETE", "/api/agent/contacts/" + CALLER, null).statusCode());
        // The coordinator reads who did what (the claim, the outcome and the erasure above).
        assertEquals(200, agent("GET", "/api/agent/audit?from=" + LocalDate.now(ZoneId.of("Europe/Paris")).minusDays(1) + "&to="
                + LocalDate.now(ZoneId.of("Europe/Paris")).plusDays(1), null).statusCode());

        // An agent books for a caller; a survey is sent once an appointment has ended and answered.
        String slot = Citizen.freeSlots("cpam").get(0);
        assertEquals(201, agent("POST", "/api/agent/appointments", Json.write(Map.of("slotId", slot, "name", "Léa Guichet",
                "phone", "+33612340003", "channel", "phone"))).statusCode());
        answerASurvey();
        // Erasure deletes the survey's answer and invitation, which name the citizen's appointment.
        assertEquals(200, agent("DELETE", "/api/agent/contacts/" + SURVEYED, null).statusCode());
        remindTheDayBefore();

        // A mobile site's stop is cancelled with an appointment booked at it.
        cancelABookedStop();
        // The back office opens a site with a permanence, closes it the day of an appointment, then removes both.
        BackOfficeEnd2EndTest.openBookAndClose();
        BackOfficeEnd2EndTest.removeWhatWasAdded();
        // Regeneration recreates a missing slot, deletes one no permanence plans and cancels what was booked on it.
        regenerateAroundStraySlots();
    }

    /** A call to the single number asking for a callback through the menu ({@link Citizen#callForACallback}). */
    @SuppressWarnings("unchecked")
    private static void askForACallback(String from) throws Exception {
        Map<String, Object> ended = Citizen.callForACallback(from);
        assertEquals("callback", ((Map<String, Object>) ended.get("outcome")).get("type"), String.valueOf(ended));
    }

    /** A callback asked for from Metz-Borny's page, in the first window it offers. */
    @SuppressWarnings("unchecked")
    private static void askOnTheWeb(String phone) throws Exception {
        HttpResponse<String> offered = Citizen.get("/api/callback-windows?site=metz-borny&theme=retraite");
        assertEquals(200, offered.statusCode(), offered.body());
        String window = (String) ((List<Map<String, Object>>) Json.readObject(offered.body()).get("windows")).get(0).get("key");
        HttpResponse<String> asked = Citizen.post("/api/callbacks", Json.write(Map.of("site", "metz-borny", "theme", "retraite",
                "phone", phone, "window", window)), Map.of());
        assertTrue(asked.statusCode() == 201 || asked.statusCode() == 200, asked.body());
    }

    /** Books the slot until it is full; returns its id. */
    private static String fill(String slotId) throws Exception {
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> answer = Citizen.post("/api/appointments", Json.write(Map.of("slotId", slotId, "name", "Remplissage",
                    "phone", "+33612340004")), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            if (answer.statusCode() == 409) {
                return slotId;
            }
            assertEquals(201, answer.statusCode(), answer.body());
        }
        throw new AssertionError(slotId + " never filled");
    }

    /**
     * Three citizens wait for a full slot; a cancellation frees its place, offered (the stream) to the first, whose
     * hold lapses (the sweep), then to the second, who leaves it, then to the third, who takes it; the first two are
     * then erased.
     */
    private static void waitForAFreedPlace() throws Exception {
        Citizen.Booked mine = Citizen.book("carsat", "Rose Place", "+33612340010", "");
        fill(mine.slotId());
        Slot slot = AppContext.get().booking().slots().find(mine.slotId()).orElseThrow();
        List<String> waiting = List.of("+33612340011", "+33612340012", "+33612340013");
        for (String phone : waiting) {
            assertEquals(201, Citizen.post("/api/waitlist", Json.write(Map.of("themeId", slot.themeIds().get(0), "siteId", slot.siteId(),
                    "from", slot.date().toString(), "to", slot.date().toString(), "name", "Rose Attente", "phone", phone,
                    "consent", true)), Map.of()).statusCode());
        }
        assertEquals(200, Citizen.post("/api/appointments/" + mine.id() + "/cancel?token=" + mine.token(), "", Map.of()).statusCode());
        offerTo(waiting.get(0));
        scheduledRunAt(Instant.now().plus(Duration.ofHours(3)), "ScheduledWaitlistHoldsFunction");
        String[] second = offerTo(waiting.get(1));
        assertEquals(200, Citizen.post("/api/waitlist/" + second[0] + "/decline?token=" + second[1], "", Map.of()).statusCode());
        String[] third = offerTo(waiting.get(2));
        assertEquals(200, Citizen.get("/api/waitlist/" + third[0] + "?token=" + third[1]).statusCode());
        assertEquals(201, Citizen.post("/api/waitlist/" + third[0] + "/confirm?token=" + third[1], "", Map.of()).statusCode());
        // The two still waiting are erased at their request: no later slot of that day goes to them.
        for (String phone : waiting.subList(0, 2)) {
            assertEquals(200, agent("DELETE", "/api/agent/contacts/" + phone, null).statusCode());
        }
    }

    /** The entry and token of the waitlist offer sent to a number. */
    private static String[] offerTo(String phone) throws Exception {
        String offer = Mailbox.await(1, message -> phone.equals(message.get("to"))
                && String.valueOf(message.get("text")).startsWith("Une place s")).toString();
        Matcher link = Pattern.compile("liste-attente\\.html\\?id=([^&]+)&token=([A-Za-z0-9_-]+)").matcher(offer);
        assertTrue(link.find(), offer);
        return new String[] {link.group(1), link.group(2)};
    }

    /** The link of a survey sent by the hourly run once an appointment has ended, answered. */
    private static void answerASurvey() throws Exception {
        Citizen.Booked booked = Citizen.book("cpam", "Lucie Avis", SURVEYED, "lucie.avis@example.fr");
        scheduledRunAt(time(booked, "end").plusSeconds(300), "ScheduledSurveySenderFunction");
        String outbox = Mailbox.await(1, message -> String.valueOf(message.get("text")).contains("rdv=" + booked.id())).toString();
        Matcher link = Pattern.compile("/avis\\.html\\?rdv=" + Pattern.quote(booked.id()) + "&token=([A-Za-z0-9_-]+)").matcher(outbox);
        assertTrue(link.find(), outbox);
        assertEquals(201, Citizen.post("/api/surveys/" + booked.id() + "?token=" + link.group(1),
                Json.write(Map.of("score", 4)), Map.of()).statusCode());
    }

    /** The afternoon run the day before an appointment reminds its citizen. */
    private static void remindTheDayBefore() throws Exception {
        Citizen.Booked booked = Citizen.book("cpam", "Marc Rappel", "+33612340008", "marc.rappel@example.fr");
        scheduledRunAt(time(booked, "start").minus(Duration.ofDays(1)), "ScheduledReminderSenderFunction");
        Mailbox.await(1, message -> "+33612340008".equals(message.get("to")) && String.valueOf(message.get("text")).startsWith("Rappel"));
    }

    /** The appointment's start or end, as its management link gives it. */
    @SuppressWarnings("unchecked")
    private static Instant time(Citizen.Booked booked, String which) throws Exception {
        Map<String, Object> appointment = (Map<String, Object>) Json.readObject(
                Citizen.get("/api/appointments/" + booked.id() + "?token=" + booked.token()).body()).get("appointment");
        return OffsetDateTime.parse((String) appointment.get(which)).toInstant();
    }

    /** Runs a scheduled function with the functions' clock at that instant. */
    private static void scheduledRunAt(Instant at, String function) throws Exception {
        Environment.setLocally("FIXED_CLOCK", at.toString());
        try {
            invoke(function, Files.readString(EmbeddedStack.repositoryRoot().resolve("events/" + function + ".json")));
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
    }

    /** Books a slot at the mobile site, then an agent cancels that day's stop. */
    @SuppressWarnings("unchecked")
    private static void cancelABookedStop() throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        List<Map<String, Object>> slots = (List<Map<String, Object>>) Json.readObject(Citizen.get("/api/slots?partner=france-services&site=" + MOBILE_SITE
                + "&from=" + today.plusDays(1) + "&to=" + today.plusDays(60) + "&pageSize=100").body()).get("slots");
        Map<String, Object> slot = slots.stream().filter(s -> !((String) s.get("start")).startsWith("2026-12-07"))
                .findFirst().orElseThrow();
        assertEquals(201, Citizen.post("/api/appointments", Json.write(Map.of("slotId", slot.get("id"), "name", "Jean Arrêt",
                "phone", "+33612340006", "themeId", ((List<String>) slot.get("themeIds")).get(0))), Map.of("Idempotency-Key", UUID.randomUUID().toString())).statusCode());
        String date = OffsetDateTime.parse((String) slot.get("start")).atZoneSameInstant(ZoneId.of("Europe/Paris")).toLocalDate().toString();
        HttpResponse<String> cancelled = agent("POST", "/api/agent/sites/" + MOBILE_SITE + "/stops/" + date + "/cancel", null);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
    }

    /**
     * Slots written around regeneration's plan (by the store, outside any function): a planned slot removed, and
     * two slots no permanence plans, one of them booked. The daily run puts back the first, deletes the unbooked
     * stray and cancels the appointment booked on the other.
     */
    private static void regenerateAroundStraySlots() throws Exception {
        DynamoSlotStore slots = AppContext.get().booking().slots();
        Slot planned = slots.find(Citizen.freeSlots("carsat").get(0)).orElseThrow();
        slots.deleteUnbooked(List.of(planned));
        Slot unbooked = strayOf(planned, 1);
        Slot booked = strayOf(planned, 2);
        slots.save(List.of(unbooked, booked));
        assertEquals(201, Citizen.post("/api/appointments", Json.write(Map.of("slotId", booked.id(), "name", "Anne Orpheline",
                "phone", "+33612340007", "email", "anne.orpheline@example.fr")),
                Map.of("Idempotency-Key", UUID.randomUUID().toString())).statusCode());
        invoke("ScheduledSlotGeneratorFunction", Files.readString(
                EmbeddedStack.repositoryRoot().resolve("events/ScheduledSlotGeneratorFunction.json")));
        assertTrue(slots.find(planned.id()).isPresent(), "the planned slot is back");
        assertTrue(slots.find(unbooked.id()).isEmpty(), "the stray slot is gone");
    }

    private static Slot strayOf(Slot planned, int minutes) {
        ZonedDateTime start = planned.start().plusMinutes(minutes);
        return new Slot(planned.permanenceId() + "#" + start.format(DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm")),
                planned.permanenceId(), planned.siteId(), planned.partnerId(), planned.themeIds(), start,
                planned.end().plusMinutes(minutes), planned.capacity(), 0);
    }

    /** The id of the callback a number asked for, read from the table (outside any function). */
    private static String callbackOf(String phone) {
        return AppContext.get().dynamo().scanPaginator(r -> r.tableName(Environment.required("CALLBACKS_TABLE"))).items().stream()
                .filter(item -> item.get("pk").s().startsWith("CALLBACK#") && item.containsKey("phone")
                        && phone.equals(item.get("phone").s()))
                .map(item -> item.get("pk").s().substring("CALLBACK#".length()))
                .findFirst().orElseThrow(() -> new AssertionError("no callback for " + phone));
    }

    private static HttpResponse<String> agent(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(path))
                .header("Authorization", "Bearer " + RunningStack.get().devAgentToken()).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return RunningStack.send(request.build());
    }

    private static void invoke(String function, String payload) throws Exception {
        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke(function))
                .POST(HttpRequest.BodyPublishers.ofString(payload)).build());
        assertEquals(200, response.statusCode(), function + ": " + response.body());
    }
}
