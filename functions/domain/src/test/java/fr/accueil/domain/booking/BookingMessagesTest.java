package fr.accueil.domain.booking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Partner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BookingMessagesTest {
    /** Tuesday 2 December 2025, 9:30 in Metz. */
    private static final Slot SLOT = Fixtures.slot("2025-12-02T09:30", 30, 1, 0);
    private static final Appointment BOOKED = Fixtures.appointment(SLOT);
    private static final String LINK_TOKEN = "a".repeat(43);

    private final InMemoryDirectory directory = new InMemoryDirectory();

    private BookingMessages at(String instant) {
        directory.save("moselle", Fixtures.metz());
        directory.save("moselle", new Partner("carsat", "CARSAT Nord-Est", "", List.of("retraite")));
        return new BookingMessages("moselle", directory, "https://accueil.example.fr", new BookingRules(Duration.ofHours(48)),
                "+33387000000", Clock.fixed(Instant.parse(instant), ZoneOffset.UTC));
    }

    @Test
    void theConfirmationSaysUntilWhenTheLinkCancelsOrMoves() {
        String text = at("2025-11-20T08:00:00Z").confirmation(BOOKED, LINK_TOKEN).text();
        assertTrue(text.contains("jusqu’au dimanche 30 novembre à 9 h 30 : https://accueil.example.fr/rendez-vous/rdv-1?token="), text);
    }

    @Test
    void pastTheDeadlineTheConfirmationAndTheReminderGiveTheSingleNumber() {
        BookingMessages dayBefore = at("2025-12-01T08:00:00Z");
        String reminder = dayBefore.reminder(BOOKED).text();
        assertTrue(reminder.contains("Appelez le 03 87 00 00 00"), reminder);
        assertFalse(reminder.contains("lien"), reminder);
        String confirmation = dayBefore.confirmation(BOOKED, LINK_TOKEN).text();
        assertTrue(confirmation.contains("Appelez le 03 87 00 00 00") && !confirmation.contains("annuler"), confirmation);
    }

    @Test
    void beforeTheDeadlineTheReminderInvitesToUseTheLinkUntilIt() {
        String reminder = at("2025-11-25T08:00:00Z").reminder(BOOKED).text();
        assertTrue(reminder.contains("avec le lien reçu à la réservation, jusqu’au dimanche 30 novembre à 9 h 30"), reminder);
    }

    @Test
    void everySmsIsGsm7InTwoPartsAtMost() {
        BookingMessages beforeDeadline = at("2025-11-20T08:00:00Z");
        BookingMessages afterDeadline = at("2025-12-01T08:00:00Z");
        for (BookingMessages.Message message : List.of(beforeDeadline.confirmation(BOOKED, LINK_TOKEN),
                afterDeadline.confirmation(BOOKED, LINK_TOKEN), beforeDeadline.reminder(BOOKED), afterDeadline.reminder(BOOKED),
                beforeDeadline.cancellation(BOOKED, Notifier.CancellationReason.BY_SITE),
                beforeDeadline.survey(BOOKED, LINK_TOKEN))) {
            String sms = message.smsText();
            assertEquals(sms, SmsText.gsm7(sms), "already GSM-7");
            assertTrue(SmsText.parts(sms) <= SmsText.MAX_PARTS, sms.length() + ": " + sms);
        }
    }

    @Test
    void gsm7KeepsFrenchLettersItHasAndDropsTheAccentsItLacks() {
        assertEquals("Février, aout, été, garcon, \"oui\", coeur, à l'école - Noel, é è à ù",
                SmsText.gsm7("Février, août, été, garçon, «oui», cœur, à l’école – Noël, é è à ù"));
        assertEquals(1, SmsText.parts("x".repeat(160)));
        assertEquals(2, SmsText.parts("x".repeat(161)));
        assertEquals(3, SmsText.parts("x".repeat(307)));
    }

    @Test
    void aNumberThatGetsNoSmsIsToldAtBookingAndGetsOnlyEmail() {
        Appointment landline = Appointment.book("rdv-2", SLOT, new BookingRequest(SLOT.id(), null, "Marie Curie",
                "03 87 12 34 56", "marie@example.fr", null, Channel.WEB).validFor(SLOT), Instant.parse("2025-09-01T08:00:00Z"), "h", null);
        assertEquals(List.of(Notifier.Channel.EMAIL), landline.contactChannels());
        assertTrue(BookingMessages.smsNotice(landline).orElseThrow().contains("par e-mail"));
        assertEquals(Optional.empty(), BookingMessages.smsNotice(BOOKED));
        assertEquals(List.of(Notifier.Channel.SMS, Notifier.Channel.EMAIL), BOOKED.contactChannels());
    }

    @Test
    void anSmsOverTheQuotaIsNotSentButTheEmailIs() {
        List<String> sent = new java.util.ArrayList<>();
        MessageSender quota = new QuotaMessageSender((channel, to, message) -> sent.add(channel + " " + to), to -> false);
        BookingMessages.Message message = new BookingMessages.Message("s", "t", "rdv-1", null);
        quota.send(Notifier.Channel.SMS, "+33612345678", message);
        quota.send(Notifier.Channel.EMAIL, "marie@example.fr", message);
        assertEquals(List.of("EMAIL marie@example.fr"), sent);
    }
}
