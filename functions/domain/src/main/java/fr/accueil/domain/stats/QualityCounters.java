package fr.accueil.domain.stats;

import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Site;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which counters an event of a contact's history adds to: the one place that turns history into
 * statistics, so the counters kept as events happen and counts recomputed from the history agree.
 * Counter names are data ({@code calls}, {@code callbacks.completed}…): a new kind of event adds its
 * own without changing the store nor the API.
 *
 * <p>The event's day is its date at its site (the zone of the site named in its details), Europe/Paris
 * when it names none; the partner of a theme is the first partner offering it, when the event does not
 * say. The directory is read at most every five minutes.
 */
public final class QualityCounters {
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");
    static final Set<String> ATTENDANCE = Set.of("ATTENDED", "NO_SHOW", "EXCUSED");
    private static final Duration DIRECTORY_KEPT = Duration.ofMinutes(5);

    private final String territoryId;
    private final DirectoryStore directory;
    private final Clock clock;
    private Lookup lookup;

    public QualityCounters(String territoryId, DirectoryStore directory, Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.clock = clock;
    }

    /** What the event adds; empty for a kind that counts nothing. */
    public Tally of(Interaction event) {
        Map<String, String> d = event.details();
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Double> measures = new LinkedHashMap<>();
        switch (event.kind()) {
            case "call" -> {
                counters.put("calls", 1L);
                counters.put("calls." + word(d.get("route")), 1L);
            }
            case "menu-choice" -> {
                counters.put("menu.choices", 1L);
                counters.put("menu.choice." + word(d.get("action")), 1L);
            }
            case "callback-requested" -> counters.put("callbacks.requested", 1L);
            case "callback-retry" -> counters.put("callbacks.retried", 1L);
            case "callback-failed" -> counters.put("callbacks.failed", 1L);
            case "callback-cancelled" -> counters.put("callbacks.cancelled", 1L);
            case "callback-completed" -> {
                counters.put("callbacks.completed", 1L);
                instant(d.get("requestedAt")).ifPresent(requested -> {
                    Duration delay = Duration.between(requested, event.at());
                    counters.put(Histogram.CALLBACK_DELAY.bucketOf(delay), 1L);
                    measures.put("callbackDelayMinutes", delay.toSeconds() / 60.0);
                });
            }
            case "appointment-booked" -> {
                counters.put("appointments.booked", 1L);
                instant(d.get("start")).ifPresent(start -> {
                    Duration lead = Duration.between(event.at(), start);
                    counters.put(Histogram.BOOKING_LEAD_TIME.bucketOf(lead), 1L);
                    measures.put("bookingLeadTimeHours", lead.toSeconds() / 3600.0);
                });
            }
            case "appointment-cancelled" -> counters.put("appointments.cancelled", 1L);
            case "appointment-rescheduled" -> counters.put("appointments.rescheduled", 1L);
            case "appointment-attendance" -> {
                String status = d.get("status");
                if (ATTENDANCE.contains(status)) {
                    counters.put(attendanceCounter(status), 1L);
                    String previous = d.get("previous");
                    if (ATTENDANCE.contains(previous) && !previous.equals(status)) {
                        // A corrected attendance moves the count, so the day's figures stay true.
                        counters.put(attendanceCounter(previous), -1L);
                    }
                }
            }
            default -> {
                // Other kinds are history only.
            }
        }
        String site = blankToNull(d.get("siteId"));
        String theme = blankToNull(d.getOrDefault("themeId", d.get("theme")));
        String partner = blankToNull(d.get("partnerId"));
        // The directory is read only for what the event does not say (a first call of a container often says nothing).
        if (partner == null && theme != null) {
            partner = lookup().partnerOfTheme.get(theme);
        }
        ZoneId zone = site == null ? DEFAULT_ZONE : lookup().zoneOfSite.getOrDefault(site, DEFAULT_ZONE);
        return new Tally(territoryId, event.at().atZone(zone).toLocalDate(),
                StatsScope.of(site, partner, theme, blankToNull(d.get("permanenceId"))), counters, measures);
    }

    static String attendanceCounter(String status) {
        return switch (status) {
            case "ATTENDED" -> "appointments.attended";
            case "NO_SHOW" -> "appointments.noShow";
            default -> "appointments.excused";
        };
    }

    /** Counter names come from a few known values; anything else is folded so names stay bounded. */
    private static String word(String value) {
        return value != null && value.matches("[a-z][a-z-]{0,19}") ? value : "other";
    }

    private static Optional<Instant> instant(String text) {
        try {
            return Optional.ofNullable(text).map(Instant::parse);
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private synchronized Lookup lookup() {
        Instant now = clock.instant();
        if (lookup == null || now.isAfter(lookup.readAt.plus(DIRECTORY_KEPT)) || now.isBefore(lookup.readAt)) {
            Map<String, ZoneId> zones = new HashMap<>();
            for (Site site : directory.sites(territoryId)) {
                zones.put(site.id(), site.zone());
            }
            Map<String, String> partners = new HashMap<>();
            for (Partner partner : directory.partners(territoryId)) {
                partner.themeIds().forEach(theme -> partners.putIfAbsent(theme, partner.id()));
            }
            lookup = new Lookup(now, zones, partners);
        }
        return lookup;
    }

    private record Lookup(Instant readAt, Map<String, ZoneId> zoneOfSite, Map<String, String> partnerOfTheme) {
    }
}
