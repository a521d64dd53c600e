package fr.accueil.domain.booking;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The day's board of a site, for a screen in its lobby: the permanences held today and tomorrow (dates at the
 * site), with their partner, hours, place and the places left. Made of the directory and the slots only: it
 * knows nobody's name.
 */
public final class SiteBoard {
    private final String territoryId;
    private final DirectoryStore directory;
    private final SlotStore slots;
    private final Clock clock;

    public SiteBoard(String territoryId, DirectoryStore directory, SlotStore slots, Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.slots = slots;
        this.clock = clock;
    }

    /** The board at {@code at}: {@code days} are today and tomorrow at the site. */
    public record Board(Site site, Instant at, List<Day> days) {
    }

    public record Day(LocalDate date, List<Entry> entries) {
    }

    /**
     * One permanence on one day at one place (a mobile site may stop twice a day).
     *
     * @param bookable     free places in the slots that can still be booked now (the minimum notice applies)
     * @param walkInPlaces citizens received without an appointment, 0 when by appointment only
     * @param over         the last slot has ended
     */
    public record Entry(String permanenceId, String partnerName, List<String> themeLabels, LocalTime from,
            LocalTime to, Address place, int bookable, int walkInPlaces, boolean over) {
    }

    public Board of(String siteId) {
        Site site = directory.site(territoryId, siteId).orElseThrow(() -> new NotFoundException("Ce lieu est inconnu."));
        Instant now = clock.instant();
        LocalDate today = now.atZone(site.zone()).toLocalDate();
        DateRange twoDays = new DateRange(today, today.plusDays(1));
        Map<String, String> partners = directory.partners(territoryId).stream()
                .collect(Collectors.toMap(Partner::id, Partner::name, (a, b) -> a));
        Map<String, String> themes = directory.themes(territoryId).stream()
                .collect(Collectors.toMap(Theme::id, Theme::label, (a, b) -> a));
        Map<LocalDate, List<Entry>> byDate = new LinkedHashMap<>();
        twoDays.dates().forEach(date -> byDate.put(date, new ArrayList<>()));
        for (Permanence permanence : directory.permanences(territoryId)) {
            if (!permanence.siteId().equals(siteId)) {
                continue;
            }
            // One keyed query per permanence covers both days.
            List<Slot> held = slots.slotsOf(permanence.id(), twoDays.startIn(site.zone()), twoDays.endIn(site.zone()));
            Map<String, List<Slot>> groups = held.stream().sorted(Comparator.comparing(Slot::startInstant))
                    .collect(Collectors.groupingBy(slot -> slot.date() + "|" + site.placeAt(slot.start()).oneLine(),
                            LinkedHashMap::new, Collectors.toList()));
            for (List<Slot> group : groups.values()) {
                Entry entry = entry(permanence, site, group, partners, themes, now);
                byDate.get(group.get(0).date()).add(entry);
            }
        }
        List<Day> days = byDate.entrySet().stream()
                .map(day -> new Day(day.getKey(), day.getValue().stream()
                        .sorted(Comparator.comparing(Entry::from).thenComparing(Entry::partnerName)).toList()))
                .toList();
        return new Board(site, now, days);
    }

    private static Entry entry(Permanence permanence, Site site, List<Slot> group, Map<String, String> partners,
            Map<String, String> themes, Instant now) {
        Slot first = group.get(0);
        Slot last = group.get(group.size() - 1);
        Instant bookableFrom = now.plus(permanence.minNotice());
        int bookable = group.stream().filter(slot -> !slot.startInstant().isBefore(bookableFrom))
                .mapToInt(slot -> slot.capacity() - slot.booked()).sum();
        Function<String, String> theme = id -> themes.getOrDefault(id, id);
        return new Entry(permanence.id(), partners.getOrDefault(permanence.partnerId(), permanence.partnerId()),
                permanence.themeIds().stream().map(theme).toList(), first.start().toLocalTime(),
                last.end().toLocalTime(), site.placeAt(first.start()), bookable, permanence.walkInPlaces(),
                !last.endInstant().isAfter(now));
    }
}
