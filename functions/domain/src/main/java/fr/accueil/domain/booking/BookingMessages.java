package fr.accueil.domain.booking;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.phone.PhoneNumbers;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/** The French texts citizens receive about their appointments, the same for SMS and email. */
public final class BookingMessages {
    private static final DateTimeFormatter WHEN =
            DateTimeFormatter.ofPattern("EEEE d MMMM yyyy 'à' H' h 'mm", Locale.FRENCH);

    private static final DateTimeFormatter DEADLINE =
            DateTimeFormatter.ofPattern("EEEE d MMMM 'à' H' h 'mm", Locale.FRENCH);

    /**
     * One message: the subject is used by email only.
     *
     * @param appointmentId what it is about, so a person's queued messages can be found and erased
     * @param once          for a message a scheduled run sends (reminder, survey): the same for every run, so a
     *                      second run queues nothing more; null for a message its cause sends once
     */
    public record Message(String subject, String text, String appointmentId, String once) {
        /** The text as an SMS carries it: GSM-7 ({@link SmsText}). */
        public String smsText() {
            return SmsText.gsm7(text);
        }
    }

    private final String territoryId;
    private final DirectoryStore directory;
    private final String publicBaseUrl;
    private final BookingRules rules;
    private final String singleNumber;
    private final Clock clock;

    /**
     * @param publicBaseUrl where the citizen pages are served, e.g. https://accueil.example.fr
     * @param rules         the cancellation deadline messages announce
     * @param singleNumber  the territory's number (E.164) messages give once online cancellation is closed; null
     *                      when none is claimed
     */
    public BookingMessages(String territoryId, DirectoryStore directory, String publicBaseUrl, BookingRules rules,
            String singleNumber, Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.publicBaseUrl = publicBaseUrl.endsWith("/") ? publicBaseUrl.substring(0, publicBaseUrl.length() - 1) : publicBaseUrl;
        this.rules = rules;
        this.singleNumber = singleNumber == null || singleNumber.isBlank() ? null : singleNumber;
        this.clock = clock;
    }

    /** The path of the management link, as the API returns it. */
    public static String managementPath(String appointmentId, String token) {
        return "/rendez-vous/" + appointmentId + "?token=" + token;
    }

    /** Past the deadline (a booking made less than the delay ahead) the link only shows it: the number is given. */
    public Message confirmation(Appointment appointment, String token) {
        About about = about(appointment);
        String link = publicBaseUrl + managementPath(appointment.id(), token);
        String text = rules.cancellable(appointment, clock.instant())
                ? "Rendez-vous confirmé : " + about.what() + ". Pour l’annuler ou le déplacer, jusqu’au "
                        + deadline(appointment) + " : " + link
                : "Rendez-vous confirmé : " + about.what() + ". Détails : " + link + " " + callUs();
        return new Message("Votre rendez-vous " + about.partner() + " est confirmé", text, appointment.id(), null);
    }

    /** The day before, the deadline has usually passed: the citizen is then told to call, not to use the link. */
    public Message reminder(Appointment appointment) {
        About about = about(appointment);
        String text = rules.cancellable(appointment, clock.instant())
                ? "Rappel : " + about.what() + ". Un empêchement ? Annulez ou déplacez-le avec le lien reçu à la réservation, jusqu’au "
                        + deadline(appointment) + "."
                : "Rappel : " + about.what() + ". " + callUs();
        return new Message("Rappel : votre rendez-vous " + about.partner(), text, appointment.id(),
                "reminder#" + appointment.id() + "#" + appointment.start().toInstant());
    }

    /**
     * What the booking answer tells a citizen whose number gets no SMS ({@link Appointment#receivesSms}), or
     * empty when their number gets one or they gave none.
     */
    public static Optional<String> smsNotice(Appointment appointment) {
        if (appointment.phone() == null || appointment.receivesSms()) {
            return Optional.empty();
        }
        String why = "Ce numéro ne reçoit pas de SMS de notre part (seuls les mobiles français, y compris d’outre-mer, en reçoivent)";
        return Optional.of(appointment.email() != null
                ? why + " : la confirmation et le rappel partent par e-mail."
                : why + " : aucun message ne vous sera envoyé, notez la date et gardez le lien de gestion.");
    }

    /** When online cancellation and moving close, e.g. "samedi 5 décembre à 10h00". */
    private String deadline(Appointment appointment) {
        return DEADLINE.format(rules.changeDeadline(appointment.start()));
    }

