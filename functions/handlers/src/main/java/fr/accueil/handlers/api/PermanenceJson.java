package fr.accueil.handlers.api;

import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;

/** The public JSON form of a permanence: who holds it at the site, when, for what. */
final class PermanenceJson {
    private PermanenceJson() {
    }

    static Map<String, Object> of(Permanence permanence) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", permanence.id());
        json.put("partnerId", permanence.partnerId());
        json.put("themeIds", permanence.themeIds());
        json.put("recurrence", recurrence(permanence.recurrence()));
        json.put("window", permanence.window().toString());
        json.put("slotMinutes", permanence.slotMinutes());
        json.put("capacity", permanence.capacity());
        json.put("walkInPlaces", permanence.walkInPlaces());
        if (permanence.validFrom() != null) {
            json.put("validFrom", permanence.validFrom().toString());
        }
        if (permanence.validUntil() != null) {
            json.put("validUntil", permanence.validUntil().toString());
        }
        json.put("cancelledDates", permanence.cancelledDates().stream().sorted().map(LocalDate::toString).toList());
        return json;
    }

    private static Map<String, Object> recurrence(Recurrence recurrence) {
        Map<String, Object> json = new LinkedHashMap<>();
        if (recurrence instanceof Recurrence.Weekly weekly) {
            json.put("kind", "weekly");
            json.put("days", weekly.days().stream().sorted().map(DayOfWeek::name).toList());
            json.put("everyWeeks", weekly.everyWeeks());
        } else if (recurrence instanceof Recurrence.MonthlyNthWeekday monthly) {
            json.put("kind", "monthly");
            json.put("day", monthly.day().name());
            json.put("ordinals", monthly.ordinals().stream().sorted().toList());
        }
        return json;
    }
}
