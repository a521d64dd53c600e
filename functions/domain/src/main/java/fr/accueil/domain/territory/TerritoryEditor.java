package fr.accueil.domain.territory;

import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.tree.InvalidTreeException;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The back office's edits: one element of the stored territory changed at a time. An edit is the stored
 * territory as its document ({@link TerritoryFormat#toTree}) with one site, theme, partner or permanence
 * replaced, added or removed, or the menu and routing rules replaced; the document is then read as an import
 * reads a file (every rule and French message is the import's) and applied by {@link TerritoryImport}, so
 * slots follow and booked ones are kept or cancelled with notice, never silently lost.
 */
public final class TerritoryEditor {
    /** Where calls are heard when the territory has no site yet to give its time zone. */
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");

    /** The parts of the document edited one element at a time, by their field in the document. */
    public enum Part {
        SITES("sites", "site"), THEMES("themes", "thème"), PARTNERS("partners", "partenaire"),
        PERMANENCES("permanences", "permanence");

        private final String field;
        private final String noun;

        Part(String field, String noun) {
            this.field = field;
            this.noun = noun;
        }

        public String field() {
            return field;
        }

        /** The part in French, for messages. */
        public String noun() {
            return noun;
        }
    }

    private final String territoryId;
    private final DirectoryStore directory;
    private final VoiceMenuStore voice;
    private final TerritoryImport importer;
    private final Clock clock;

    public TerritoryEditor(String territoryId, DirectoryStore directory, VoiceMenuStore voice, TerritoryImport importer,
            Clock clock) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.voice = voice;
        this.importer = importer;
        this.clock = clock;
    }

    /**
     * The territory as stored. A territory seeded without a name (the local demo) is named by its id.
     *
     * @throws IllegalStateException when the territory has no menu or routing rules yet (import a file first)
     */
    public Territory stored() {
        Menu menu = voice.menu(territoryId).orElseThrow(() -> new IllegalStateException("no menu for " + territoryId));
        RoutingRules routing = voice.routingRules(territoryId)
                .orElseThrow(() -> new IllegalStateException("no routing rules for " + territoryId));
        return new Territory(territoryId, directory.territoryName(territoryId).orElse(territoryId),
                directory.sites(territoryId), directory.themes(territoryId), directory.partners(territoryId),
                directory.permanences(territoryId), menu, routing, directory.postcodeIndex().areasOf(territoryId));
    }

    /** The stored territory as its document, as an export writes it. */
    public Map<String, Object> document() {
        return draft().document();
    }

    /** The stored document to edit, and the day it was written for (the day it is read back on). */
    private record Draft(Map<String, Object> document, LocalDate today) {
    }

    private Draft draft() {
        Territory territory = stored();
        LocalDate today = today(territory);
        return new Draft(TerritoryFormat.toTree(territory, today), today);
    }

    /**
     * Replaces the element of that id, or adds it when the territory has none. Its id is the one of the route: an
     * element naming another is refused.
     *
     * @param dryRun true to report what would change and write nothing
     * @throws InvalidTreeException every problem of the document so edited, the edited element's paths relative to it
     */
    public TerritoryImport.Report put(Part part, String id, Map<String, Object> element, boolean dryRun) {
        Object named = element.get("id");
        if (named != null && !id.equals(named)) {
            throw new InvalidTreeException(part.noun(), List.of("id : l’identifiant « " + named
                    + " » diffère de celui de l’adresse (« " + id + " ») ; pour renommer, supprimez puis créez"));
        }
        Map<String, Object> changed = new LinkedHashMap<>(element);
        changed.put("id", id);
        Draft draft = draft();
        List<Object> items = items(draft.document(), part);
        int index = indexOf(items, id);
        if (index < 0) {
            items.add(changed);
            index = items.size() - 1;
        } else {
            items.set(index, changed);
        }
        return apply(draft, part.field() + "[" + index + "]", dryRun);
    }

    /**
     * Removes the element: a removed site or permanence takes its slots with it, the appointments booked there
     * cancelled with notice. An element still named elsewhere (a site with permanences, a theme in the menu) is
     * refused with the import's messages, at their paths.
     *
     * @throws NotFoundException when the territory has no such element
     */
    public TerritoryImport.Report delete(Part part, String id, boolean dryRun) {
        Draft draft = draft();
        List<Object> items = items(draft.document(), part);
        int index = indexOf(items, id);
        if (index < 0) {
            throw new NotFoundException("Aucun élément « " + id + " » parmi les " + part.field() + ".");
        }
        items.remove(index);
        return apply(draft, null, dryRun);
    }

    /** Replaces the voice menu and the routing rules, read and checked against the directory as an import does. */
    public TerritoryImport.Report putVoice(Object menu, Object routing, boolean dryRun) {
        return apply(voiceDraft(menu, routing), null, dryRun);
    }

    /** The territory the stored one becomes with that menu and those rules, checked, written nowhere. */
    public Territory withVoice(Object menu, Object routing) {
        return read(voiceDraft(menu, routing), null);
    }

    private Draft voiceDraft(Object menu, Object routing) {
        Draft draft = draft();
        draft.document().put("menu", menu);
        draft.document().put("routing", routing);
        return draft;
    }

    private TerritoryImport.Report apply(Draft draft, String edited, boolean dryRun) {
        Territory territory = read(draft, edited);
        return dryRun ? importer.dryRun(territory) : importer.apply(territory);
    }

    /** Reads the edited document; the problems of the edited element are given relative to it ("capacity"). */
    private Territory read(Draft draft, String edited) {
        try {
            return TerritoryFormat.parse(draft.document(), draft.today());
        } catch (InvalidTreeException e) {
            if (edited == null) {
                throw e;
            }
            List<String> problems = new ArrayList<>();
            for (String problem : e.problems()) {
                problems.add(problem.startsWith(edited + ".") ? problem.substring(edited.length() + 1) : problem);
            }
            throw new InvalidTreeException("Territoire", problems);
        }
    }

    /** Today where the territory's first site is (its mobile sites' rounds are laid out from it). */
    private LocalDate today(Territory territory) {
        ZoneId zone = territory.sites().stream().findFirst().map(Site::zone).orElse(DEFAULT_ZONE);
        return LocalDate.now(clock.withZone(zone));
    }

    @SuppressWarnings("unchecked")
    private static List<Object> items(Map<String, Object> document, Part part) {
        List<Object> items = new ArrayList<>((List<Object>) document.getOrDefault(part.field(), List.of()));
        document.put(part.field(), items);
        return items;
    }

    private static int indexOf(List<Object> items, String id) {
        for (int i = 0; i < items.size(); i++) {
            if (id.equals(asMap(items.get(i)).get("id"))) {
                return i;
            }
        }
        return -1;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object item) {
        return (Map<String, Object>) item;
    }
}
