package fr.accueil.domain.booking;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Site;
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
        return new Message("Votre rendez-vous " + partner(appointment) + " est confirmé",
                "Rendez-vous confirmé : " + what(appointment) + ". Pour l'annuler ou le déplacer : "
                        + publicBaseUrl + managementPath(appointment.id(), token));
    }

    public Message reminder(Appointment appointment) {
        return new Message("Rappel : votre rendez-vous " + partner(appointment) + " demain",
                "Rappel : " + what(appointment) + ". Un empêchement ? Utilisez le lien reçu à la réservation ou appelez l'accueil.");
    }

    public Message cancellation(Appointment appointment, Notifier.CancellationReason reason) {
        String text = reason == Notifier.CancellationReason.BY_SITE
                ? "Nous devons annuler votre rendez-vous : " + what(appointment)
                        + ". Veuillez nous excuser. Vous pouvez reprendre rendez-vous sur " + publicBaseUrl + "/."
                : "Votre rendez-vous est annulé : " + what(appointment) + ".";
        return new Message("Rendez-vous " + partner(appointment) + " annulé", text);
    }

    /** The path of the survey link sent after an appointment. */
    public static String surveyPath(String appointmentId, String token) {
        return "/avis.html?rdv=" + appointmentId + "&token=" + token;
    }

    public Message survey(Appointment appointment, String token) {
        return new Message("Votre avis sur votre rendez-vous " + partner(appointment),
                "Comment s'est passé votre rendez-vous " + partner(appointment) + " ? Donnez une note de 1 à 5 en un clic, "
                        + "sans compte : " + publicBaseUrl + surveyPath(appointment.id(), token)
                        + " (réponse facultative et anonyme).");
    }

    private String what(Appointment appointment) {
        // A mobile site's citizens need the stop's address: the bus is somewhere else every day.
        String site = directory.site(territoryId, appointment.siteId())
                .map(s -> s.mobile() ? s.name() + ", " + s.placeAt(appointment.start()).oneLine() : s.name())
                .orElse(appointment.siteId());
        return partner(appointment) + ", " + WHEN.format(appointment.start()) + ", " + site;
    }

    private String partner(Appointment appointment) {
        return directory.partners(territoryId).stream().filter(p -> p.id().equals(appointment.partnerId()))
                .map(Partner::name).findFirst().orElse(appointment.partnerId());
    }
}
