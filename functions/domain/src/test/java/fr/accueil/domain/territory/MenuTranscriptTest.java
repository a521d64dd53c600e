package fr.accueil.domain.territory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.MiniJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a caller hears at each level, told from the menu's data and the directory's names. */
class MenuTranscriptTest {
    @Test
    void theDemoMenuIsToldLevelByLevelFromWhereCallsStart() throws IOException {
        List<MenuTranscript.Level> levels = MenuTranscript.of(territory("demo-territory.json"));

        MenuTranscript.Level first = levels.get(0);
        assertEquals("accueil", first.nodeId());
        assertTrue(first.heard().startsWith("Bienvenue sur la ligne France Services."), first.heard());
        assertEquals(new MenuTranscript.Choice("1", "passe au niveau « social »"), first.choices().get(0));
        assertEquals(new MenuTranscript.Choice("0", "mise en relation avec un conseiller, file « general »"), first.choices().get(4));
        assertEquals(new MenuTranscript.Choice("étoile", "réécoute ce niveau"), first.choices().get(first.choices().size() - 1));
        assertTrue(first.noAnswer().contains("« Je n'ai pas compris votre choix. »"), first.noAnswer());
        MenuTranscript.Level retraite = levels.stream().filter(l -> l.nodeId().equals("retraite-emploi")).findFirst().orElseThrow();
        assertFalse(retraite.heard().contains("<"), "SSML marks are not heard: " + retraite.heard());
        assertEquals(List.of("accueil", "social", "retraite-emploi", "impots", "services", "horaires", "rappel"),
                levels.stream().map(MenuTranscript.Level::nodeId).toList());
        // 0 and étoile, not written in the node, are told all the same: the advisor is the node's own fallback queue.
        MenuTranscript.Level impots = levels.get(3);
        assertEquals(List.of("1", "2", "3", "9", "0", "étoile"), impots.choices().stream().map(MenuTranscript.Choice::key).toList());
        assertEquals("mise en relation avec un conseiller, file « impots »", impots.choices().get(4).outcome());
        assertEquals("propose d’être rappelé : « Impôts et prélèvement à la source »", impots.choices().get(2).outcome());
        assertTrue(MenuTranscript.text(levels).contains("Touche 2 : passe au niveau « retraite-emploi »"));
    }

    @Test
    void aSiteOptionReadsTheSiteFromTheDirectory() throws IOException {
        List<MenuTranscript.Level> levels = MenuTranscript.of(territory("example-territory.json"));

        assertEquals(1, levels.size());
        assertEquals("entend l’adresse et les horaires de « France Services Schirmeck » (lus dans l’annuaire), puis revient à ce niveau",
                levels.get(0).choices().get(2).outcome());
        assertEquals("propose d’être rappelé : « Allocations familiales »", levels.get(0).choices().get(3).outcome());
    }

    private static Territory territory(String file) throws IOException {
        return TerritoryFormat.parse(MiniJson.parse(seed(file)), LocalDate.of(2026, 12, 2));
    }

    private static String seed(String name) throws IOException {
        String root = System.getProperty("accueil.root");
        Path repository = root == null || root.isBlank() ? Path.of("../..") : Path.of(root);
        return Files.readString(repository.resolve("seed").resolve(name));
    }
}
