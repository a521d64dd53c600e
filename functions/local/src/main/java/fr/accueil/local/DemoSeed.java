package fr.accueil.local;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryFormat;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;

/**
 * Seeds the runner's territory from one territory file (seed/demo-territory.json unless --seed names another;
 * format in the README, Territory file). The file is read and checked whole before anything is written;
 * permanences without a start date and a mobile site's round start on the day of seeding, so the demo always
 * has slots over the coming weeks.
 */
final class DemoSeed {
    /** What was seeded, for the start-up banner. */
    record Summary(String territoryId, int sites, int partners, int themes, int permanences) {
    }

    static final String TERRITORY = "demo-territory.json";

    private DemoSeed() {
    }

    /** @throws InvalidTreeException listing every problem of the file, each with its path and a French message */
    static Territory read(InputStream json, LocalDate today) throws IOException {
        return TerritoryFormat.parse(Json.readObject(json), today);
    }

    /** Writes the territory's directory, when it has none, and its menu and routing rules, when it has none. */
    static Summary seed(Territory territory, DirectoryStore directory, VoiceMenuStore voice) {
        String id = territory.id();
        if (directory.sites(id).isEmpty()) {
            territory.sites().forEach(site -> directory.save(id, site));
            territory.themes().forEach(theme -> directory.save(id, theme));
            territory.partners().forEach(partner -> directory.save(id, partner));
            territory.permanences().forEach(permanence -> directory.save(id, permanence));
        }
        if (voice.menu(id).isEmpty()) {
            voice.save(id, territory.menu());
            voice.save(id, territory.routing());
        }
        return new Summary(id, territory.sites().size(), territory.partners().size(), territory.themes().size(),
                territory.permanences().size());
    }
}
