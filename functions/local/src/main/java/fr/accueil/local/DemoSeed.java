package fr.accueil.local;

import fr.accueil.domain.booking.Permanence;
import fr.accueil.domain.booking.Recurrence;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Seeds the demo territory from seed/demo-territory.json. Permanences start on the day of
 * seeding, so the demo always has slots over the coming weeks.
 */
final class DemoSeed {
    /** What was seeded, for the start-up banner. */
    record Summary(String territoryId, int sites, int partners, int themes, int permanences) {
    }

    static final String TERRITORY = "demo-territory.json";
    static final String MENU = "menu.json";
    static final String ROUTING = "routing.json";

    private DemoSeed() {
    }

    /**
     * The territory's voice menu and routing rules, checked as any write is: a broken seed stops
     * the runner with the French list of problems rather than leaving callers on the safe route.
     */
    static void seedVoice(InputStream menu, InputStream routing, VoiceMenuStore store, String territoryId) throws IOException {
        store.save(territoryId, MenuFormat.parse(Json.readObject(menu)));
        store.save(territoryId, RoutingRules.parse(Json.readObject(routing)));
    }

    /** The queue keys a territory file names (its themes' and sites' queues): the queues the local phone puts calls in. */
    static Set<String> queueKeys(InputStream json) throws IOException {
        Map<String, Object> seed = Json.readObject(json);
        Set<String> keys = new java.util.TreeSet<>();
        for (String part : List.of("themes", "sites")) {
            list(seed, part).stream().map(item -> item.get("queue")).filter(String.class::isInstance)
                    .map(String.class::cast).forEach(keys::add);
        }
        return keys;
    }

    static Summary seed(InputStream json, DirectoryStore directory, LocalDate today) throws IOException {
        Map<String, Object> seed = Json.readObject(json);
        String territoryId = (String) object(seed, "territory").get("id");
        List<Map<String, Object>> sites = list(seed, "sites");
        List<Map<String, Object>> themes = list(seed, "themes");
        List<Map<String, Object>> partners = list(seed, "partners");
        List<Map<String, Object>> permanences = list(seed, "permanences");
        // Read before anything is written: a wrong theme leaves the directory as it was.
        List<Theme> read = themes.stream().map(DemoSeed::theme).toList();
        sites.forEach(s -> directory.save(territoryId, site(territoryId, s, today)));
        read.forEach(theme -> directory.save(territoryId, theme));
        partners.forEach(p -> directory.save(territoryId, new Partner((String) p.get("id"), (String) p.get("name"),
                (String) p.get("description"), strings(p.get("themeIds")))));
        permanences.forEach(p -> directory.save(territoryId, permanence(p, today)));
        return new Summary(territoryId, sites.size(), partners.size(), themes.size(), permanences.size());
    }

    /** {@code internal} (optional, false): a theme of the service's own work, never offered to citizens. */
    private static Theme theme(Map<String, Object> t) {
        Object internal = t.getOrDefault("internal", false);
        if (!(internal instanceof Boolean)) {
            throw new IllegalArgumentException("theme " + t.get("id") + ": \"internal\" must be true or false, not " + internal);
        }
        return new Theme((String) t.get("id"), (String) t.get("label"), (String) t.get("queue"), (Boolean) internal);
    }

    private static Site site(String territoryId, Map<String, Object> s, LocalDate today) {
        Map<String, Object> address = object(s, "address");
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        object(s, "hours").forEach((day, ranges) ->
                hours.put(DayOfWeek.valueOf(day), strings(ranges).stream().map(TimeRange::parse).toList()));
        List<Closure> closures = list(s, "closures").stream().map(c -> new Closure(
                LocalDate.parse((String) c.get("from")), LocalDate.parse((String) c.get("to")),
                (String) c.get("reason"))).toList();
        return new Site((String) s.get("id"), territoryId, (String) s.get("name"),
                new Address((String) address.get("street"), (String) address.get("postcode"), (String) address.get("city")),
                strings(s.get("postcodesServed")), ZoneId.of((String) s.get("timeZone")), new WeeklyHours(hours),
                closures, (String) s.get("phone"), (String) s.get("queue"),
                Boolean.TRUE.equals(s.get("mobile")), stops(s, today));
    }

    /**
     * A mobile site's stops: its weekly round ({@code stopRound}: weekday, hours, address) laid out from the day
     * of seeding over {@code roundWeeks} weeks, so the demo bus always has stops ahead.
     */
    private static List<Stop> stops(Map<String, Object> s, LocalDate today) {
        int weeks = ((Number) s.getOrDefault("roundWeeks", 0)).intValue();
        List<Stop> stops = new ArrayList<>();
        for (LocalDate date = today; date.isBefore(today.plusWeeks(weeks)); date = date.plusDays(1)) {
            for (Map<String, Object> stop : list(s, "stopRound")) {
                if (DayOfWeek.valueOf((String) stop.get("day")) == date.getDayOfWeek()) {
                    Map<String, Object> address = object(stop, "address");
                    stops.add(new Stop(date, TimeRange.parse((String) stop.get("hours")), new Address(
                            (String) address.get("street"), (String) address.get("postcode"), (String) address.get("city")),
                            false));
                }
            }
        }
        return stops;
    }

    private static Permanence permanence(Map<String, Object> p, LocalDate today) {
        Map<String, Object> r = object(p, "recurrence");
        Recurrence recurrence = "weekly".equals(r.get("kind"))
                ? new Recurrence.Weekly(strings(r.get("days")).stream().map(DayOfWeek::valueOf).collect(Collectors.toSet()),
                        ((Number) r.get("everyWeeks")).intValue(), today)
                : new Recurrence.MonthlyNthWeekday(DayOfWeek.valueOf((String) r.get("day")),
                        ((List<?>) r.get("ordinals")).stream().map(o -> ((Number) o).intValue()).toList());
        return new Permanence((String) p.get("id"), (String) p.get("partnerId"), (String) p.get("siteId"),
                strings(p.get("themeIds")), recurrence, TimeRange.parse((String) p.get("window")),
                ((Number) p.get("slotMinutes")).intValue(), ((Number) p.get("capacity")).intValue(),
                Duration.parse((String) p.get("minNotice")), ((Number) p.get("horizonDays")).intValue(),
                today, null, Set.of(), ((Number) p.getOrDefault("walkInPlaces", 0)).intValue());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String name) {
        return (Map<String, Object>) parent.getOrDefault(name, Map.of());
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Map<String, Object> parent, String name) {
        return (List<Map<String, Object>>) parent.getOrDefault(name, List.of());
    }

    @SuppressWarnings("unchecked")
    private static List<String> strings(Object value) {
        return value == null ? List.of() : (List<String>) value;
    }
}
