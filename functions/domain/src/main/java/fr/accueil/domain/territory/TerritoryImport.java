package fr.accueil.domain.territory;

import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotPlan;
import fr.accueil.domain.booking.SlotRegeneration;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.PostcodeIndex;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.tree.InvalidTreeException;
import java.time.Clock;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiPredicate;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Brings a stack's stored territory in line with a territory file (docs/operations.md, Territory file): what the file has is
 * created or changed, what it no longer has is removed, then every permanence's slots follow. Booked slots are
 * kept when their permanence still holds them; otherwise (permanence or site removed, window changed, a closure
 * over them) their appointments are cancelled and the citizens told, through the same path as a site's
 * cancellation. Importing the same file again finds nothing to change: the file decides everything stored, and
 * reading it does not depend on the day (a permanence without validFrom counts its weeks from a fixed Monday).
 * A mobile site's round is laid out from the day of import, so a later import adds the stops of the weeks that
 * came into its reach; its past stops, and the cancellations of its coming ones, are kept.
 */
public final class TerritoryImport {
    private final Set<String> territoryIds;
    private final DirectoryStore directory;
    private final VoiceMenuStore voice;
    private final SlotRegeneration regeneration;
    private final Clock clock;

    /** @param territoryId the stack's territory (its TerritoryId parameter): a file of another one is refused */
    public TerritoryImport(String territoryId, DirectoryStore directory, VoiceMenuStore voice,
            SlotRegeneration regeneration, Clock clock) {
        this(Set.of(territoryId), directory, voice, regeneration, clock);
    }

    /**
     * @param territoryIds the territories of the stack's number (TerritoryId, and RegionTerritoryIds on a regional
     *                     number): a file of another one is refused
     */
    public TerritoryImport(Set<String> territoryIds, DirectoryStore directory, VoiceMenuStore voice,
            SlotRegeneration regeneration, Clock clock) {
        this.territoryIds = new java.util.TreeSet<>(territoryIds);
        this.directory = directory;
        this.voice = voice;
        this.regeneration = regeneration;
        this.clock = clock;
    }

    /** The ids created, changed and removed in one part of the territory. */
    public record Changes(List<String> created, List<String> changed, List<String> removed) {
        public Changes {
            created = List.copyOf(created);
            changed = List.copyOf(changed);
            removed = List.copyOf(removed);
        }

        public boolean isEmpty() {
            return created.isEmpty() && changed.isEmpty() && removed.isEmpty();
        }
    }

    /** The parts whose past participles agree in the feminine. */
    private static final Set<String> FEMININE = Set.of("fermetures", "permanences");

    /**
     * What an import changes (or, for a dry run, would change).
     *
     * @param parts                  per part (territoire, sites, fermetures, arrêts, thèmes, partenaires, permanences,
     *                               menu, routage, codes postaux), the ids created, changed and removed
     * @param slotsCreated           slots offered anew (new permanences, new dates, changed ones)
     * @param slotsRemoved           slots no longer offered, booked ones included
     * @param appointmentsCancelled  places booked in slots no longer held: cancelled, the citizens told
     */
    public record Report(String territoryId, boolean written, Map<String, Changes> parts, int slotsCreated,
                         int slotsRemoved, int appointmentsCancelled) {
        public Report {
            parts = Collections.unmodifiableMap(new LinkedHashMap<>(parts));
        }

        /** Whether the file asks for no change to the territory (slots aside, which follow the days). */
        public boolean unchanged() {
            return parts.values().stream().allMatch(Changes::isEmpty);
        }

        /** The report as the command prints it, in French. */
        public String text() {
            StringBuilder text = new StringBuilder();
            text.append("Territoire « ").append(territoryId).append(" » : ")
                    .append(written ? "importé" : "essai (--dry-run), rien n’est écrit").append('\n');
            parts.forEach((part, changes) -> {
                String agreement = FEMININE.contains(part) ? "e" : "";
                text.append("  ").append(part).append(" : ").append(count(changes.created(), "créé" + agreement))
                        .append(", ").append(count(changes.changed(), "modifié" + agreement))
                        .append(", ").append(count(changes.removed(), "supprimé" + agreement)).append('\n');
            });
            text.append("  créneaux : ").append(slotsCreated).append(" ouverts, ").append(slotsRemoved).append(" retirés\n");
            text.append("  rendez-vous annulés, usagers prévenus : ").append(appointmentsCancelled).append('\n');
            if (unchanged()) {
                text.append("  Rien ne change dans le territoire.\n");
            }
            return text.toString();
        }

        private static String count(List<String> ids, String word) {
            return ids.size() + " " + word + (ids.size() > 1 ? "s" : "") + (ids.isEmpty() ? "" : " (" + String.join(", ", ids) + ")");
        }

        /** The report as a tree, for the back office's JSON answer. */
        public Map<String, Object> toTree() {
            Map<String, Object> tree = new LinkedHashMap<>();
            tree.put("territoryId", territoryId);
            tree.put("written", written);
            Map<String, Object> changes = new LinkedHashMap<>();
            parts.forEach((part, change) -> changes.put(part, Map.of("created", change.created(),
                    "changed", change.changed(), "removed", change.removed())));
            tree.put("parts", changes);
            tree.put("slotsCreated", slotsCreated);
            tree.put("slotsRemoved", slotsRemoved);
            tree.put("appointmentsCancelled", appointmentsCancelled);
            return tree;
        }
    }

