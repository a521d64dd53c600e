package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.Json;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A citizen booking through the running stack's HTTP API, as the booking page does. */
final class Citizen {
    /** An appointment as its management link gives it. */
    record Booked(String id, String token, String slotId) {
    }

    private Citizen() {
    }

    /** A Monday, 10:00 in Paris: the counters open, for a call whose menu must not depend on when the tests run. */
    static final String MONDAY_MORNING = "2026-11-23T09:00:00Z";

    /** Free slots of a partner from three days on (past the cancellation delay), in random order. */
    static List<String> freeSlots(String partner) throws Exception {
        return freeSlots(partner, null);
    }

    /** Free slots of a partner at a site (anywhere when null), from three days on, in random order. */
    @SuppressWarnings("unchecked")
    static List<String> freeSlots(String partner, String site) throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        HttpResponse<String> response = get("/api/slots?partner=" + partner + (site == null ? "" : "&site=" + site) + "&from=" + today
                + "&to=" + today.plusDays(60) + "&pageSize=100");
        OffsetDateTime later = OffsetDateTime.now().plusDays(3);
        List<String> ids = new ArrayList<>(((List<Map<String, Object>>) Json.readObject(response.body()).get("slots")).stream()
                .filter(s -> OffsetDateTime.parse((String) s.get("start")).isAfter(later))
                .map(s -> (String) s.get("id")).toList());
        Collections.shuffle(ids);
        return ids;
    }

    /** Books one of the partner's free slots (another when a concurrent test took it). */
    static Booked book(String partner, String name, String phone, String email) throws Exception {
        return book(partner, null, name, phone, email);
    }

    /** Books one of the partner's free slots at a site (anywhere when null); no email when null. */
    static Booked book(String partner, String site, String name, String phone, String email) throws Exception {
        for (String slotId : freeSlots(partner, site)) {
            Map<String, String> form = new java.util.HashMap<>(Map.of("slotId", slotId, "name", name, "phone", phone));
            if (email != null) {
                form.put("email", email);
            }
            HttpResponse<String> answer = post("/api/appointments", Json.write(form), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            if (answer.statusCode() == 201) {
                Map<String, Object> booked = Json.readObject(answer.body());
                @SuppressWarnings("unchecked")
                String id = (String) ((Map<String, Object>) booked.get("appointment")).get("id");
                return new Booked(id, (String) booked.get("token"), slotId);
            }
            assertTrue(answer.statusCode() == 409, answer.statusCode() + " " + answer.body());
        }
        throw new AssertionError("no free slot of " + partner + (site == null ? "" : " at " + site));
    }

    /**
     * A call to the single number asking for a callback about allocations through the menu: 4 (horaires, adresses ou
     * rappel), 2 (rappel), 1 (allocations), then 1 at the offer (as soon as possible). A caller the service knows (a
     * booking, an earlier callback) is first put through to their site, and keys * for the menu. The call's last state.
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> callForACallback(String from) throws Exception {
        Map<String, Object> call = Json.readObject(post("/api/phone/calls", Json.write(Map.of("from", from)), Map.of()).body());
        List<String> keys = new ArrayList<>(List.of("4", "2", "1", "1"));
        List<Map<String, Object>> prompts = (List<Map<String, Object>>) call.get("prompts");
        if (!prompts.isEmpty() && ((String) prompts.get(0).get("text")).startsWith("Nous vous mettons en relation")) {
            keys.add(0, "*");
        }
        Map<String, Object> ended = call;
        for (String key : keys) {
            ended = Json.readObject(post("/api/phone/calls/" + call.get("callId") + "/input", Json.write(Map.of("digits", key)), Map.of())
                    .body());
        }
        return ended;
    }

    /** The appointment's "start" or "end", as its management link gives it. */
    @SuppressWarnings("unchecked")
    static java.time.Instant time(Booked booked, String which) throws Exception {
        Map<String, Object> appointment = (Map<String, Object>) Json.readObject(
                get("/api/appointments/" + booked.id() + "?token=" + booked.token()).body()).get("appointment");
        return OffsetDateTime.parse((String) appointment.get(which)).toInstant();
    }

    static HttpResponse<String> get(String path) throws Exception {
        return RunningStack.send(HttpRequest.newBuilder(RunningStack.http(path)).GET().build());
    }

    static HttpResponse<String> post(String path, String body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(RunningStack.http(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(request::header);
        return RunningStack.send(request.build());
    }
}
