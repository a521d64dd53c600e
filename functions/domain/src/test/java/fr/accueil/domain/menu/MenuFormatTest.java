package fr.accueil.domain.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.tree.InvalidTreeException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@SuppressWarnings("unchecked")
class MenuFormatTest {

    /** A small menu: every kind of action, four choices at most per level, and one sub-menu. */
    static Map<String, Object> tree() {
        return Map.of(
                "root", "accueil",
                "defaults", Map.of("timeoutSeconds", 5,
                        "invalidInput", Map.of("maxAttempts", 3, "fallbackQueue", "general")),
                "nodes", List.of(
                        Map.of("id", "accueil", "prompt", "Bienvenue. Pour les allocations, tapez 1.",
                                "options", List.of(
                                        Map.of("key", "1", "action", "submenu", "target", "allocations"),
                                        Map.of("key", "2", "action", "queue", "theme", "impots"),
                                        Map.of("key", "3", "action", "callback", "theme", "retraite"),
                                        Map.of("key", "4", "action", "info", "message", "Ouvert de 9 h à 12 h."),
                                        Map.of("key", "0", "action", "advisor"),
                                        Map.of("key", "*", "action", "repeat"))),
                        Map.of("id", "allocations", "prompt", "<speak>Allocations.</speak>", "ssml", true,
                                "timeoutSeconds", 10, "invalidInput", Map.of("maxAttempts", 2, "message", "Choix inconnu."),
                                "options", List.of(
                                        Map.of("key", "1", "action", "queue", "theme", "allocations"),
                                        Map.of("key", "5", "action", "info", "message", "Au revoir.", "then", "hangup"),
                                        Map.of("key", "7", "action", "submenu", "target", "accueil"),
                                        Map.of("key", "8", "action", "transfer", "number", "+33969322121"),
                                        Map.of("key", "9", "action", "back")))));
    }

    @Test
    void readsEveryFieldAndFillsDefaults() {
        Menu menu = MenuFormat.parse(tree());
        assertEquals("accueil", menu.root());
        MenuNode root = menu.nodes().get(menu.root());
        assertEquals(5, root.timeoutSeconds());
        assertEquals(new InvalidInputRule(3, "general", "Je n'ai pas compris votre choix."), root.invalidInput());
        MenuNode allocations = menu.nodes().get("allocations");
        assertEquals(new MenuAction.Info("Au revoir.", true), allocations.action("5").orElseThrow());
        assertEquals(new Prompt("<speak>Allocations.</speak>", true), allocations.prompt());
        assertEquals(new InvalidInputRule(2, "general", "Choix inconnu."), allocations.invalidInput());
        assertEquals(10, allocations.timeoutSeconds());
    }

    @Test
    void writesATreeThatReadsBackTheSame() {
        Menu menu = MenuFormat.parse(tree());
        assertEquals(menu, MenuFormat.parse(MenuFormat.toTree(menu)));
    }

