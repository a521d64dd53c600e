package fr.accueil.domain.booking;

import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Writes what happens to an appointment into the citizen's history (and so into the statistics): booked,
 * cancelled, moved, attended or not. The citizen is their phone number, or their email when they gave
 * only an email. Details carry ids and times, never the name, contacts or note; and, for an agent's action, the
 * agent's subject and name ({@link Actor#details()}).
 *
 * <p>The appointment's own item is the record; its history entry is derived from it. So a history
 * write that fails once the appointment is stored is logged and never turns the citizen's booking,
 * cancellation or move into an error (the client would retry an operation that has already happened).
 */
public final class AppointmentHistory {
    private final ContactStore contacts;

    public AppointmentHistory(ContactStore contacts) {
        this.contacts = contacts;
    }

    /** Keyed by the appointment: a replayed booking adds no second entry. */
    void booked(Appointment appointment, Instant at, Actor by) {
        record(entry(appointment.id() + "#booked", appointment, at, "appointment-booked", by == null ? Map.of() : by.details()));
    }

    /** Keyed by the appointment: an appointment is cancelled once. */
    void cancelled(Appointment appointment, Instant at, String by) {
        record(entry(appointment.id() + "#cancelled", appointment, at, "appointment-cancelled", Map.of("by", by)));
    }

    void rescheduled(Appointment moved, Appointment from, Instant at) {
        record(entry(UUID.randomUUID().toString(), moved, at, "appointment-rescheduled",
                Map.of("previousStart", from.start().toInstant().toString(), "previousSlotId", from.slotId())));
    }

    /** Written once per change of status (the store's write is conditional on the previous one). */
    void attendance(Appointment updated, AppointmentStatus previous, Instant at, Actor by) {
        Map<String, String> details = new LinkedHashMap<>(by.details());
        details.put("status", updated.status().name());
        details.put("previous", previous.name());
        record(entry(UUID.randomUUID().toString(), updated, at, "appointment-attendance", details));
    }

    /** Names the entry in the citizen's history, which is how an erasure finds it; keyed by the entry. */
    void waitlistJoined(WaitlistEntry entry, Instant at) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("waitlistId", entry.id());
        details.put("themeId", entry.themeId());
        details.put("siteIds", String.join(",", entry.siteIds()));
        record(new Interaction(entry.id() + "#waitlist", entry.contacts().get(0), at, Channel.WEB.name().toLowerCase(Locale.ROOT),
                "waitlist-joined", details));
    }

    private void record(Interaction entry) {
        contacts.recordDerived(entry, "appointmentId");
    }

    /** The history a citizen's appointments are kept under. */
    public static String contactOf(Appointment appointment) {
        return appointment.phone() != null ? appointment.phone() : appointment.email().toLowerCase(Locale.ROOT);
    }

    private static Interaction entry(String id, Appointment a, Instant at, String kind, Map<String, String> extra) {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("appointmentId", a.id());
        details.put("slotId", a.slotId());
        details.put("permanenceId", a.permanenceId());
        details.put("siteId", a.siteId());
        details.put("partnerId", a.partnerId());
        details.put("themeId", a.themeId());
        details.put("start", a.start().toInstant().toString());
        details.putAll(extra);
        return new Interaction(id, contactOf(a), at, a.channel().name().toLowerCase(Locale.ROOT), kind, details);
    }
}