    private String callUs() {
        return singleNumber == null
                ? "Un empêchement ? Appelez l’accueil pour libérer la place."
                : "Un empêchement ? Appelez le " + PhoneNumbers.national(singleNumber) + " pour libérer la place.";
    }

    public Message cancellation(Appointment appointment, Notifier.CancellationReason reason) {
        About about = about(appointment);
        String text = reason == Notifier.CancellationReason.BY_SITE
                ? "Nous devons annuler votre rendez-vous : " + about.what()
                        + ". Veuillez nous excuser. Vous pouvez reprendre rendez-vous sur " + publicBaseUrl + "/."
                : "Votre rendez-vous est annulé : " + about.what() + ".";
        return new Message("Rendez-vous " + about.partner() + " annulé", text, appointment.id(), null);
    }

    /** The path of the survey link sent after an appointment. */
    public static String surveyPath(String appointmentId, String token) {
        return "/avis.html?rdv=" + appointmentId + "&token=" + token;
    }

    public Message survey(Appointment appointment, String token) {
        String partner = partnerName(appointment);
        return new Message("Votre avis sur votre rendez-vous " + partner,
                "Comment s’est passé votre rendez-vous " + partner + " ? Donnez une note de 1 à 5 en un clic, "
                        + "sans compte : " + publicBaseUrl + surveyPath(appointment.id(), token)
                        + " (réponse facultative et anonyme).", appointment.id(), "survey#" + appointment.id());
    }

    /** Who and what a message is about: the partner's name, and "partner, when, where". */
    private record About(String partner, String what) {
    }

    private About about(Appointment appointment) {
        return about(appointment.partnerId(), appointment.siteId(), appointment.start());
    }

    private About about(String partnerId, String siteId, java.time.ZonedDateTime start) {
        String partner = partnerName(partnerId);
        // A mobile site's citizens need the stop's address: the bus is somewhere else every day.
        String site = directory.site(territoryId, siteId)
                .map(s -> s.mobile() ? s.name() + ", " + s.placeAt(start).oneLine() : s.name())
                .orElse(siteId);
        return new About(partner, partner + ", " + WHEN.format(start) + ", " + site);
    }

    private String partnerName(Appointment appointment) {
        return partnerName(appointment.partnerId());
    }

    private String partnerName(String partnerId) {
        return directory.partner(territoryId, partnerId).map(Partner::name).orElse(partnerId);
    }

    /** The path of a waitlist entry's link (its join link or an offer's): the page that shows it and leaves the list. */
    public static String waitlistPath(String entryId, String token) {
        return "/liste-attente.html?id=" + entryId + "&token=" + token;
    }

    /**
     * The confirmation that a citizen waits for a place, with the entry's own link (to see it and leave the list). Keyed
     * by the entry ({@code once}).
     */
    public Message waitlistJoined(WaitlistEntry entry, String token) {
        String theme = directory.themes(territoryId).stream().filter(t -> t.id().equals(entry.themeId()))
                .map(Theme::label).findFirst().orElse(entry.themeId());
        return new Message("Liste d’attente : " + theme,
                "Vous êtes sur la liste d’attente (" + theme + "). Dès qu’une place se libère, elle vous est proposée par "
                        + "message. Pour revoir votre inscription ou quitter la liste : " + publicBaseUrl
                        + waitlistPath(entry.id(), token),
                entry.id(), "waitlist-joined#" + entry.id());
    }

    /**
     * A freed place offered to a waitlisted citizen, held until the entry's {@code holdUntil} (the site's time). Keyed by
     * the entry and the slot ({@code once}): a second offer of the same place to the same citizen queues nothing.
     */
    public Message waitlistOffer(WaitlistEntry entry, Slot slot, String token) {
        About about = about(slot.partnerId(), slot.siteId(), slot.start());
        String until = DEADLINE.format(entry.holdUntil().atZone(slot.start().getZone()));
        return new Message("Une place s’est libérée : " + about.partner(),
                "Une place s’est libérée : " + about.what() + ". Elle vous est réservée jusqu’au " + until
                        + ". Pour la prendre ou la laisser : " + publicBaseUrl + waitlistPath(entry.id(), token),
                entry.id(), "waitlist-offer#" + entry.id() + "#" + slot.id());
    }
}
