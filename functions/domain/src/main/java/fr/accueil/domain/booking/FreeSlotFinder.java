package fr.accueil.domain.booking;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Runs a {@link SlotSearch}: one store query per permanence it covers (never a scan of the slots),
 * merged by start time. Only slots bookable now are offered: at least the minimum notice ahead and
 * within the horizon.
 *
 * <p>The cursor is the position (start, slot id) of the last slot shown: each permanence is read again
 * from that start, so a page needs no per-permanence state and a slot booked meanwhile shifts nothing.
 */
public final class FreeSlotFinder {
    private static final Comparator<Slot> BY_TIME = Comparator.comparing(Slot::startInstant).thenComparing(Slot::id);

    private final String territoryId;
    private final DirectoryStore directory;
    private final SlotStore slots;
    private final Clock clock;

    public FreeSlotFinder(String territoryId, DirectoryStore directory, SlotStore slots, Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.slots = slots;
        this.clock = clock;
    }

    public Page<Slot> find(SlotSearch search) {
        Position after = search.cursor() == null ? null : Position.decode(search.cursor());
        Map<String, Site> sites = directory.sites(territoryId).stream()
                .collect(Collectors.toMap(Site::id, Function.identity()));
        Instant now = clock.instant();
        List<Slot> found = new ArrayList<>();
        for (Permanence permanence : directory.permanences(territoryId)) {
            Site site = sites.get(permanence.siteId());
            if (site == null || !search.covers(permanence)) {
                continue;
            }
            Instant from = latest(search.dates().startIn(site.zone()), now.plus(permanence.minNotice()));
            Instant to = earliest(search.dates().endIn(site.zone()),
                    SlotGenerator.horizon(permanence, site, now).endIn(site.zone()));
            if (after != null) {
                from = latest(from, after.start());
            }
            if (!from.isBefore(to)) {
                continue;
            }
            for (Instant[] span : spans(site, search.postcode(), from, to)) {
                // A page and one more tell whether more follow; one more again for the slot at the cursor itself.
                Page<Slot> page = slots.freeSlots(permanence.id(), span[0], span[1], search.pageSize() + 2, null);
                page.items().stream().filter(slot -> after == null || after.before(slot)).forEach(found::add);
            }
        }
        found.sort(BY_TIME);
        boolean more = found.size() > search.pageSize();
        List<Slot> shown = found.subList(0, Math.min(found.size(), search.pageSize()));
        String next = more && !shown.isEmpty() ? Position.of(shown.get(shown.size() - 1)).encode() : null;
        return new Page<>(shown, next);
    }

    /** The next free slots of a permanence from now, to offer when the one chosen was just taken. */
    public List<Slot> nextFree(String permanenceId, int count) {
        Instant now = clock.instant();
        return directory.permanence(territoryId, permanenceId)
                .flatMap(permanence -> directory.site(territoryId, permanence.siteId()).map(site ->
                        slots.freeSlots(permanenceId, now.plus(permanence.minNotice()),
                                SlotGenerator.horizon(permanence, site, now).endIn(site.zone()), count, null).items()))
                .orElse(List.of());
    }

    /**
     * The time spans to read: [from, to) itself, or — for a mobile site searched by postcode — only the hours of
     * its stops at that postcode, so the bus is offered where the citizen lives (one keyed query per stop).
     */
    private static List<Instant[]> spans(Site site, String postcode, Instant from, Instant to) {
        if (!site.mobile() || postcode == null) {
            return List.<Instant[]>of(new Instant[] {from, to});
        }
        List<Instant[]> spans = new ArrayList<>();
        for (Stop stop : site.stops()) {
            if (stop.cancelled() || !stop.address().postcode().equals(postcode)) {
                continue;
            }
            Instant start = latest(from, stop.date().atTime(stop.hours().start()).atZone(site.zone()).toInstant());
            Instant end = earliest(to, stop.date().atTime(stop.hours().end()).atZone(site.zone()).toInstant());
            if (start.isBefore(end)) {
                spans.add(new Instant[] {start, end});
            }
        }
        return spans;
    }

    private static Instant latest(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    /** Where a page ended: opaque to clients (base64url), refused as a bad input when tampered with. */
    private record Position(Instant start, String slotId) {
        static Position of(Slot slot) {
            return new Position(slot.startInstant(), slot.id());
        }

        boolean before(Slot slot) {
            int byStart = slot.startInstant().compareTo(start);
            return byStart > 0 || byStart == 0 && slot.id().compareTo(slotId) > 0;
        }

        String encode() {
            return Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((start.getEpochSecond() + "~" + slotId).getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor) {
            try {
                String text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
                int separator = text.indexOf('~');
                return new Position(Instant.ofEpochSecond(Long.parseLong(text.substring(0, separator))),
                        text.substring(separator + 1));
            } catch (RuntimeException e) {
                throw new InvalidInputException(List.of(new InvalidInputException.Problem("cursor",
                        "La page demandée n’est pas valide : relancez la recherche.")));
            }
        }
    }
}
