package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
    void aTerritoryIdGoesWithNoSeedAndIsOneTheTemplateAllows() {
        assertEquals("--territory-id goes with --no-seed (a seeded runner serves its file's territory)",
                assertThrows(IllegalArgumentException.class, () -> Main.parse(new String[] {"--territory-id", "creuse-sud"})).getMessage());
        assertEquals("--territory-id takes 2 to 40 lower-case letters, digits and hyphens, not Creuse",
                assertThrows(IllegalArgumentException.class,
                        () -> Main.parse(new String[] {"--no-seed", "--territory-id", "Creuse"})).getMessage());
    }
}
