package fr.accueil.domain.events;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.callback.Callback;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What a change of an appointment or a callback tells partners, from its state before and after (a table's
 * change data capture). A deletion (an erasure, an expiry) and a change partners do not follow (a lease taken,
 * a reminder noted) tell nothing.
 */
public final class PartnerEvents {
    public static final String BOOKED = "Appointment Booked";
    public static final String MOVED = "Appointment Moved";
    public static final String CANCELLED = "Appointment Cancelled";
    public static final String ATTENDED = "Appointment Attended";
    public static final String NO_SHOW = "Appointment No-Show";
    public static final String EXCUSED = "Appointment Excused";
    public static final String CALLBACK_REQUESTED = "Callback Requested";
    public static final String CALLBACK_COMPLETED = "Callback Completed";
    /** Every detail type, as the partners' rule lists them. */
    public static final List<String> DETAIL_TYPES = List.of(BOOKED, MOVED, CANCELLED, ATTENDED, NO_SHOW, EXCUSED,
            CALLBACK_REQUESTED, CALLBACK_COMPLETED);

    private PartnerEvents() {
    }

    /** @param before null when the appointment was just written; @param after null when it was deleted */
    public static Optional<PartnerEvent> appointment(String eventId, Instant at, Appointment before, Appointment after) {
        if (after == null) {
            return Optional.empty();
        }
        String type;
        if (before == null) {
            type = after.status() == AppointmentStatus.BOOKED ? BOOKED : null;
        } else if (before.status() != after.status()) {
            type = switch (after.status()) {
                case CANCELLED -> CANCELLED;
                case ATTENDED -> ATTENDED;
                case NO_SHOW -> NO_SHOW;
                case EXCUSED -> EXCUSED;
                case BOOKED -> null;
            };
        } else {
            type = after.status() == AppointmentStatus.BOOKED && !before.slotId().equals(after.slotId()) ? MOVED : null;
        }
        if (type == null) {
            return Optional.empty();
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("appointmentId", after.id());
        detail.put("siteId", after.siteId());
        detail.put("partnerId", after.partnerId());
        detail.put("permanenceId", after.permanenceId());
        detail.put("themeId", after.themeId());
        detail.put("start", after.start().toOffsetDateTime().toString());
        detail.put("end", after.end().toOffsetDateTime().toString());
        detail.put("channel", after.channel().name().toLowerCase(Locale.ROOT));
        detail.put("status", after.status().name());
        if (type.equals(MOVED)) {
            detail.put("previousStart", before.start().toOffsetDateTime().toString());
            detail.put("previousEnd", before.end().toOffsetDateTime().toString());
        }
        return Optional.of(new PartnerEvent(eventId, type, at, detail));
    }

    /** Requested when written; completed when it reaches a final status (reached, given up, or cancelled). */
    public static Optional<PartnerEvent> callback(String eventId, Instant at, Callback before, Callback after) {
        if (after == null) {
            return Optional.empty();
        }
        String type = before == null ? CALLBACK_REQUESTED
                : !before.status().isFinal() && after.status().isFinal() ? CALLBACK_COMPLETED : null;
        if (type == null) {
            return Optional.empty();
        }
        Map<String, String> detail = new LinkedHashMap<>();
        detail.put("callbackId", after.id());
        detail.put("siteId", after.siteId());
        detail.put("themeId", after.themeId());
        detail.put("requestedAt", after.requestedAt().toString());
        detail.put("windowFrom", after.window().from().toString());
        detail.put("windowTo", after.window().to().toString());
        detail.put("channel", "phone");
        detail.put("status", after.status().name());
        detail.put("attempts", Integer.toString(after.attempts()));
        if (after.outcome() != null) {
            detail.put("outcome", after.outcome().name());
        }
        return Optional.of(new PartnerEvent(eventId, type, at, detail));
    }
}
