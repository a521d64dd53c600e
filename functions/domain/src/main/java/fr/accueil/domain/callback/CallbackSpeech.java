package fr.accueil.domain.callback;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** French sentences for speech (Amazon Polly reads "9 h" as "neuf heures"). */
public final class CallbackSpeech {
    private static final DateTimeFormatter WEEKDAY = DateTimeFormatter.ofPattern("EEEE", Locale.FRENCH);
    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("MMMM", Locale.FRENCH);

    private CallbackSpeech() {
    }

    /** "Nous vous rappellerons demain entre 9 h et 10 h." */
    public static String confirmation(DueWindow window, Instant now) {
        return "Nous vous rappellerons " + span(window, now) + ".";
    }

    /** For a caller who asks again while a callback is pending. */
    public static String alreadyPending(DueWindow window, Instant now) {
        return "Vous avez déjà une demande de rappel en cours. Nous vous rappellerons " + span(window, now) + ".";
    }

    /**
     * What a citizen who answers an automatic callback hears first: who calls back and why.
     * "Bonjour, ici France Services Metz-Borny. Nous vous rappelons comme vous l'avez demandé, au sujet de : Retraite. …"
     *
     * @param siteName   the site calling back, or null: "France Services"
     * @param themeLabel the theme of the callback, or null when unknown
     */
    public static String announcement(String siteName, String themeLabel) {
        return "Bonjour, ici " + (siteName == null || siteName.isBlank() ? "France Services" : siteName)
                + ". Nous vous rappelons comme vous l'avez demandé"
                + (themeLabel == null || themeLabel.isBlank() ? "" : ", au sujet de : " + themeLabel)
                + ". Un conseiller va vous répondre.";
    }

    /** "aujourd'hui entre 14 h 30 et 15 h 30", in the site's time zone. */
    public static String span(DueWindow window, Instant now) {
        LocalDate today = now.atZone(window.zone()).toLocalDate();
        return day(window.localFrom().toLocalDate(), today) + " entre " + hour(window.localFrom().toLocalTime())
                + " et " + hour(window.localTo().toLocalTime());
    }

    /** "aujourd'hui", "demain", else "lundi 24 novembre" ("samedi 1er novembre"). */
    public static String day(LocalDate date, LocalDate today) {
        if (date.equals(today)) {
            return "aujourd'hui";
        }
        if (date.equals(today.plusDays(1))) {
            return "demain";
        }
        String dayOfMonth = date.getDayOfMonth() == 1 ? "1er" : Integer.toString(date.getDayOfMonth());
        return WEEKDAY.format(date) + " " + dayOfMonth + " " + MONTH.format(date);
    }

    /** The half-day a window starts in: "ce matin", "cet après-midi", "demain matin", "lundi 24 novembre après-midi". */
    public static String halfDay(LocalDateTime start, LocalDate today) {
        boolean morning = start.toLocalTime().isBefore(LocalTime.NOON);
        LocalDate date = start.toLocalDate();
        if (date.equals(today)) {
            return morning ? "ce matin" : "cet après-midi";
        }
        return day(date, today) + (morning ? " matin" : " après-midi");
    }

    /** "9 h", "14 h 30", "9 h 05". */
    public static String hour(LocalTime time) {
        return time.getMinute() == 0
                ? time.getHour() + " h"
                : time.getHour() + " h " + String.format(Locale.ROOT, "%02d", time.getMinute());
    }
}
