package fr.accueil.domain.callback;

import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * Cuts a site's opening hours into due windows and finds the earliest one with room left.
 * Windows are computed in the site's wall-clock time, then turned into instants, so they stay
 * "9 h – 10 h" across a change of daylight saving time.
 */
public final class CallbackScheduler {
    private static final LocalTime NOON = LocalTime.NOON;

    private final SiteCalendar calendar;
    private final CallbackStore store;
    private final SchedulingRules rules;

    public CallbackScheduler(SiteCalendar calendar, CallbackStore store, SchedulingRules rules) {
        this.calendar = calendar;
        this.store = store;
        this.rules = rules;
    }

    /** The windows of that date at the site, none when it is closed (holiday, closure, day off). */
    public List<DueWindow> windowsOn(Site site, LocalDate date) {
        List<DueWindow> windows = new ArrayList<>();
        for (TimeRange range : calendar.openingsOn(site, date)) {
            LocalDateTime end = date.atTime(range.end());
            for (LocalDateTime start = date.atTime(range.start()); start.isBefore(end); start = start.plus(rules.windowLength())) {
                LocalDateTime stop = start.plus(rules.windowLength()).isBefore(end) ? start.plus(rules.windowLength()) : end;
                windows.add(new DueWindow(start.atZone(site.zone()).toInstant(), stop.atZone(site.zone()).toInstant(), site.zone()));
            }
        }
        return windows;
    }

    /** The earliest window starting at or after {@code notBefore} (null: any) that ends late enough and has room. */
    public Optional<DueWindow> earliest(Site site, String themeId, Instant now, Instant notBefore) {
        return available(site, themeId, now).stream()
                .filter(w -> notBefore == null || !w.from().isBefore(notBefore))
                .findFirst();
    }

    /**
     * What the voice menu offers: the earliest window, then the morning and the afternoon of the
     * next open day after today, each only when it has room and differs from an earlier choice.
     */
    public List<CallbackChoice> choices(Site site, String themeId, Instant now) {
        List<DueWindow> available = available(site, themeId, now);
        if (available.isEmpty()) {
            return List.of();
        }
        LocalDate today = now.atZone(site.zone()).toLocalDate();
        DueWindow earliest = available.get(0);
        List<CallbackChoice> choices = new ArrayList<>();
        choices.add(new CallbackChoice("earliest", "le plus tôt possible, " + CallbackSpeech.span(earliest, now), earliest));
        available.stream().map(w -> w.localFrom().toLocalDate()).filter(today::isBefore).findFirst().ifPresent(day -> {
            String dayLabel = CallbackSpeech.day(day, today);
            firstOn(available, day, w -> w.localFrom().toLocalTime().isBefore(NOON))
                    .ifPresent(w -> addIfNew(choices, new CallbackChoice("morning", dayLabel + " matin", w)));
            firstOn(available, day, w -> !w.localFrom().toLocalTime().isBefore(NOON))
                    .ifPresent(w -> addIfNew(choices, new CallbackChoice("afternoon", dayLabel + " après-midi", w)));
        });
        return List.copyOf(choices);
    }

    private static Optional<DueWindow> firstOn(List<DueWindow> windows, LocalDate day, Predicate<DueWindow> half) {
        return windows.stream().filter(w -> w.localFrom().toLocalDate().equals(day)).filter(half).findFirst();
    }

    private static void addIfNew(List<CallbackChoice> choices, CallbackChoice choice) {
        if (choices.stream().noneMatch(c -> c.window().equals(choice.window()))) {
            choices.add(choice);
        }
    }

    /** Every window of the horizon that ends late enough and has room, in time order; one read of the counts. */
    private List<DueWindow> available(Site site, String themeId, Instant now) {
        LocalDate today = now.atZone(site.zone()).toLocalDate();
        List<DueWindow> windows = new ArrayList<>();
        for (int day = 0; day < rules.horizonDays(); day++) {
            windows.addAll(windowsOn(site, today.plusDays(day)));
        }
        Instant earliestEnd = now.plus(rules.minNotice());
        windows.removeIf(w -> !w.to().isAfter(earliestEnd));
        if (windows.isEmpty()) {
            return windows;
        }
        Map<Instant, Integer> booked = store.bookedPerWindow(site.id(), themeId,
                windows.get(0).from(), windows.get(windows.size() - 1).to());
        windows.removeIf(w -> booked.getOrDefault(w.from(), 0) >= rules.capacityPerWindow());
        return windows;
    }
}
