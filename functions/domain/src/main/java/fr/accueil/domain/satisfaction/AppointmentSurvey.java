package fr.accueil.domain.satisfaction;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.AppointmentStore;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.ManagementToken;
import fr.accueil.domain.booking.MessageSender;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Site;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * The one-question survey after an appointment: once it is over, the citizen receives one link (by the channel
 * of the confirmation) to give a score from 1 to 5, without an account. One answer per appointment; the link
 * expires. A citizen who ignores it changes nothing.
 */
public final class AppointmentSurvey {
    private final String territoryId;
    private final DirectoryStore directory;
    private final AppointmentStore appointments;
    private final SatisfactionStore store;
    private final MessageSender sender;
    private final BookingMessages messages;
    private final Duration validity;
    private final Clock clock;

    /** @param validity how long the link answers after it is sent */
    public AppointmentSurvey(String territoryId, DirectoryStore directory, AppointmentStore appointments,
            SatisfactionStore store, MessageSender sender, BookingMessages messages, Duration validity, Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.appointments = appointments;
        this.store = store;
        this.sender = sender;
        this.messages = messages;
        this.validity = validity;
        this.clock = clock;
    }

    /** What a run did: invitations sent, and those whose message could not leave (the run goes on). */
    public record Sent(int invited, int failed) {
    }

    /**
     * Invites the citizens of every appointment of yesterday and today (dates at each site) that is over and
     * was not cancelled nor missed. An appointment already invited is skipped, so runs may repeat.
     */
    public Sent sendInvitations() {
        Instant now = clock.instant();
        int invited = 0;
        int failed = 0;
        for (Site site : directory.sites(territoryId)) {
            LocalDate today = now.atZone(site.zone()).toLocalDate();
            for (LocalDate day : List.of(today.minusDays(1), today)) {
                for (Appointment appointment : appointments.bySiteAndDate(site.id(), day)) {
                    boolean held = appointment.status() == AppointmentStatus.BOOKED
                            || appointment.status() == AppointmentStatus.ATTENDED;
                    if (!held || appointment.end().toInstant().isAfter(now) || appointment.contactChannels().isEmpty()) {
                        continue;
                    }
                    ManagementToken.Issued token = ManagementToken.issue();
                    SurveyInvitation invitation = new SurveyInvitation(appointment.id(), token.hash(), appointment.siteId(),
                            appointment.partnerId(), appointment.themeId(), day, now.plus(validity));
                    if (!store.invite(invitation)) {
                        continue;
                    }
                    try {
                        Notifier.Channel channel = appointment.contactChannels().get(0);
                        sender.send(channel, channel == Notifier.Channel.SMS ? appointment.phone() : appointment.email(),
                                messages.survey(appointment, token.token()));
                        invited++;
                    } catch (RuntimeException e) {
                        // A survey is never worth failing the run: the other citizens are still invited.
                        failed++;
                    }
                }
            }
        }
        return new Sent(invited, failed);
    }

    /** What the survey page shows: no name, no contact, only what the appointment was. */
    public record View(String partnerName, String siteName, LocalDate day, boolean answered, Instant expires) {
    }

    public View view(String appointmentId, String token) {
        SurveyInvitation invitation = invitation(appointmentId, token);
        String partner = directory.partners(territoryId).stream().filter(p -> p.id().equals(invitation.partnerId()))
                .map(Partner::name).findFirst().orElse(invitation.partnerId());
        String site = directory.site(territoryId, invitation.siteId()).map(Site::name).orElse(invitation.siteId());
        return new View(partner, site, invitation.day(),
                store.answered(SurveyChannel.APPOINTMENT, appointmentId), invitation.expires());
    }

    /**
     * Records the citizen's score.
     *
     * @return false when the appointment was already answered (the first answer stands)
     */
    public boolean answer(String appointmentId, String token, String score) {
        SurveyInvitation invitation = invitation(appointmentId, token);
        Integer value = SurveyAnswer.score(score);
        if (value == null) {
            throw new ValidationException("score", "Choisissez une note de 1 à 5.");
        }
        return store.record(new SurveyAnswer(appointmentId, SurveyChannel.APPOINTMENT, invitation.siteId(),
                invitation.partnerId(), invitation.themeId(), invitation.day(), List.of(value)));
    }

    /** A wrong token, an unknown appointment and an expired link all read as "not found". */
    private SurveyInvitation invitation(String appointmentId, String token) {
        if (appointmentId == null || appointmentId.length() > 64) {
            throw new NotFoundException("Lien introuvable.");
        }
        return store.invitation(appointmentId)
                .filter(invitation -> ManagementToken.verify(token, invitation.tokenHash()))
                .filter(invitation -> clock.instant().isBefore(invitation.expires()))
                .orElseThrow(() -> new NotFoundException("Ce lien n’est pas valide ou a expiré."));
    }
}
