package fr.accueil.domain.callback;

import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Cuts a site's opening hours into due windows and finds the earliest one with room left.
 * Windows are computed in the site's wall-clock time, then turned into instants, so they stay
 * "9 h – 10 h" across a change of daylight saving time.
 */
public final class CallbackScheduler {
    /** Three half-days and the repeat key keep the spoken offer short (the menu's rule: four choices at most). */
    public static final int MAX_CHOICES = 3;

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
     * What a caller chooses among, by voice or on the web: the next half-days (morning, afternoon)
     * that still have a window with room, at most {@link #MAX_CHOICES}, each with its first such window.
     */
    public List<CallbackChoice> choices(Site site, String themeId, Instant now) {
        LocalDate today = now.atZone(site.zone()).toLocalDate();
        Map<String, CallbackChoice> byHalfDay = new LinkedHashMap<>();
        for (DueWindow window : available(site, themeId, now)) {
            String label = CallbackSpeech.halfDay(window.localFrom().toLocalDateTime(), today);
            if (!byHalfDay.containsKey(label)) {
                if (byHalfDay.size() == MAX_CHOICES) {
                    break;
                }
                byHalfDay.put(label, new CallbackChoice(window.from().toString(), label, window));
            }
        }
        return List.copyOf(byHalfDay.values());
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
