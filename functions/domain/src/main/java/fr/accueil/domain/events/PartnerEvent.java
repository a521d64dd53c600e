package fr.accueil.domain.events;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One change told to partners' systems (docs/events.md): a detail type such as « Appointment Booked » and a
 * detail of ids, site, partner, theme, times, channel and status — never a name, number, email or note.
 *
 * @param eventId the change's own id (a DynamoDB stream record's), the same on every delivery: receivers dedupe on it
 */
public record PartnerEvent(String eventId, String detailType, Instant time, Map<String, String> detail) {
    /** The events' source on the bus, which the partners' rule matches. */
    public static final String SOURCE = "fr.accueil.partners";

    public PartnerEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(detailType, "detailType");
        Objects.requireNonNull(time, "time");
        Map<String, String> ordered = new LinkedHashMap<>();
        ordered.put("eventId", eventId);
        detail.forEach((name, value) -> {
            if (value != null) {
                ordered.put(name, value);
            }
        });
        detail = Collections.unmodifiableMap(ordered);
    }

    public String partnerId() {
        return detail.get("partnerId");
    }

    public String themeId() {
        return detail.get("themeId");
    }
}
