package fr.accueil.local;

import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryFormat;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.io.InputStream;
import java.time.LocalDate;

/**
 * Seeds the runner's territory from one territory file (seed/demo-territory.json unless --seed names another;
 * format in docs/operations.md, Territory file). The file is read and checked whole before anything is written, then
 * imported as into a deployed stack; a mobile site's round starts on the day of seeding, so the demo always has
 * stops and slots over the coming weeks.
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

    /**
     * Imports the territory as any stack imports one: what the file has is written, what it no longer has is
     * removed (a runner keeping its data with --data-dir follows the file's edits), and the slots follow.
     */
    static Summary seed(Territory territory, TerritoryImport territoryImport) {
        territoryImport.apply(territory);
        return new Summary(territory.id(), territory.sites().size(), territory.partners().size(), territory.themes().size(),
                territory.permanences().size());
    }
}
