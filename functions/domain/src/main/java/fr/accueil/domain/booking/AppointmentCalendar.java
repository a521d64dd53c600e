package fr.accueil.domain.booking;

import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/** An appointment as an iCalendar (RFC 5545) file, for the citizen's own calendar. */
public final class AppointmentCalendar {
    private static final DateTimeFormatter UTC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("H' h 'mm");
    private static final String CRLF = "\r\n";
    private static final int MAX_LINE_OCTETS = 75;

    private AppointmentCalendar() {
    }

    /**
     * The VCALENDAR of one appointment. Times are in UTC so no VTIMEZONE is needed: the citizen's
     * calendar shows them in its own zone.
     *
     * @param manageUrl the appointment's management link, to cancel or move it
     * @param stamp     when the file is produced (DTSTAMP)
     */
    public static String ics(Appointment appointment, Site site, Partner partner, Theme theme, String manageUrl,
            Instant stamp) {
        // A mobile site receives at the stop of the day, not at its home address.
        String where = site.name() + ", " + site.placeAt(appointment.start()).oneLine();
        String description = "Rendez-vous avec " + partner.name() + " pour « " + theme.label() + " » à " + where + ".\n"
                + (site.phone() == null ? "" : "Téléphone de l’accueil : " + site.phone() + "\n")
                + "Pour annuler ou déplacer ce rendez-vous : " + manageUrl;
        List<String> lines = List.of(
                "BEGIN:VCALENDAR",
                "VERSION:2.0",
                "PRODID:-//Accueil//Rendez-vous//FR",
                "CALSCALE:GREGORIAN",
                "METHOD:PUBLISH",
                "BEGIN:VEVENT",
                "UID:" + appointment.id() + "@accueil",
                "DTSTAMP:" + UTC.format(stamp),
                "DTSTART:" + UTC.format(appointment.start()),
                "DTEND:" + UTC.format(appointment.end()),
                "SUMMARY:" + escape("Rendez-vous " + partner.name() + " – " + theme.label()),
                "LOCATION:" + escape(where),
                "DESCRIPTION:" + escape(description),
                "STATUS:" + (appointment.status() == AppointmentStatus.CANCELLED ? "CANCELLED" : "CONFIRMED"),
                "BEGIN:VALARM",
                "ACTION:DISPLAY",
                "TRIGGER:-PT2H",
                "DESCRIPTION:" + escape("Rappel : rendez-vous " + partner.name() + " à "
                        + HOUR.format(appointment.start()) + ", " + site.name()),
                "END:VALARM",
                "END:VEVENT",
                "END:VCALENDAR");
        StringBuilder ics = new StringBuilder();
        lines.forEach(line -> ics.append(fold(line)).append(CRLF));
        return ics.toString();
    }

    /** A TEXT value escaped: backslash, semicolon, comma, and newlines as the two characters \n. */
    static String escape(String text) {
        return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,")
                .replace("\r\n", "\\n").replace("\n", "\\n").replace("\r", "\\n");
    }

    /**
     * A content line folded into lines of at most 75 octets, each continuation starting with a space.
     * Folds fall between characters, never inside a multi-byte UTF-8 sequence.
     */
    static String fold(String line) {
        StringBuilder folded = new StringBuilder();
        int octets = 0;
        for (int i = 0; i < line.length(); ) {
            int codePoint = line.codePointAt(i);
            String character = new String(Character.toChars(codePoint));
            int size = character.getBytes(StandardCharsets.UTF_8).length;
            if (octets + size > MAX_LINE_OCTETS) {
                folded.append(CRLF).append(' ');
                octets = 1;
            }
            folded.append(character);
            octets += size;
            i += Character.charCount(codePoint);
        }
        return folded.toString();
    }
}
