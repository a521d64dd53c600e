package fr.accueil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.menu.MenuAction;
import fr.accueil.domain.menu.MenuEngine;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.domain.menu.MenuInput;
import fr.accueil.domain.menu.MenuStep;
import fr.accueil.domain.routing.RoutingRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo territory's menu and routing rules (in seed/demo-territory.json), as seeded, read and checked like any territory's. */
class SeedDataTest {
    private static final Set<String> DEMO_THEMES = Set.of("allocations", "sante", "retraite", "agricole", "emploi", "impots");

    @Test
    void theDemoMenuIsValidAndUsesTheDemoThemes() throws IOException {
        Menu menu = MenuFormat.parse(demo().get("menu"));
        assertEquals(DEMO_THEMES, named(menu, Menu.Reference.THEME));
        MenuEngine engine = new MenuEngine(menu);
        MenuStep.Ask welcome = assertInstanceOf(MenuStep.Ask.class, engine.start(menu.root()));
        MenuStep.Ask social = assertInstanceOf(MenuStep.Ask.class, engine.next(welcome.state(), MenuInput.keys("1")));
        assertEquals(new MenuStep.ToQueue("allocations"), engine.next(social.state(), MenuInput.keys("1")));
        assertEquals(new MenuStep.ToPerson("general"), engine.next(social.state(), MenuInput.keys("0")));
    }

    /** Every level of the demo names « 0 » for an advisor, as the engine answers it at every level. */
    @Test
    void everyDemoLevelOffersAnAdvisorOnZeroAndEveryOtherLevelTheWayBackOnNine() throws IOException {
        Menu menu = MenuFormat.parse(demo().get("menu"));
        menu.nodes().values().forEach(node -> {
            assertTrue(node.prompt().spoken().contains("tapez 0"), node.id() + ": " + node.prompt().spoken());
            assertTrue(node.id().equals(menu.root()) || node.action("9").orElseThrow() instanceof MenuAction.Back,
                    node.id());
        });
    }

    /** A known caller sent straight to their usual site must be told apart from the safe route (the general queue). */
    @Test
    @SuppressWarnings("unchecked")
    void eachDemoSiteThatTakesCallsHasAQueueOfItsOwn() throws IOException {
        List<Map<String, Object>> sites = (List<Map<String, Object>>) ((Map<String, Object>) MiniJson.parse(seed("demo-territory.json"))).get("sites");
        List<Object> queues = sites.stream().map(site -> site.get("queue")).filter(java.util.Objects::nonNull).toList();
        assertFalse(queues.isEmpty());
        assertEquals(queues.size(), Set.copyOf(queues).size(), "one queue per site: " + queues);
        assertFalse(queues.contains("general"), "the general queue is the safe route: " + queues);
    }

    @Test
    void theDemoRoutingRulesAreValidAndStartInTheMenu() throws IOException {
        RoutingRules rules = RoutingRules.parse(demo().get("routing"));
        Menu menu = MenuFormat.parse(demo().get("menu"));
        assertTrue(menu.nodes().containsKey(rules.menuStart().orElse(menu.root())));
    }

    private static Set<String> named(Menu menu, String kind) {
        return menu.directoryReferences().stream().filter(reference -> reference.kind().equals(kind))
                .map(Menu.Reference::id).collect(Collectors.toSet());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> demo() throws IOException {
        return (Map<String, Object>) MiniJson.parse(seed("demo-territory.json"));
    }

    private static String seed(String file) throws IOException {
        String root = System.getProperty("accueil.root");
        Path repository = root == null || root.isBlank() ? Path.of("../..") : Path.of(root);
        return Files.readString(repository.resolve("seed").resolve(file));
    }
}
