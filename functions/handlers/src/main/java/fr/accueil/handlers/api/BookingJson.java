package fr.accueil.handlers.api;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.Slot;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The JSON forms of slots and appointments. Times are ISO-8601 with the site's offset. */
final class BookingJson {
    private BookingJson() {
    }

    /** A slot with its place (the stop's address for a mobile site). */
    /** A slot as citizens choose it: with its place and until when a booking of it can be cancelled or moved online. */
    static Map<String, Object> slot(Slot slot, Places places, BookingRules rules) {
        Map<String, Object> json = slot(slot);
        places.put(json, slot.siteId(), slot.start());
        json.put("changeableUntil", time(rules.changeDeadline(slot.start())));
        return json;
    }

    static Map<String, Object> slot(Slot slot) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", slot.id());
        json.put("permanenceId", slot.permanenceId());
        json.put("siteId", slot.siteId());
        json.put("partnerId", slot.partnerId());
        json.put("themeIds", slot.themeIds());
        json.put("start", time(slot.start()));
        json.put("end", time(slot.end()));
        json.put("timeZone", slot.start().getZone().getId());
        json.put("capacity", slot.capacity());
        json.put("remaining", slot.capacity() - slot.booked());
        return json;
    }

    /** An appointment with its place (the stop's address for a mobile site), as citizens and agents are shown it. */
    static Map<String, Object> appointment(Appointment a, boolean withContact, Places places) {
        Map<String, Object> json = appointment(a, withContact);
        places.put(json, a.siteId(), a.start());
        return json;
    }

    /**
     * @param withContact the citizen's name, phone, email and note: for the holder of the link or an agent,
     *                    never for a replay answered to whoever sends the same key
     */
    static Map<String, Object> appointment(Appointment a, boolean withContact) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", a.id());
        json.put("slotId", a.slotId());
        json.put("siteId", a.siteId());
        json.put("partnerId", a.partnerId());
        json.put("themeId", a.themeId());
        json.put("start", time(a.start()));
        json.put("end", time(a.end()));
        json.put("timeZone", a.start().getZone().getId());
        json.put("status", a.status().name());
        json.put("channel", a.channel().name().toLowerCase(Locale.ROOT));
        json.put("created", a.created().toString());
        if (withContact) {
            json.put("name", a.citizenName());
            putIfPresent(json, "phone", a.phone());
            putIfPresent(json, "email", a.email());
            putIfPresent(json, "note", a.note());
        }
        return json;
    }

    private static String time(java.time.ZonedDateTime time) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    private static void putIfPresent(Map<String, Object> json, String name, String value) {
        if (value != null) {
            json.put(name, value);
        }
    }
}
