package fr.accueil.domain.directory;

import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A partner's recurring office hours at a site, in the site's time zone.
 *
 * @param slotMinutes   length of one appointment
 * @param capacity      people per slot (more than one for a collective session)
 * @param minNotice     a slot can be booked until this long before it starts
 * @param horizonDays   how far ahead slots are offered
 * @param validFrom     first date it is held, or null when it has always been
 * @param validUntil    last date it is held, or null when it has no planned end
 * @param cancelledDates dates on which the permanence is exceptionally not held
 * @param walkInPlaces  citizens received without an appointment during the window (0: by appointment only);
 *                      shown on the site's board, not booked
 */
public record Permanence(
        String id,
        String partnerId,
        String siteId,
        List<String> themeIds,
        Recurrence recurrence,
        TimeRange window,
        int slotMinutes,
        int capacity,
        Duration minNotice,
        int horizonDays,
        LocalDate validFrom,
        LocalDate validUntil,
        Set<LocalDate> cancelledDates,
        int walkInPlaces) {

    public Permanence {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(recurrence, "recurrence");
        Objects.requireNonNull(window, "window");
        Objects.requireNonNull(minNotice, "minNotice");
        themeIds = List.copyOf(themeIds);
        cancelledDates = Set.copyOf(cancelledDates);
        if (slotMinutes < 5 || capacity < 1 || horizonDays < 1 || walkInPlaces < 0) {
            throw new IllegalArgumentException("a permanence needs slots of at least 5 minutes, a capacity and a horizon");
        }
    }

    /** A permanence by appointment only. */
    public Permanence(String id, String partnerId, String siteId, List<String> themeIds, Recurrence recurrence,
            TimeRange window, int slotMinutes, int capacity, Duration minNotice, int horizonDays, LocalDate validFrom,
            LocalDate validUntil, Set<LocalDate> cancelledDates) {
        this(id, partnerId, siteId, themeIds, recurrence, window, slotMinutes, capacity, minNotice, horizonDays,
                validFrom, validUntil, cancelledDates, 0);
    }

    /** Whether the permanence is planned on that date; the site's holidays and closures are the generator's concern. */
    public boolean heldOn(LocalDate date) {
        return (validFrom == null || !date.isBefore(validFrom))
                && (validUntil == null || !date.isAfter(validUntil))
                && !cancelledDates.contains(date)
                && recurrence.occursOn(date);
    }
}
