package fr.accueil.domain.privacy;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.AppointmentStore;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.satisfaction.SurveyChannel;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * A citizen's data on request (GDPR access and erasure). The history is the index: every callback and
 * appointment of a contact is named in its history ({@code callbackId}, {@code appointmentId}), so the
 * export and the erasure read by key only, never by scan. What the history no longer names has expired
 * with it (same retention).
 *
 * <p>Erasure: future BOOKED appointments are cancelled first (their place is freed for others) and active
 * callbacks are closed as failed (so nobody calls an erased number and the one-per-theme key is freed);
 * then the callbacks, the waitlist entries (a place held for one is freed), the appointments, the survey answers and invitations about them and about the
 * contact's calls, the messages kept for the contact's number and emails, the profile and every history
 * entry are deleted. The quality counters, which hold no personal data, are kept as they are.
 */
public final class ContactRecords {
    static final String ERASED = "Données effacées à la demande de l’usager.";
    private static final int ALL = Integer.MAX_VALUE;

    private final ContactStore contacts;
    private final CallbackStore callbacks;
    private final AppointmentStore appointments;
    private final PersonalDataEraser eraser;
    private final Clock clock;

    public ContactRecords(ContactStore contacts, CallbackStore callbacks, AppointmentStore appointments,
            PersonalDataEraser eraser, Clock clock) {
        this.contacts = contacts;
        this.callbacks = callbacks;
        this.appointments = appointments;
        this.eraser = eraser;
        this.clock = clock;
    }

    /** What an agent sees beside a callback or an appointment: the newest entries first. */
    public List<Interaction> history(String contact, int limit) {
        return contacts.history(contact, Math.max(1, Math.min(limit, 500)));
    }

    public Export export(String contact) {
        List<Interaction> history = contacts.history(contact, ALL);
        return new Export(contacts.find(contact), history,
                ids(history, "callbackId").stream().map(callbacks::find).flatMap(Optional::stream).toList(),
                ids(history, "appointmentId").stream().map(appointments::find).flatMap(Optional::stream).toList());
    }

    public Erasure erase(String contact) {
        Instant now = clock.instant();
        List<Interaction> history = contacts.history(contact, ALL);
        Set<String> recipients = new LinkedHashSet<>(Set.of(contact));
        int cancelled = 0, closed = 0, callbacksErased = 0, appointmentsErased = 0, surveyItems = 0, messages = 0;
        for (String id : ids(history, "appointmentId")) {
            Optional<Appointment> appointment = appointments.find(id);
            surveyItems += eraser.eraseSurvey(SurveyChannel.APPOINTMENT, id);
            if (appointment.isEmpty()) {
                continue;
            }
            Appointment a = appointment.get();
            Optional.ofNullable(a.phone()).ifPresent(recipients::add);
            Optional.ofNullable(a.email()).map(email -> email.toLowerCase(Locale.ROOT)).ifPresent(recipients::add);
            if (a.status() == AppointmentStatus.BOOKED && a.start().toInstant().isAfter(now) && appointments.cancel(a)) {
                cancelled++;
            }
            messages += eraser.eraseAppointment(id);
            appointmentsErased++;
        }
        for (String id : ids(history, "callbackId")) {
            Optional<Callback> callback = callbacks.find(id);
            surveyItems += eraser.eraseSurvey(SurveyChannel.CALLBACK, id);
            if (callback.isEmpty()) {
                continue;
            }
            if (close(callback.get(), now)) {
                closed++;
            }
            eraser.eraseCallback(id);
            callbacksErased++;
        }
        for (String id : ids(history, "waitlistId")) {
            messages += eraser.eraseWaitlistEntry(id);
        }
        for (String contactId : ids(history, "contactId")) {
            surveyItems += eraser.eraseSurvey(SurveyChannel.PHONE, contactId);
        }
        // Messages follow the interactions that cause them: none is older than the oldest history entry.
        Instant since = history.stream().map(Interaction::at).min(Instant::compareTo).orElse(now);
        messages += eraser.eraseMessages(recipients, since);
        int items = eraser.eraseContact(contact);
        return new Erasure(items, callbacksErased, closed, appointmentsErased, cancelled, surveyItems, messages);
    }

    /** An active callback is closed before it is deleted, through the store's own transition (frees its key). */
    private boolean close(Callback callback, Instant now) {
        if (!callback.isActive()) {
            return false;
        }
        return callbacks.replace(callback, callback.fail(CallOutcome.CANCELLED_BY_CITIZEN, ERASED, now, null));
    }

    private static Set<String> ids(List<Interaction> history, String detail) {
        Set<String> ids = new LinkedHashSet<>();
        history.forEach(entry -> Optional.ofNullable(entry.details().get(detail)).ifPresent(ids::add));
        return ids;
    }

    public record Export(Optional<Contact> contact, List<Interaction> history, List<Callback> callbacks,
            List<Appointment> appointments) {
    }

    /**
     * @param items                 profile and history items deleted
     * @param callbacks             callbacks deleted
     * @param callbacksClosed       of which were still active and closed first
     * @param appointments          appointments deleted
     * @param appointmentsCancelled of which were still to come and cancelled first (place freed)
     * @param surveyItems           survey answers and invitations deleted
     * @param messages              messages kept for the contact deleted
     */
    public record Erasure(int items, int callbacks, int callbacksClosed, int appointments, int appointmentsCancelled,
            int surveyItems, int messages) {
    }
}