    /** What importing the territory would change, written nowhere. */
    public Report dryRun(Territory territory) {
        Plan plan = plan(territory);
        return plan.report(false);
    }

    /**
     * Imports the territory: withdraws the slots of removed permanences (while the directory still names them for
     * the messages), writes what is new or changed, regenerates the slots, then removes what the file no longer has.
     */
    public Report apply(Territory territory) {
        Plan plan = plan(territory);
        plan.withdrawals.forEach(regeneration::apply);
        String id = territory.id();
        if (!plan.parts.get("territoire").isEmpty()) {
            directory.saveTerritoryName(id, territory.name());
        }
        plan.themes.forEach(theme -> directory.save(id, theme));
        plan.partners.forEach(partner -> directory.save(id, partner));
        plan.sites.forEach(site -> directory.save(id, site));
        plan.permanences.forEach(permanence -> directory.save(id, permanence));
        if (!plan.parts.get("menu").isEmpty()) {
            voice.save(id, territory.menu());
        }
        if (!plan.parts.get("routage").isEmpty()) {
            voice.save(id, territory.routing());
        }
        plan.regenerations.forEach(regeneration::apply);
        plan.parts.get("permanences").removed().forEach(permanence -> directory.deletePermanence(id, permanence));
        plan.parts.get("partenaires").removed().forEach(partner -> directory.deletePartner(id, partner));
        plan.parts.get("thèmes").removed().forEach(theme -> directory.deleteTheme(id, theme));
        plan.parts.get("sites").removed().forEach(site -> directory.deleteSite(id, site));
        plan.parts.get("codes postaux").created().forEach(area -> directory.savePostcodeArea(area, id));
        plan.parts.get("codes postaux").removed().forEach(directory::deletePostcodeArea);
        return plan.report(true);
    }

    /** The changes found, the items to write and the slot plans to apply. */
    private static final class Plan {
        private final String territoryId;
        private final Map<String, Changes> parts = new LinkedHashMap<>();
        private final List<Theme> themes = new ArrayList<>();
        private final List<Partner> partners = new ArrayList<>();
        private final List<Site> sites = new ArrayList<>();
        private final List<Permanence> permanences = new ArrayList<>();
        private final List<SlotPlan> withdrawals = new ArrayList<>();
        private final List<SlotPlan> regenerations = new ArrayList<>();

        private Plan(String territoryId) {
            this.territoryId = territoryId;
        }

        private Report report(boolean written) {
            List<SlotPlan> all = new ArrayList<>(withdrawals);
            all.addAll(regenerations);
            int created = all.stream().mapToInt(plan -> plan.toCreate().size()).sum();
            int removed = all.stream().mapToInt(plan -> plan.toDelete().size() + plan.orphaned().size()).sum();
            int cancelled = all.stream().flatMap(plan -> plan.orphaned().stream()).mapToInt(Slot::booked).sum();
            return new Report(territoryId, written, parts, created, removed, cancelled);
        }
    }

