package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The runner's command line: a territory served unseeded, as a stack just deployed for it. */
class MainTest {
    @Test
    void anUnseededRunnerServesTheTerritoryNamed() {
        LocalStack.Options options = Main.parse(new String[] {"--no-seed", "--territory-id", "creuse-sud"});
        assertEquals("creuse-sud", options.territoryId());
        assertEquals(false, options.seed());
        assertNull(Main.parse(new String[] {"--no-seed"}).territoryId());
    }

    @Test
    void severalSeedsShareOneRegionalNumberTheFirstBeingTheStacksOwn() {
        assertEquals(List.of(Path.of("seed/demo-territory.json"), Path.of("seed/demo-territory-2.json"), Path.of("c.json")),
                Main.parse(new String[] {"--seed", "seed/demo-territory.json", "--seed", "seed/demo-territory-2.json,c.json"}).seedFiles());
        assertEquals(List.of(), Main.parse(new String[] {}).seedFiles(), "the demo's file");
    }

    @Test
    void aTerritoryIdGoesWithNoSeedAndIsOneTheTemplateAllows() {
        assertEquals("--territory-id goes with --no-seed (a seeded runner serves its file's territory)",
                assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--territory-id", "creuse-sud"})).getMessage());
        assertEquals("--territory-id takes 2 to 40 lower-case letters, digits and hyphens, not Creuse",
                assertThrows(IllegalArgumentException.class,
                        () -> Main.parse(new String[] {"--no-seed", "--territory-id", "Creuse"})).getMessage());
    }
}
