package fr.accueil.domain.booking;

import fr.accueil.domain.calendar.HolidayCalendar;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.TimeRange;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Expands a permanence into its slots at its site, and plans their regeneration. */
public final class SlotGenerator {
    private final SiteCalendar calendar;

    public SlotGenerator(HolidayCalendar holidays) {
        this.calendar = new SiteCalendar(holidays);
    }

    /** The dates slots are offered for at {@code now}: today at the site through today + horizon days. */
    public static DateRange horizon(Permanence permanence, Site site, Instant now) {
        LocalDate today = now.atZone(site.zone()).toLocalDate();
        return new DateRange(today, today.plusDays(permanence.horizonDays()));
    }

    /** The slots of the permanence on the dates of {@code range}, in order. */
    public List<Slot> slots(Permanence permanence, Site site, DateRange range) {
        if (!permanence.siteId().equals(site.id())) {
            throw new IllegalArgumentException("permanence " + permanence.id() + " is not held at site " + site.id());
        }
        return range.dates()
                .filter(permanence::heldOn)
                .filter(date -> calendar.closedAllDay(site, date).isEmpty())
                .flatMap(date -> windowsOn(permanence, site, date).stream()
                        .flatMap(window -> slotsOn(permanence, window, site.zone(), date).stream()))
                .toList();
    }

    /**
     * The spans of the day the permanence is held: its window at a fixed site; at a mobile site, its window
     * within the hours of each stop of the day (none on a day without a stop).
     */
    private static List<TimeRange> windowsOn(Permanence permanence, Site site, LocalDate date) {
        if (!site.mobile()) {
            return List.of(permanence.window());
        }
        List<TimeRange> windows = new ArrayList<>();
        for (Stop stop : site.stopsOn(date)) {
            LocalTime start = max(permanence.window().start(), stop.hours().start());
            LocalTime end = min(permanence.window().end(), stop.hours().end());
            if (end.isAfter(start)) {
                windows.add(new TimeRange(start, end));
            }
        }
        return windows;
    }

    private static LocalTime max(LocalTime a, LocalTime b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalTime min(LocalTime a, LocalTime b) {
        return a.isBefore(b) ? a : b;
    }

    private static List<Slot> slotsOn(Permanence permanence, TimeRange window, ZoneId zone, LocalDate date) {
        List<Slot> slots = new ArrayList<>();
        LocalTime first = window.start();
        long count = Duration.between(first, window.end()).toMinutes() / permanence.slotMinutes();
        for (int i = 0; i < count; i++) {
            LocalDateTime local = date.atTime(first).plusMinutes((long) i * permanence.slotMinutes());
            // A time in the spring-forward gap does not exist that day: no slot rather than a shifted one.
            if (zone.getRules().getValidOffsets(local).isEmpty()) {
                continue;
            }
            // ZonedDateTime.of takes the earlier offset in the autumn overlap.
            slots.add(Slot.of(permanence, ZonedDateTime.of(local, zone)));
        }
        return slots;
    }

    /**
     * What to change so the store holds exactly the permanence's slots over its horizon. Stored slots out of
     * the horizon are left alone: past ones are history, later ones are not offered anyway.
     */
    public SlotPlan plan(Permanence permanence, Site site, Instant now, Collection<Slot> stored) {
        DateRange horizon = horizon(permanence, site, now);
        Map<String, Slot> expected = byId(slots(permanence, site, horizon));
        Map<String, Slot> current = byId(stored.stream().filter(s -> horizon.contains(s.date())).toList());
        List<Slot> toCreate = new ArrayList<>();
        List<Slot> toDelete = new ArrayList<>();
        List<Slot> orphaned = new ArrayList<>();
        expected.values().forEach(slot -> {
            Slot existing = current.get(slot.id());
            // A booked slot keeps its capacity and themes: its appointments were made on those terms.
            boolean kept = existing != null
                    && (existing.booked() > 0 ? existing.sameAppointmentAs(slot) : existing.sameOfferAs(slot));
            if (!kept) {
                toCreate.add(slot);
            }
        });
        current.values().forEach(slot -> {
            Slot wanted = expected.get(slot.id());
            if (slot.booked() == 0 && wanted == null) {
                toDelete.add(slot);
            } else if (slot.booked() > 0 && (wanted == null || !slot.sameAppointmentAs(wanted))) {
                orphaned.add(slot);
            }
        });
        return new SlotPlan(toCreate, toDelete, orphaned);
    }

    private static Map<String, Slot> byId(List<Slot> slots) {
        return slots.stream().collect(Collectors.toMap(Slot::id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }
}