    private Plan plan(Territory territory) {
        if (!territoryIds.contains(territory.id())) {
            throw new InvalidTreeException("Territoire", List.of("territory.id : ce fichier décrit le territoire « "
                    + territory.id() + " », cette pile sert " + (territoryIds.size() == 1
                    ? "le territoire « " + territoryIds.iterator().next() + " » (paramètre TerritoryId du modèle)"
                    : "les territoires « " + String.join(" », « ", territoryIds)
                            + " » (paramètres TerritoryId et RegionTerritoryIds du modèle)") + " : rien n’est importé"));
        }
        String id = territory.id();
        PostcodeIndex index = directory.postcodeIndex();
        List<String> claimed = territory.postcodes().stream()
                .filter(area -> !id.equals(index.territoryByArea().getOrDefault(area, id)))
                .map(area -> "territory.postcodes : « " + area + " » est déjà servi par le territoire « "
                        + index.territoryByArea().get(area) + " » : rien n’est importé")
                .toList();
        if (!claimed.isEmpty()) {
            throw new InvalidTreeException("Territoire", claimed);
        }
        Plan plan = new Plan(id);
        Optional<String> name = directory.territoryName(id);
        plan.parts.put("territoire", single(name.isPresent(), name.map(territory.name()::equals).orElse(false), id));

        Map<String, Site> storedSites = byId(directory.sites(id), Site::id);
        Map<String, Site> merged = new LinkedHashMap<>();
        territory.sites().forEach(site -> merged.put(site.id(), merge(site, storedSites.get(site.id()), today(site))));
        plan.parts.put("sites", diff(storedSites, merged, (stored, wanted) -> core(stored).equals(core(wanted)), plan.sites,
                (stored, wanted) -> stored.equals(wanted)));
        plan.parts.put("fermetures", nested(storedSites, merged, TerritoryImport::closures));
        plan.parts.put("arrêts", nested(storedSites, merged, site -> stops(site, today(site))));

        plan.parts.put("thèmes", diff(byId(directory.themes(id), Theme::id), byId(territory.themes(), Theme::id),
                Objects::equals, plan.themes, Objects::equals));
        plan.parts.put("partenaires", diff(byId(directory.partners(id), Partner::id), byId(territory.partners(), Partner::id),
                Objects::equals, plan.partners, Objects::equals));
        Map<String, Permanence> storedPermanences = byId(directory.permanences(id), Permanence::id);
        Map<String, Permanence> wanted = byId(territory.permanences(), Permanence::id);
        plan.parts.put("permanences", diff(storedPermanences, wanted, Objects::equals, plan.permanences, Objects::equals));
        storedPermanences.values().stream().filter(permanence -> !wanted.containsKey(permanence.id())).forEach(permanence -> {
            Site site = storedSites.get(permanence.siteId());
            if (site != null) {
                plan.withdrawals.add(regeneration.withdrawal(permanence, site));
            }
        });
        territory.permanences().forEach(permanence ->
                plan.regenerations.add(regeneration.plan(permanence, merged.get(permanence.siteId()))));

        plan.parts.put("menu", voicePart(() -> voice.menu(id), territory.menu(), "menu"));
        plan.parts.put("routage", voicePart(() -> voice.routingRules(id), territory.routing(), "routage"));
        plan.parts.put("codes postaux", diff(byId(index.areasOf(id), area -> area), byId(territory.postcodes(), area -> area),
                Objects::equals, new ArrayList<>(), Objects::equals));
        return plan;
    }

    /** Today at the site: a mobile site's round was laid out from it when the file was read. */
    private LocalDate today(Site site) {
        return LocalDate.now(clock.withZone(site.zone()));
    }

