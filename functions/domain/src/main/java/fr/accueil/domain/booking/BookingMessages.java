package fr.accueil.domain.booking;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** The French texts citizens receive about their appointments, the same for SMS and email. */
public final class BookingMessages {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' HH'h'mm", Locale.FRENCH);

    /** One message: the subject is used by email only. */
    public record Message(String subject, String text) {
    }

    private final String territoryId;
    private final DirectoryStore directory;
    private final String publicBaseUrl;

    /** @param publicBaseUrl where the citizen pages are served, e.g. https://accueil.example.fr */
    public BookingMessages(String territoryId, DirectoryStore directory, String publicBaseUrl) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
    }

    /** The path of the management link, as the API returns it. */
    public static String managementPath(String appointmentId, String token) {
        return "/rendez-vous/" + appointmentId + "?token=" + token;
    }

    public Message confirmation(Appointment appointment, String token) {
        About about = about(appointment);
        return new Message("Votre rendez-vous " + about.partner() + " est confirmé",
                "Rendez-vous confirmé : " + about.what() + ". Pour l'annuler ou le déplacer : "
                        + publicBaseUrl + managementPath(appointment.id(), token));
    }

    public Message reminder(Appointment appointment) {
        About about = about(appointment);
        return new Message("Rappel : votre rendez-vous " + about.partner() + " demain",
                "Rappel : " + about.what() + ". Un empêchement ? Utilisez le lien reçu à la réservation ou appelez l'accueil.");
    }

    public Message cancellation(Appointment appointment, Notifier.CancellationReason reason) {
        About about = about(appointment);
        String text = reason == Notifier.CancellationReason.BY_SITE
                ? "Nous devons annuler votre rendez-vous : " + about.what()
                        + ". Veuillez nous excuser. Vous pouvez reprendre rendez-vous sur " + publicBaseUrl + "/."
                : "Votre rendez-vous est annulé : " + about.what() + ".";
        return new Message("Rendez-vous " + about.partner() + " annulé", text);
    }

    /** The path of the survey link sent after an appointment. */
    public static String surveyPath(String appointmentId, String token) {
        return "/avis.html?rdv=" + appointmentId + "&token=" + token;
    }

    public Message survey(Appointment appointment, String token) {
        String partner = partnerName(appointment);
        return new Message("Votre avis sur votre rendez-vous " + partner,
                "Comment s'est passé votre rendez-vous " + partner + " ? Donnez une note de 1 à 5 en un clic, "
                        + "sans compte : " + publicBaseUrl + surveyPath(appointment.id(), token)
                        + " (réponse facultative et anonyme).");
    }

    /** Who and what a message is about: the partner's name, and "partner, when, where". */
    private record About(String partner, String what) {
    }

    private About about(Appointment appointment) {
        String partner = partnerName(appointment);
        // A mobile site's citizens need the stop's address: the bus is somewhere else every day.
        String site = directory.site(territoryId, appointment.siteId())
                .map(s -> s.mobile() ? s.name() + ", " + s.placeAt(appointment.start()).oneLine() : s.name())
                .orElse(appointment.siteId());
        return new About(partner, partner + ", " + WHEN.format(appointment.start()) + ", " + site);
    }

    private String partnerName(Appointment appointment) {
        return directory.partner(territoryId, appointment.partnerId()).map(Partner::name).orElse(appointment.partnerId());
    }
}
