package fr.accueil.domain.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A keyed postcode finds its territory: its own entry first, then its département's. */
class PostcodeIndexTest {
    private final PostcodeIndex index = new PostcodeIndex(Map.of("57", "moselle", "54700", "moselle",
            "54", "nancy", "974", "reunion", "88", "vosges"));

    @Test
    void thePostcodesOwnEntryWinsOverItsDepartement() {
        assertEquals(Optional.of("moselle"), index.territoryOf("57070"));
        assertEquals(Optional.of("moselle"), index.territoryOf("54700"));
        assertEquals(Optional.of("nancy"), index.territoryOf("54000"));
        assertEquals(Optional.of("reunion"), index.territoryOf("97400"), "an overseas département has three digits");
        assertEquals(Optional.of("vosges"), index.territoryOf("88100"));
    }

    @Test
    void anUnservedOrMalformedPostcodeHasNoTerritory() {
        for (String keyed : new String[] {"75001", "97100", "5707", "570700", "", "57 07", "abcde"}) {
            assertEquals(Optional.empty(), index.territoryOf(keyed), keyed);
        }
        assertEquals(Optional.empty(), index.territoryOf(null));
    }

    @Test
    void aFileDeclaresPostcodesAndDepartementsOfFrance() {
        for (String area : List.of("57", "01", "95", "20", "974", "988", "57070", "97400")) {
            assertTrue(PostcodeIndex.isArea(area), area);
        }
        for (String area : List.of("00", "96", "97", "2A", "5", "570", "5707", "00100", "96000", "570700", "")) {
            assertFalse(PostcodeIndex.isArea(area), area);
        }
        assertFalse(PostcodeIndex.isArea(null));
    }

    @Test
    void aTerritorysAreasAreListedInOrder() {
        assertEquals(List.of("54700", "57"), index.areasOf("moselle"));
        assertEquals(List.of(), index.areasOf("creuse"));
    }
}
