package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.handlers.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Booking over HTTP through the local runner, on the seeded demo territory and its generated slots. */
class BookingEnd2EndTest {
    private final LocalStack stack = RunningStack.get();
    private final HttpClient http = HttpClient.newHttpClient();

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body, String idempotencyKey) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + stack.httpPort() + path);
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> freeSlots(String partner) throws Exception {
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        HttpResponse<String> response = get("/api/slots?partner=" + partner + "&from=" + today + "&to=" + today.plusDays(60)
                + "&pageSize=100");
        assertEquals(200, response.statusCode(), response.body());
        return (List<Map<String, Object>>) Json.readObject(response.body()).get("slots");
    }

    @Test
    @SuppressWarnings("unchecked")
    void searchBookViewDownloadRescheduleCancel() throws Exception {
        Map<String, Object> partners = Json.readObject(get("/api/partners").body());
        assertFalse(((List<?>) partners.get("partners")).isEmpty());
        assertFalse(((List<?>) Json.readObject(get("/api/themes").body()).get("themes")).isEmpty());

        // Beyond the 48-hour cancellation delay, so the appointment can still be moved and cancelled online.
        java.time.OffsetDateTime later = java.time.OffsetDateTime.now().plusDays(3);
        List<Map<String, Object>> slots = freeSlots("carsat").stream()
                .filter(s -> java.time.OffsetDateTime.parse((String) s.get("start")).isAfter(later)).toList();
        assertTrue(slots.size() >= 2, "the runner generated slots at start: " + slots);
        Map<String, Object> chosen = slots.get(0);
        String slotId = (String) chosen.get("id");

        String form = Json.write(Map.of("slotId", slotId, "name", "Jeanne Martin", "phone", "06 12 34 56 78",
                "email", "jeanne.martin@example.fr"));
        String key = UUID.randomUUID().toString();
        HttpResponse<String> booked = post("/api/appointments", form, key);
        assertEquals(201, booked.statusCode(), booked.body());
        Map<String, Object> answer = Json.readObject(booked.body());
        Map<String, Object> appointment = (Map<String, Object>) answer.get("appointment");
        String id = (String) appointment.get("id");
        String link = (String) answer.get("managementLink");
        String token = (String) answer.get("token");
        assertEquals("/rendez-vous/" + id + "?token=" + token, link);
        assertEquals("+33612345678", appointment.get("phone"));

        // Same key: the same appointment, without its link; the slot was not taken twice.
        HttpResponse<String> replay = post("/api/appointments", form, key);
        assertEquals(200, replay.statusCode());
        assertEquals(id, ((Map<String, Object>) Json.readObject(replay.body()).get("appointment")).get("id"));
        assertFalse(replay.body().contains("Jeanne"));

        // The place is gone (capacity 1): another booking is refused with the next free slots.
        HttpResponse<String> full = post("/api/appointments", form, UUID.randomUUID().toString());
        assertEquals(409, full.statusCode(), full.body());
        assertTrue(full.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertFalse(((List<?>) Json.readObject(full.body()).get("nextSlots")).isEmpty());
        assertTrue(freeSlots("carsat").stream().noneMatch(s -> slotId.equals(s.get("id"))));

        HttpResponse<String> viewed = get("/api/appointments/" + id + "?token=" + token);
        assertEquals(200, viewed.statusCode());
        assertEquals("BOOKED", ((Map<String, Object>) Json.readObject(viewed.body()).get("appointment")).get("status"));

        HttpResponse<String> ics = get("/api/appointments/" + id + "/calendar.ics?token=" + token);
        assertEquals(200, ics.statusCode());
        assertTrue(ics.headers().firstValue("Content-Type").orElse("").startsWith("text/calendar"));
        assertTrue(ics.body().startsWith("BEGIN:VCALENDAR\r\n"));
        assertTrue(ics.body().contains("UID:" + id + "@accueil"));

        // A wrong or missing token reads exactly as an unknown appointment.
        HttpResponse<String> wrong = get("/api/appointments/" + id + "?token=not-" + token);
        HttpResponse<String> missing = get("/api/appointments/" + id);
        HttpResponse<String> unknown = get("/api/appointments/" + UUID.randomUUID() + "?token=" + token);
        assertEquals(404, wrong.statusCode());
        assertEquals(wrong.body(), missing.body());
        assertEquals(wrong.body(), unknown.body());
        assertEquals(404, post("/api/appointments/" + id + "/cancel?token=wrong", "", null).statusCode());

        String target = (String) slots.get(1).get("id");
        HttpResponse<String> moved = post("/api/appointments/" + id + "/reschedule?token=" + token,
                Json.write(Map.of("slotId", target)), null);
        assertEquals(200, moved.statusCode(), moved.body());
        assertEquals(target, ((Map<String, Object>) Json.readObject(moved.body()).get("appointment")).get("slotId"));
        assertTrue(freeSlots("carsat").stream().anyMatch(s -> slotId.equals(s.get("id"))), "the old place is free again");

        HttpResponse<String> cancelled = post("/api/appointments/" + id + "/cancel?token=" + token, "", null);
        assertEquals(200, cancelled.statusCode(), cancelled.body());
        assertEquals("CANCELLED", ((Map<String, Object>) Json.readObject(cancelled.body()).get("appointment")).get("status"));
        assertTrue(freeSlots("carsat").stream().anyMatch(s -> target.equals(s.get("id"))));

        // The confirmation carried the link; the runner's mailbox shows it, sent by SNS and SES.
        assertTrue(Mailbox.await(1, message -> String.valueOf(message.get("text")).contains(link)).size() >= 1);
    }

    @Test
    @SuppressWarnings("unchecked")
    void badInputIsRefusedWithEveryProblemAndNothingIsStored() throws Exception {
        List<Map<String, Object>> before = freeSlots("carsat");
        String slotId = (String) before.get(before.size() - 1).get("id");

        HttpResponse<String> noKey = post("/api/appointments", Json.write(Map.of("slotId", slotId)), null);
        assertEquals(400, noKey.statusCode());

        HttpResponse<String> notJson = post("/api/appointments", "{oops", UUID.randomUUID().toString());
        assertEquals(400, notJson.statusCode());

        HttpResponse<String> invalid = post("/api/appointments",
                Json.write(Map.of("slotId", slotId, "name", "J", "phone", "123", "email", "nope")), UUID.randomUUID().toString());
        assertEquals(422, invalid.statusCode(), invalid.body());
        List<Map<String, Object>> errors = (List<Map<String, Object>>) Json.readObject(invalid.body()).get("errors");
        assertEquals(List.of("name", "phone", "email"), errors.stream().map(e -> e.get("field")).toList());
        assertEquals(before.size(), freeSlots("carsat").size(), "nothing was booked");

        HttpResponse<String> badSearch = get("/api/slots?from=2026-01-40");
        assertEquals(422, badSearch.statusCode());
        assertNotEquals("", badSearch.body());
    }
}