    /**
     * The site as the file has it, with what the file cannot say taken from the stored one: its stops before
     * today (history), and the cancellation of a coming stop the file still plans.
     */
    private static Site merge(Site wanted, Site stored, LocalDate today) {
        if (stored == null || !wanted.mobile()) {
            return wanted;
        }
        Map<List<Object>, Stop> storedStops = new LinkedHashMap<>();
        stored.stops().forEach(stop -> storedStops.put(stopKey(stop), stop));
        List<Stop> stops = new ArrayList<>(stored.stops().stream().filter(stop -> stop.date().isBefore(today)).toList());
        wanted.stops().stream().filter(stop -> !stop.date().isBefore(today))
                .map(stop -> Optional.ofNullable(storedStops.get(stopKey(stop))).filter(Stop::cancelled).orElse(stop))
                .forEach(stops::add);
        return new Site(wanted.id(), wanted.territoryId(), wanted.name(), wanted.address(), wanted.postcodesServed(),
                wanted.zone(), wanted.hours(), wanted.closures(), wanted.phone(), wanted.queue(), true, stops, wanted.location());
    }

    private static List<Object> stopKey(Stop stop) {
        return List.of(stop.date(), stop.hours(), stop.address());
    }

    /** A site's own fields, closures and stops aside (reported apart). */
    private static List<Object> core(Site site) {
        return Arrays.asList(site.name(), site.address(), site.postcodesServed(), site.zone(), site.hours(),
                site.phone(), site.queue(), site.mobile(), site.location());
    }

    private static Map<String, Object> closures(Site site) {
        Map<String, Object> closures = new LinkedHashMap<>();
        for (Closure closure : site.closures()) {
            closures.put(site.id() + " " + closure.from() + "/" + closure.to(), closure.reason());
        }
        return closures;
    }

    /** A site's coming stops by date and hours; its past ones are history, never changed by an import. */
    private static Map<String, Object> stops(Site site, LocalDate today) {
        Map<String, Object> stops = new LinkedHashMap<>();
        site.stops().stream().filter(stop -> !stop.date().isBefore(today))
                .forEach(stop -> stops.put(site.id() + " " + stop.date() + " " + stop.hours(), stop));
        return stops;
    }

    /** Changes of items held inside sites (closures, stops), by their keys across every site. */
    private static Changes nested(Map<String, Site> stored, Map<String, Site> wanted, Function<Site, Map<String, Object>> items) {
        Map<String, Object> before = new LinkedHashMap<>();
        stored.values().forEach(site -> before.putAll(items.apply(site)));
        Map<String, Object> after = new LinkedHashMap<>();
        wanted.values().forEach(site -> after.putAll(items.apply(site)));
        return diff(before, after, Objects::equals, new ArrayList<>(), Objects::equals);
    }

    /**
     * Compares stored and wanted items by id: {@code same} decides what is reported changed, {@code unwritten}
     * what needs no write (a site whose closures alone changed is written, not reported changed).
     */
    private static <T> Changes diff(Map<String, T> stored, Map<String, T> wanted, BiPredicate<T, T> same,
            List<T> toWrite, BiPredicate<T, T> unwritten) {
        List<String> created = new ArrayList<>();
        List<String> changed = new ArrayList<>();
        wanted.forEach((id, item) -> {
            T before = stored.get(id);
            if (before == null) {
                created.add(id);
            } else if (!same.test(before, item)) {
                changed.add(id);
            }
            if (before == null || !unwritten.test(before, item)) {
                toWrite.add(item);
            }
        });
        List<String> removed = stored.keySet().stream().filter(id -> !wanted.containsKey(id)).toList();
        return new Changes(created, changed, removed);
    }

    private static Changes single(boolean present, boolean same, String id) {
        return new Changes(present ? List.of() : List.of(id), present && !same ? List.of(id) : List.of(), List.of());
    }

    /** The menu or routing rules: a stored document that no longer reads is changed by the import. */
    private static <T> Changes voicePart(Supplier<Optional<T>> stored, T wanted, String part) {
        try {
            Optional<T> before = stored.get();
            return single(before.isPresent(), before.map(wanted::equals).orElse(false), part);
        } catch (InvalidTreeException e) {
            return single(true, false, part);
        }
    }

    private static <T> Map<String, T> byId(List<T> items, Function<T, String> id) {
        return items.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a, LinkedHashMap::new));
    }
}
