package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.ErasedBookingException;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.satisfaction.SurveyAnswer;
import fr.accueil.domain.satisfaction.SurveyChannel;
import fr.accueil.domain.satisfaction.SurveyInvitation;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The eraser's deletions (the profile events write, surveys, messages), against DynamoDB Local. */
class DynamoPersonalDataEraserIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-25T09:00:00Z"), ZoneOffset.UTC);
    private static final Duration RETENTION = Duration.ofDays(365);
    private static final LocalDate DAY = LocalDate.parse("2026-11-23");

    private final String booking = STACK.table("BookingTable");
    private final DynamoSlotStore slots = new DynamoSlotStore(STACK.client(), booking, CLOCK, RETENTION);
    private final DynamoAppointmentStore appointments = new DynamoAppointmentStore(STACK.client(), booking, CLOCK, RETENTION);
    private final DynamoSatisfactionStore satisfaction = new DynamoSatisfactionStore(STACK.client(),
            STACK.table("SatisfactionTable"), CLOCK, RETENTION);
    private final DynamoPersonalDataEraser eraser = new DynamoPersonalDataEraser(STACK.client(), STACK.table("ContactsTable"),
            STACK.table("CallbacksTable"), booking, STACK.table("SatisfactionTable"), STACK.table("MessagesTable"), true, CLOCK);

    @Test
    void theProfileABookingWroteGoesWithTheHistory() {
        String phone = "+3364" + (1_000_000 + (int) (Math.random() * 8_999_999));
        DynamoContactStore contacts = new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"), CLOCK, RETENTION);
        contacts.record(new fr.accueil.domain.contact.Interaction("b", phone, CLOCK.instant(), "web", "appointment-booked",
                java.util.Map.of("siteId", "metz-borny", "themeId", "retraite")));
        assertEquals("metz-borny", contacts.find(phone).orElseThrow().preferredSiteId());

        assertEquals(2, eraser.eraseContact(phone), "the history entry and the profile");
        assertTrue(contacts.find(phone).isEmpty(), "the caller is no longer known");
        assertTrue(contacts.history(phone, 10).isEmpty());
    }

    @Test
    void surveyAnswerAndInvitationGoTheCountersStay() {
        String appointmentId = UUID.randomUUID().toString();
        String site = "site-" + UUID.randomUUID();
        assertTrue(satisfaction.invite(new SurveyInvitation(appointmentId, "hash", site, "carsat", "retraite", DAY,
                CLOCK.instant().plus(Duration.ofDays(7)))));
        assertTrue(satisfaction.record(new SurveyAnswer(appointmentId, SurveyChannel.APPOINTMENT, site, "carsat", "retraite",
                DAY, List.of(4, 5))));

        assertEquals(2, eraser.eraseSurvey(SurveyChannel.APPOINTMENT, appointmentId), "the answer and the invitation");
        assertEquals(0, eraser.eraseSurvey(SurveyChannel.APPOINTMENT, appointmentId), "run again, nothing left");
        assertFalse(satisfaction.answered(SurveyChannel.APPOINTMENT, appointmentId));
        assertTrue(satisfaction.invitation(appointmentId).isEmpty());
        assertFalse(satisfaction.counters(site, DAY, DAY).isEmpty(), "the anonymous counters stay");
    }

    @Test
    void theRecipientsMessagesGoOthersStay() {
        String phone = "+3361" + (1_000_000 + (int) (Math.random() * 8_999_999));
        String email = "effacee-" + UUID.randomUUID() + "@example.fr";
        String other = "+33699999999";
        DynamoOutbox outbox = new DynamoOutbox(STACK.client(), booking, CLOCK, RETENTION);
        BookingMessages.Message message = new BookingMessages.Message("Votre rendez-vous", "Bonjour", null, null);
        outbox.send(Notifier.Channel.SMS, phone, message);
        outbox.send(Notifier.Channel.EMAIL, email, message);
        outbox.send(Notifier.Channel.SMS, other, message);

        assertEquals(2, eraser.eraseMessages(Set.of(phone, email), CLOCK.instant().minus(Duration.ofDays(3))));
        List<String> left = outbox.sentOn(LocalDate.now(CLOCK)).stream().map(DynamoOutbox.SentMessage::to).toList();
        assertFalse(left.contains(phone) || left.contains(email), left.toString());
        assertTrue(left.contains(other), "another citizen's message stays");
        assertEquals(0, eraser.eraseMessages(Set.of(phone, email), CLOCK.instant()));
    }

    @Test
    void aRepeatedBookingOfAnErasedAppointmentIsToldSoAndBooksNothing() {
        ZonedDateTime start = LocalDateTime.parse("2026-12-08T09:00").atZone(ZoneId.of("Europe/Paris"));
        String permanence = "p-" + UUID.randomUUID();
        Slot slot = new Slot(Slot.idOf(permanence, start.toLocalDateTime()), permanence, "metz-borny", "carsat",
                List.of("retraite"), start, start.plusMinutes(30), 2, 0);
        slots.save(List.of(slot));
        Appointment appointment = new Appointment(UUID.randomUUID().toString(), slot.id(), permanence, slot.siteId(),
                slot.partnerId(), "retraite", slot.start(), slot.end(), "Jeanne Martin", "+33612345678", null, null,
                AppointmentStatus.BOOKED, Channel.WEB, CLOCK.instant(), "hash", null);
        String key = "key-" + UUID.randomUUID();
        appointments.book(slot, appointment, key);
        assertTrue(appointments.cancel(appointment));
        eraser.eraseAppointment(appointment.id());

        Slot freed = slots.find(slot.id()).orElseThrow();
        Appointment again = new Appointment(UUID.randomUUID().toString(), slot.id(), permanence, slot.siteId(),
                slot.partnerId(), "retraite", slot.start(), slot.end(), "Jeanne Martin", "+33612345678", null, null,
                AppointmentStatus.BOOKED, Channel.WEB, CLOCK.instant(), "hash", null);
        assertThrows(ErasedBookingException.class, () -> appointments.book(freed, again, key));
        assertEquals(0, slots.find(slot.id()).orElseThrow().booked(), "nothing booked again");
        assertTrue(appointments.find(again.id()).isEmpty());
    }
}
