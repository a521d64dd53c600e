package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.appointment;
import static fr.accueil.domain.booking.Fixtures.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Theme;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AppointmentCalendarTest {
    private static final Partner CARSAT = new Partner("carsat", "CARSAT Nord-Est", "", List.of("retraite"));
    private static final Theme RETRAITE = new Theme("retraite", "Retraite, carrière", "retraite");
    private final Appointment appointment = appointment(slot("2025-09-16T09:00", 30, 1, 1));

    private String ics(Appointment appointment) {
        return AppointmentCalendar.ics(appointment, Fixtures.metz(), CARSAT, RETRAITE,
                "https://rdv.example.fr/rendez-vous/rdv-1?token=abc", Instant.parse("2025-09-01T08:00:00Z"));
    }

    private static String unfold(String text) {
        return text.replace("\r\n ", "");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
        "a,b | a\\,b",
        "a;b | a\\;b",
        "C:\\dossier | C:\\\\dossier",
        "\\, | \\\\\\,",
        "plain text | plain text"
    })
    void escapesTextValues(String raw, String escaped) {
        assertEquals(escaped, AppointmentCalendar.escape(raw));
    }

    @Test
    void escapesEveryKindOfNewline() {
        assertEquals("un\\ndeux\\ntrois\\nquatre", AppointmentCalendar.escape("un\ndeux\r\ntrois\rquatre"));
    }

    @Test
    void leavesAShortLineAlone() {
        String line = "SUMMARY:" + "x".repeat(67);
        assertEquals(line, AppointmentCalendar.fold(line));
    }

    @Test
    void foldsAtSeventyFiveOctetsWithALeadingSpace() {
        String line = "DESCRIPTION:" + "abcdefghij".repeat(20);
        String folded = AppointmentCalendar.fold(line);
        String[] lines = folded.split("\r\n");

        assertEquals(75, lines[0].length());
        assertTrue(Arrays.stream(lines).skip(1).allMatch(l -> l.startsWith(" ") && l.length() <= 75));
        assertEquals(75, lines[1].length());
        assertEquals(line, unfold(folded));
    }

    @Test
    void neverSplitsAMultiByteCharacter() {
        String line = "LOCATION:" + "é".repeat(40) + "😀".repeat(10) + "à".repeat(30);
        String folded = AppointmentCalendar.fold(line);

        for (String part : folded.split("\r\n")) {
            byte[] octets = part.getBytes(StandardCharsets.UTF_8);
            assertTrue(octets.length <= 75, part);
            assertEquals(part, new String(octets, StandardCharsets.UTF_8), "whole characters only");
        }
        assertEquals(line, unfold(folded));
    }

    @Test
    void describesTheAppointmentInUtcWithAReminder() {
        String ics = ics(appointment);

        assertTrue(ics.startsWith("BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:"), ics);
        assertTrue(ics.endsWith("END:VEVENT\r\nEND:VCALENDAR\r\n"));
        assertFalse(ics.replace("\r\n", "").contains("\n"), "CRLF line endings only");
        List<String> lines = Arrays.asList(unfold(ics).split("\r\n"));
        assertTrue(lines.containsAll(List.of(
                "UID:rdv-1@accueil",
                "DTSTAMP:20250901T080000Z",
                "DTSTART:20250916T070000Z",
                "DTEND:20250916T073000Z",
                "SUMMARY:Rendez-vous CARSAT Nord-Est – Retraite\\, carrière",
                "LOCATION:France Services Metz\\, 1 place d'Armes\\, 57000 Metz",
                "STATUS:CONFIRMED",
                "BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-PT2H",
                "DESCRIPTION:Rappel : rendez-vous CARSAT Nord-Est à 9 h 00\\, France Services Metz",
                "END:VALARM")), String.join("\n", lines));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("DESCRIPTION:Rendez-vous avec CARSAT Nord-Est")
                && l.contains("\\nTéléphone de l’accueil : +33387000000\\n")
                && l.endsWith("https://rdv.example.fr/rendez-vous/rdv-1?token=abc")));
        assertTrue(Arrays.stream(ics.split("\r\n")).allMatch(l -> l.getBytes(StandardCharsets.UTF_8).length <= 75));
    }

    @Test
    void aCancelledAppointmentIsExportedAsCancelled() {
        assertTrue(ics(appointment.withStatus(AppointmentStatus.CANCELLED)).contains("\r\nSTATUS:CANCELLED\r\n"));
    }
}