    @Test
    void reportsEveryProblemWithItsPath() {
        Map<String, Object> broken = Map.of(
                "root", "absent",
                "colour", "blue",
                "nodes", List.of(
                        Map.of("id", "a", "prompt", " ", "options", List.of(
                                Map.of("key", "1", "action", "submenu", "target", "nowhere"),
                                Map.of("key", "1", "action", "repeat"),
                                Map.of("key", "12", "action", "back"),
                                Map.of("key", "3", "action", "dance"),
                                Map.of("key", "4", "action", "transfer", "number", "0123"),
                                Map.of("key", "5", "action", "queue", "theme", "x", "target", "y"))),
                        Map.of("id", "a", "prompt", "Encore a", "ssml", true, "options", List.of()),
                        Map.of("id", "b c", "prompt", "B", "timeoutSeconds", 0,
                                "invalidInput", Map.of("fallbackQueue", "q"), "options", List.of(Map.of("key", "1", "action", "info", "message", "m", "then", "later")))));
        InvalidTreeException error = assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(broken));
        List<String> expected = List.of(
                "colour : champ inconnu",
                "nodes[0].prompt : ne doit pas être vide",
                "nodes[0].invalidInput.fallbackQueue : file d’attente de repli obligatoire",
                "nodes[0].options[2].key : touche « 12 » invalide",
                "nodes[0].options[3].action : action « dance » inconnue",
                "nodes[0].options[4].number : numéro « 0123 » invalide",
                "nodes[0].options[5].target : champ inconnu",
                "nodes[0].options : la touche « 1 » est utilisée deux fois",
                "nodes[1].prompt : un texte SSML doit être entouré de <speak> et </speak>",
                "nodes[1].options : liste non vide attendue",
                "nodes[1].id : le nœud « a » est défini deux fois",
                "nodes[2].id : identifiant de 1 à 64 caractères",
                "nodes[2].timeoutSeconds : nombre entier entre 1 et 60 attendu",
                "nodes[2].options[0].then : « return » (revenir au menu) ou « hangup » (raccrocher) attendu",
                "nodes[0].options[0].target : le nœud « nowhere » n’existe pas",
                "root : le nœud racine « absent » n’existe pas");
        for (String problem : expected) {
            assertTrue(error.problems().stream().anyMatch(p -> p.startsWith(problem)),
                    () -> "missing « " + problem + " » in\n" + error.getMessage());
        }
        assertTrue(error.getMessage().startsWith("Menu invalide :\n- "));
    }

    @Test
    void reservesTheHashKeyConnectEndsInputWith() {
        Map<String, Object> hash = Map.of("root", "a", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "q")),
                "nodes", List.of(Map.of("id", "a", "prompt", "A", "options", List.of(Map.of("key", "#", "action", "back")))));
        assertEquals(List.of("nodes[0].options[0].key : touche « # » réservée : Amazon Connect s’en sert pour terminer la saisie ;"
                        + " une touche parmi 0-9 et * attendue"),
                assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(hash)).problems());
    }

    @Test
    void refusesMoreThanFourChoicesAtALevelNotCountingZeroStarAndBack() {
        List<Object> five = new java.util.ArrayList<>();
        for (int key = 1; key <= 5; key++) {
            five.add(Map.of("key", Integer.toString(key), "action", "queue", "theme", "t" + key));
        }
        five.addAll(List.of(Map.of("key", "0", "action", "advisor"), Map.of("key", "*", "action", "repeat"),
                Map.of("key", "9", "action", "back")));
        Map<String, Object> tooMany = Map.of("root", "a", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "q")),
                "nodes", List.of(Map.of("id", "a", "prompt", "A", "options", five)));
        assertEquals(List.of("nodes[0].options : 5 choix à ce niveau : 4 au plus (sans compter 0, étoile ni le retour au menu"
                        + " précédent) ; regroupez-les dans des sous-menus"),
                assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(tooMany)).problems());
        Map<String, Object> four = Map.of("root", "a", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "q")),
                "nodes", List.of(Map.of("id", "a", "prompt", "A", "options", five.subList(1, five.size()))));
        assertEquals(4, MenuFormat.parse(four).nodes().get("a").options().size() - 3);
    }

    @Test
    void reservesZeroForTheAdvisorAndStarForRepeatingAtEveryLevel() {
        Map<String, Object> misused = Map.of("root", "a", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "q")),
                "nodes", List.of(Map.of("id", "a", "prompt", "A", "options", List.of(
                        Map.of("key", "0", "action", "back"), Map.of("key", "*", "action", "queue", "theme", "t")))));
        List<String> problems = assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(misused)).problems();
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("nodes[0].options[0].key : touche « 0 » réservée : elle met en relation avec un conseiller"),
                problems.get(0));
        assertTrue(problems.get(1).startsWith("nodes[0].options[1].key : touche « * » réservée : elle fait réécouter le niveau"),
                problems.get(1));
        // Not written, they are there all the same.
        MenuNode node = MenuFormat.parse(tree()).nodes().get("allocations");
        assertEquals(List.of(new MenuOption("0", new MenuAction.Advisor()), new MenuOption("*", new MenuAction.Repeat())),
                node.standardOptions());
        assertEquals(List.of(), MenuFormat.parse(tree()).nodes().get("accueil").standardOptions());
    }

    @Test
    void refusesAPromptTooLongToKeepInMind() {
        String ssml = "<speak>" + "Pour les allocations, <break time=\"300ms\"/> tapez 1. ".repeat(12) + "</speak>";
        Map<String, Object> long_ = Map.of("root", "a", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "q")),
                "nodes", List.of(Map.of("id", "a", "prompt", ssml, "ssml", true, "options", List.of(Map.of("key", "1", "action", "repeat")))));
        List<String> problems = assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(long_)).problems();
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("nodes[0].prompt : message de 371 caractères : 300 au plus"), problems.get(0));
    }

    @Test
    void acceptsOnlyTheTimeoutsTheMenuFlowPlays() {
        Map<String, Object> seven = Map.of("root", "a", "defaults", Map.of("timeoutSeconds", 7, "invalidInput", Map.of("fallbackQueue", "q")),
                "nodes", List.of(Map.of("id", "a", "prompt", "A", "timeoutSeconds", 20,
                        "options", List.of(Map.of("key", "1", "action", "repeat")))));
        assertEquals(List.of("defaults.timeoutSeconds : délai de 7 s non pris en charge par le flux vocal : 5, 8, 10, 15 secondes attendues",
                        "nodes[0].timeoutSeconds : délai de 20 s non pris en charge par le flux vocal : 5, 8, 10, 15 secondes attendues"),
                assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(seven)).problems());
        for (int seconds : MenuFormat.TIMEOUTS_SECONDS) {
            Map<String, Object> menu = Map.of("root", "a", "defaults", Map.of("timeoutSeconds", seconds, "invalidInput", Map.of("fallbackQueue", "q")),
                    "nodes", List.of(Map.of("id", "a", "prompt", "A", "options", List.of(Map.of("key", "1", "action", "repeat")))));
            assertEquals(seconds, MenuFormat.parse(menu).nodes().get("a").timeoutSeconds());
        }
    }

    @Test
    void listsTheThemesAndSitesItNamesForTheDirectoryCheck() {
        Map<String, Object> tree = new java.util.HashMap<>(tree());
        List<Object> nodes = new java.util.ArrayList<>((List<?>) tree.get("nodes"));
        nodes.add(Map.of("id", "horaires", "prompt", "Horaires.", "options", List.of(Map.of("key", "1", "action", "info", "site", "metz"))));
        Map<String, Object> root = new java.util.HashMap<>((Map<String, Object>) nodes.get(0));
        List<Object> options = new java.util.ArrayList<>((List<?>) root.get("options"));
        options.removeIf(option -> "4".equals(((Map<String, Object>) option).get("key")));
        options.add(Map.of("key", "6", "action", "submenu", "target", "horaires"));
        root.put("options", options);
        nodes.set(0, root);
        tree.put("nodes", nodes);
        assertEquals(List.of(new Menu.Reference("accueil", "2", "theme", "impots"), new Menu.Reference("accueil", "3", "theme", "retraite"),
                        new Menu.Reference("allocations", "1", "theme", "allocations"), new Menu.Reference("horaires", "1", "site", "metz")),
                MenuFormat.parse(tree).directoryReferences());
    }

    @Test
    void rejectsNodesNoMenuLeadsTo() {
        Map<String, Object> orphan = Map.of("root", "a", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "q")),
                "nodes", List.of(
                        Map.of("id", "a", "prompt", "A", "options", List.of(Map.of("key", "1", "action", "repeat"))),
                        Map.of("id", "b", "prompt", "B", "options", List.of(Map.of("key", "1", "action", "submenu", "target", "a")))));
        InvalidTreeException error = assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(orphan));
        assertEquals(List.of("nodes : le nœud « b » n’est accessible depuis aucun menu"), error.problems());
    }

    @Test
    void rejectsWhatIsNotAMenuAtAll() {
        assertEquals(List.of("(racine) : un objet est attendu", "root : champ obligatoire manquant", "nodes : champ obligatoire manquant"),
                assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(List.of(1, 2))).problems());
        assertThrows(InvalidTreeException.class, () -> MenuFormat.parse(null));
    }
}
