package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Messages to citizens on the whole local stack: queued in MessagesTable by the request, sent by
 * MessageSenderFunction from the table's stream (the runner's event source mapping) through the real SNS and SES
 * SDK clients to the loopback providers, whose mailbox is read.
 */
class MessagesEnd2EndTest {
    private static final LocalStack STACK = RunningStack.get();

    private static String mobile() {
        return "+3367" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
    }

    @Test
    void aBookingWithAMobileAndAnEmailSendsOneSmsAndOneEmail() throws Exception {
        String phone = mobile();
        String email = "m-" + UUID.randomUUID() + "@example.fr";
        Citizen.Booked booked = Citizen.book("cpam", "Nina Message", phone, email);
        List<Map<String, Object>> sms = Mailbox.await(1, Mailbox.to(phone));
        List<Map<String, Object>> mail = Mailbox.await(1, Mailbox.to(email));
        Thread.sleep(1500); // a second send would have arrived by now
        assertEquals(1, Mailbox.messages().stream().filter(Mailbox.to(phone)).count());
        assertEquals(1, Mailbox.messages().stream().filter(Mailbox.to(email)).count());
        assertEquals("SMS", sms.get(0).get("channel"));
        assertEquals("EMAIL", mail.get(0).get("channel"));
        assertTrue(String.valueOf(sms.get(0).get("text")).contains("/rendez-vous/" + booked.id() + "?token=" + booked.token()));
        assertTrue(String.valueOf(mail.get(0).get("subject")).contains("est confirmé"));
        assertEquals(List.of(), STACK.streams().failed());
        String queued = scanMessages();
        assertFalse(queued.contains(phone) || queued.contains(email) || queued.contains(booked.token()), "sent messages leave nothing");
        HttpResponse<String> page = Citizen.get(DevMailbox.PAGE);
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(email), "the mailbox page shows it");
    }

    @Test
    void runningTheRemindersTwiceSendsOneReminder() throws Exception {
        String phone = mobile();
        Citizen.Booked booked = Citizen.book("cpam", "Remi Deux", phone, "");
        Mailbox.await(1, Mailbox.to(phone));
        Instant dayBefore = start(booked).minus(Duration.ofDays(1));
        runAt(dayBefore, "ScheduledReminderSenderFunction");
        runAt(dayBefore.plusSeconds(60), "ScheduledReminderSenderFunction");
        Mailbox.await(2, Mailbox.to(phone));
        Thread.sleep(1500);
        List<Map<String, Object>> reminders = Mailbox.messages().stream().filter(Mailbox.to(phone))
                .filter(m -> String.valueOf(m.get("text")).startsWith("Rappel")).toList();
        assertEquals(1, reminders.size(), String.valueOf(reminders));
        assertTrue(String.valueOf(reminders.get(0).get("text")).contains("Appelez"), "past the deadline, the number to call");
    }

    @Test
    void aLandlineGetsNoSmsAndIsToldSo() throws Exception {
        String email = "fixe-" + UUID.randomUUID() + "@example.fr";
        String landline = "+33387" + String.format("%06d", Math.floorMod(UUID.randomUUID().hashCode(), 1_000_000));
        HttpResponse<String> answer = Citizen.post("/api/appointments", Json.write(Map.of("slotId", Citizen.freeSlots("cpam").get(0),
                "name", "Fanny Fixe", "phone", landline, "email", email)), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
        assertEquals(201, answer.statusCode(), answer.body());
        assertTrue(String.valueOf(Json.readObject(answer.body()).get("smsNotice")).contains("par e-mail"), answer.body());
        Mailbox.await(1, Mailbox.to(email));
        Thread.sleep(1500);
        assertEquals(0, Mailbox.messages().stream().filter(Mailbox.to(landline)).count());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aReplayAfterTwoMinutesResendsTheLinkToThePhoneBookedWithAndNeverInTheAnswer() throws Exception {
        String phone = mobile();
        String key = UUID.randomUUID().toString();
        String request = Json.write(Map.of("slotId", Citizen.freeSlots("cpam").get(0), "name", "Rémi Renvoi", "phone", phone));
        HttpResponse<String> first = Citizen.post("/api/appointments", request, Map.of("Idempotency-Key", key));
        assertEquals(201, first.statusCode(), first.body());
        Map<String, Object> booked = Json.readObject(first.body());
        String id = (String) ((Map<String, Object>) booked.get("appointment")).get("id");
        String token = (String) booked.get("token");
        Mailbox.await(1, Mailbox.to(phone));

        Environment.setLocally("FIXED_CLOCK", Instant.now().plus(Duration.ofMinutes(3)).toString());
        HttpResponse<String> replay;
        try {
            replay = Citizen.post("/api/appointments", request, Map.of("Idempotency-Key", key));
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        assertEquals(200, replay.statusCode(), replay.body());
        assertEquals(true, Json.readObject(replay.body()).get("linkResent"), replay.body());
        assertFalse(replay.body().contains("token"), "the link goes to the phone, not to whoever repeats the key");
        List<Map<String, Object>> sms = Mailbox.await(2, Mailbox.to(phone));
        String resent = sms.stream().map(m -> String.valueOf(m.get("text"))).filter(t -> !t.contains(token)).findFirst().orElseThrow();
        java.util.regex.Matcher link = java.util.regex.Pattern.compile("token=([A-Za-z0-9_-]+)").matcher(resent);
        assertTrue(link.find(), resent);
        assertEquals(200, Citizen.get("/api/appointments/" + id + "?token=" + link.group(1)).statusCode(), "the new link opens it");
        assertEquals(404, Citizen.get("/api/appointments/" + id + "?token=" + token).statusCode(), "the first one no longer does");
    }

    private static String scanMessages() {
        return AppContext.get().dynamo().scan(r -> r.tableName(Environment.required("MESSAGES_TABLE"))).items().toString();
    }

    @SuppressWarnings("unchecked")
    private static Instant start(Citizen.Booked booked) throws Exception {
        Map<String, Object> appointment = (Map<String, Object>) Json.readObject(
                Citizen.get("/api/appointments/" + booked.id() + "?token=" + booked.token()).body()).get("appointment");
        return OffsetDateTime.parse((String) appointment.get("start")).toInstant();
    }

    private static void runAt(Instant at, String function) throws Exception {
        Environment.setLocally("FIXED_CLOCK", at.toString());
        try {
            HttpResponse<String> run = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke(function))
                    .POST(HttpRequest.BodyPublishers.ofString(Files.readString(EmbeddedStack.repositoryRoot().resolve("events/" + function + ".json"))))
                    .build());
            assertEquals(200, run.statusCode(), run.body());
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
    }
}
