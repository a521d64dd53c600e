package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A GDPR erasure leaves nothing: a citizen books online and through an agent, asks for callbacks by phone
 * and by the voice flow, answers the surveys about a call, a callback and an appointment; after the
 * erasure no item of any table of template.yaml holds their number (in any writing), email or name,
 * repeating a booking request answers 410 and the management link 404.
 */
class ErasureEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();
    private static final String NAME = "Maëlys Quintrec";
    private final String digits = String.format("%08d", (long) (Math.random() * 100_000_000));
    private final String e164 = "+336" + digits;
    private final String national = "06" + digits;
    private final String email = "maelys.quintrec." + UUID.randomUUID().toString().substring(0, 8) + "@example.fr";

    @Test
    @SuppressWarnings("unchecked")
    void anErasureLeavesNoItemWithTheNumberTheEmailOrTheNameAndRepeatsAnswer4xx() throws Exception {
        // Online, with a key of the citizen's client; then through an agent on the phone.
        // A key per attempt: a refused attempt's key stays bound to its body, and the replays below reuse the one that booked.
        String webKey = null;
        Map<String, Object> webBody = null;
        List<String> refusals = new ArrayList<>();
        Map<String, Object> web = null;
        for (String slotId : Citizen.freeSlots("carsat")) {
            webKey = UUID.randomUUID().toString();
            webBody = Map.of("slotId", slotId, "name", NAME, "phone", spaced(national), "email", email);
            HttpResponse<String> booked = Citizen.post("/api/appointments", Json.write(webBody), Map.of("Idempotency-Key", webKey));
            if (booked.statusCode() == 201) {
                web = Json.readObject(booked.body());
                break;
            }
            refusals.add(booked.statusCode() + " " + booked.body());
        }
        assertTrue(web != null, "booked online: " + refusals);
        String webId = (String) ((Map<String, Object>) web.get("appointment")).get("id");
        String webToken = (String) web.get("token");
        String agentKey = null;
        Map<String, Object> agentBody = null;
        refusals.clear();
        for (String slotId : Citizen.freeSlots("carsat")) {
            agentKey = UUID.randomUUID().toString();
            agentBody = Map.of("slotId", slotId, "name", NAME, "phone", e164, "channel", "phone");
            HttpResponse<String> booked = agent("POST", "/api/agent/appointments", agentBody, agentKey, STACK.devAgentToken());
            if (booked.statusCode() == 201) {
                break;
            }
            refusals.add(booked.statusCode() + " " + booked.body());
            agentBody = null;
        }
        assertTrue(agentBody != null, "booked by an agent: " + refusals);
        // On the waitlist too, for the theme at the site of the online booking.
        Map<String, Object> bookedOnline = (Map<String, Object>) web.get("appointment");
        HttpResponse<String> waiting = Citizen.post("/api/waitlist", Json.write(Map.of("themeId", bookedOnline.get("themeId"),
                "siteId", bookedOnline.get("siteId"), "name", NAME, "phone", spaced(national), "email", email, "consent", true)), Map.of());
        assertEquals(201, waiting.statusCode(), waiting.body());

        // A callback from a call through the menu, another from the voice flow; the surveys about both.
        // Their bookings made them known: put through to their site, they key * for the menu. On a Monday morning, the
        // counters open: what a call hears depends on the hour (at lunch or at night the closed flow answers).
        Environment.setLocally("FIXED_CLOCK", Citizen.MONDAY_MORNING);
        try {
            Map<String, Object> ended = Citizen.callForACallback(spaced(national));
            assertEquals("callback", ((Map<String, Object>) ended.get("outcome")).get("type"), String.valueOf(ended));
            Map<String, Object> request = connectEvent("ConnectCallbackRequestFunction.json", null);
            Map<String, Object> requested = Json.readObject(invoke("ConnectCallbackRequestFunction", request));
            assertEquals("booked", requested.get("result"), String.valueOf(requested));
            assertEquals("true", Json.readObject(invoke("ConnectSurveyFunction",
                    connectEvent("ConnectSurveyFunction.callback.json", (String) requested.get("callbackId")))).get("recorded"));
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        String contactId = contactIdOfTheCall();
        Map<String, Object> phoneSurvey = connectEvent("ConnectSurveyFunction.json", null);
        ((Map<String, Object>) ((Map<String, Object>) phoneSurvey.get("Details")).get("ContactData")).put("ContactId", contactId);
        assertEquals("true", Json.readObject(invoke("ConnectSurveyFunction", phoneSurvey)).get("recorded"));

        // The survey link sent once an appointment has ended, answered; the erasure comes after it.
        Citizen.Booked surveyed = Citizen.book("cpam", NAME, e164, email);
        Instant afterIt = Citizen.time(surveyed, "end").plusSeconds(300);
        Environment.setLocally("FIXED_CLOCK", afterIt.toString());
        Map<String, Object> erasure;
        try {
            invoke("ScheduledSurveySenderFunction", Json.readObject(Files.readString(
                    EmbeddedStack.repositoryRoot().resolve("events/ScheduledSurveySenderFunction.json"))));
            // The invitation as the citizen received it: sent by MessageSenderFunction to the loopback providers.
            String invitation = Mailbox.await(1, m -> String.valueOf(m.get("text")).contains("rdv=" + surveyed.id())).toString();
            Matcher link = Pattern.compile("/avis\\.html\\?rdv=" + Pattern.quote(surveyed.id()) + "&token=([A-Za-z0-9_-]+)").matcher(invitation);
            assertTrue(link.find(), invitation);
            assertEquals(201, Citizen.post("/api/surveys/" + surveyed.id() + "?token=" + link.group(1),
                    Json.write(Map.of("score", 4)), Map.of()).statusCode());
            assertTrue(scanForTheCitizen().size() > 0, "the run left the citizen's data before the erasure");
            // The access export holds the contact profile the bookings set (last: a CPAM appointment, health).
            HttpResponse<String> exported = agent("GET", "/api/agent/contacts/" + national + "/export", null, null, dpo());
            assertEquals(200, exported.statusCode(), exported.body());
            Map<?, ?> profile = (Map<?, ?>) Json.readObject(exported.body()).get("profile");
            assertEquals("sante", profile.get("lastThemeId"), exported.body());
            assertTrue(profile.get("preferredSiteId") != null && profile.get("profileUpdatedAt") != null, exported.body());

            HttpResponse<String> erased = agent("DELETE", "/api/agent/contacts/" + national, null, null, dpo());
            assertEquals(200, erased.statusCode(), erased.body());
            erasure = Json.readObject(erased.body());
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        assertEquals(3, number(erasure, "appointmentsDeleted"), String.valueOf(erasure));
        assertEquals(2, number(erasure, "callbacksDeleted"), String.valueOf(erasure));
        // The survey sender invites every appointment of the citizen over by then: the surveyed one, and the others
        // when today's free slots put them earlier (it depends on the day the test runs).
        Pattern surveyLink = Pattern.compile("/avis\\.html\\?rdv=([^&]+)&");
        long invitations = Mailbox.messages().stream().filter(Mailbox.to(email).or(Mailbox.to(e164)))
                .map(m -> surveyLink.matcher(String.valueOf(m.get("text")))).filter(Matcher::find).map(m -> m.group(1))
                .distinct().count();
        assertTrue(invitations >= 1, "the surveyed appointment's invitation");
        assertEquals(3 + invitations, number(erasure, "surveyItemsDeleted"), "three answers and the invitations: " + erasure);
        assertTrue(number(erasure, "messagesDeleted") >= 4, "confirmations by SMS and email, the survey link: " + erasure);
        assertTrue(number(erasure, "historyItemsDeleted") >= 5, String.valueOf(erasure));

        assertEquals(List.of(), scanForTheCitizen(), "no item of any table holds the citizen's number, email or name");

        // Repeats answer 4xx with a French reason, and book nothing; the links lead nowhere.
        HttpResponse<String> replayed = Citizen.post("/api/appointments", Json.write(webBody), Map.of("Idempotency-Key", webKey));
        assertEquals(410, replayed.statusCode(), replayed.body());
        assertTrue(replayed.body().contains("Cette réservation a été effacée"), replayed.body());
        HttpResponse<String> agentReplay = agent("POST", "/api/agent/appointments", agentBody, agentKey, STACK.devAgentToken());
        assertEquals(410, agentReplay.statusCode(), agentReplay.body());
        assertEquals(404, Citizen.get("/api/appointments/" + webId + "?token=" + webToken).statusCode());
        assertEquals(404, Citizen.post("/api/appointments/" + webId + "/cancel?token=" + webToken, "", Map.of()).statusCode());
        assertEquals(404, Citizen.get("/api/appointments/" + surveyed.id() + "?token=" + surveyed.token()).statusCode());
        assertEquals(List.of(), scanForTheCitizen(), "the repeats stored nothing");
        System.out.println("[erasure] " + erasure + " tables scanned=" + tables().keySet());
    }

    /** Every item of every table of template.yaml that holds the number in any writing, the email or the name. */
    private List<String> scanForTheCitizen() throws Exception {
        List<String> forms = List.of(e164, national, spaced(national), national.replaceAll("(\\d{2})(?!$)", "$1."),
                e164.substring(1), email.toLowerCase(Locale.ROOT), "Quintrec", "quintrec");
        List<String> found = new ArrayList<>();
        for (Map.Entry<String, String> table : tables().entrySet()) {
            AppContext.get().dynamo().scanPaginator(r -> r.tableName(table.getValue())).items().forEach(item -> {
                String text = item.toString();
                String compact = text.replaceAll("[ .\\-]", "");
                if (forms.stream().anyMatch(f -> text.contains(f) || compact.contains(f.replaceAll("[ .\\-]", "")))) {
                    found.add(table.getKey() + " " + item.get("pk") + " / " + item.get("sk"));
                }
            });
        }
        return found;
    }

    /** Each table of template.yaml by logical id, named as the functions' environment names it. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> tables() throws Exception {
        Template template = Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
        Map<String, Object> variables = (Map<String, Object>) template.global("Function", "Environment", "Variables");
        Map<String, String> tables = new TreeMap<>();
        for (String id : template.resources("AWS::DynamoDB::Table").keySet()) {
            String variable = variables.entrySet().stream().filter(v -> Map.of("Ref", id).equals(v.getValue()))
                    .map(Map.Entry::getKey).findFirst().orElseThrow(() -> new AssertionError(id + " has no variable in Globals"));
            tables.put(id, Environment.required(variable));
        }
        assertTrue(tables.size() >= 6, tables.toString());
        return tables;
    }

    /** A Connect event of events/ from this citizen's number, about a callback when one is given. */
    @SuppressWarnings("unchecked")
    private Map<String, Object> connectEvent(String file, String callbackId) throws Exception {
        Map<String, Object> event = Json.readObject(Files.readString(EmbeddedStack.repositoryRoot().resolve("events/" + file)));
        Map<String, Object> contact = (Map<String, Object>) ((Map<String, Object>) event.get("Details")).get("ContactData");
        ((Map<String, Object>) contact.get("CustomerEndpoint")).put("Address", e164);
        contact.put("ContactId", UUID.randomUUID().toString());
        if (callbackId != null) {
            ((Map<String, Object>) contact.get("Attributes")).put("callbackId", callbackId);
        }
        return event;
    }

    /** The Connect contact id of the call, as the history names it (the survey about the call is keyed by it). */
    @SuppressWarnings("unchecked")
    private String contactIdOfTheCall() throws Exception {
        HttpResponse<String> history = agent("GET", "/api/agent/contacts/" + e164 + "/history", null, null, dpo());
        assertEquals(200, history.statusCode(), history.body());
        return ((List<Map<String, Object>>) Json.readObject(history.body()).get("history")).stream()
                .map(entry -> ((Map<String, String>) entry.get("details")).get("contactId"))
                .filter(id -> id != null).findFirst().orElseThrow(() -> new AssertionError(history.body()));
    }

    private static String invoke(String function, Map<String, Object> payload) throws Exception {
        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke(function))
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(payload))).build());
        assertEquals(200, response.statusCode(), function + ": " + response.body());
        return response.body();
    }

    private static HttpResponse<String> agent(String method, String path, Map<String, Object> body, String key, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(path)).header("Authorization", "Bearer " + token);
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(Json.write(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return RunningStack.send(request.build());
    }

    private static String dpo() {
        return STACK.agentTokens().issue(new DevAgentTokens.Agent("dpo", List.of("data-protection"), null, null), Duration.ofHours(1));
    }

    private static String spaced(String nationalNumber) {
        return nationalNumber.replaceAll("(\\d{2})(?!$)", "$1 ");
    }

    private static int number(Map<String, Object> json, String name) {
        return ((Number) json.get(name)).intValue();
    }
}
