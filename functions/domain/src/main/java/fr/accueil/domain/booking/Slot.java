package fr.accueil.domain.booking;

import fr.accueil.domain.directory.Permanence;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;

/**
 * One bookable time of a permanence. {@code start} and {@code end} are in the site's zone.
 *
 * @param id     derived from the permanence and the local start, so generating twice yields the same slots
 * @param booked places taken, never above {@code capacity}
 */
public record Slot(
        String id,
        String permanenceId,
        String siteId,
        String partnerId,
        List<String> themeIds,
        ZonedDateTime start,
        ZonedDateTime end,
        int capacity,
        int booked) {

    private static final DateTimeFormatter LOCAL_START = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmm");

    public Slot {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(permanenceId, "permanenceId");
        Objects.requireNonNull(siteId, "siteId");
        Objects.requireNonNull(partnerId, "partnerId");
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        themeIds = List.copyOf(themeIds);
        if (!end.isAfter(start) || capacity < 1 || booked < 0 || booked > capacity) {
            throw new IllegalArgumentException("slot " + id + " has an empty span or a booked count out of its capacity");
        }
    }

    /** A fresh, unbooked slot of a permanence. */
    static Slot of(Permanence permanence, ZonedDateTime start) {
        return new Slot(idOf(permanence.id(), start.toLocalDateTime()), permanence.id(), permanence.siteId(),
                permanence.partnerId(), permanence.themeIds(), start, start.plusMinutes(permanence.slotMinutes()),
                permanence.capacity(), 0);
    }

    /** The local wall-clock time is unique per permanence: an overlap hour yields only its earlier occurrence. */
    public static String idOf(String permanenceId, LocalDateTime localStart) {
        return permanenceId + "#" + LOCAL_START.format(localStart);
    }

    public Instant startInstant() {
        return start.toInstant();
    }

    public Instant endInstant() {
        return end.toInstant();
    }

    public LocalDate date() {
        return start.toLocalDate();
    }

    public boolean full() {
        return booked >= capacity;
    }

    /** Same time, place and partner: what a citizen who booked relies on. */
    boolean sameAppointmentAs(Slot other) {
        return id.equals(other.id) && start.toInstant().equals(other.start.toInstant())
                && end.toInstant().equals(other.end.toInstant()) && siteId.equals(other.siteId)
                && partnerId.equals(other.partnerId);
    }

    /** Same appointment, themes and capacity, whatever the booked count. */
    boolean sameOfferAs(Slot other) {
        return sameAppointmentAs(other) && themeIds.equals(other.themeIds) && capacity == other.capacity;
    }
}
