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
import fr.accueil.domain.menu.MenuOption;
import fr.accueil.domain.menu.MenuStep;
import fr.accueil.domain.routing.RoutingRules;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The demo territory's menu and routing rules, as seeded, read and checked like any territory's. */
class SeedDataTest {
    private static final Set<String> DEMO_THEMES = Set.of("allocations", "sante", "retraite", "agricole", "emploi", "impots");

    @Test
    void theDemoMenuIsValidAndUsesTheDemoThemes() throws IOException {
        Menu menu = MenuFormat.parse(MiniJson.parse(seed("menu.json")));
        Set<String> themes = menu.nodes().values().stream().flatMap(node -> node.options().stream())
                .map(MenuOption::action).map(SeedDataTest::themeOf).filter(theme -> !theme.isEmpty())
                .collect(Collectors.toSet());
        assertEquals(DEMO_THEMES, themes);
        MenuEngine engine = new MenuEngine(menu);
        MenuStep.Ask welcome = assertInstanceOf(MenuStep.Ask.class, engine.start(menu.root()));
        assertEquals(new MenuStep.ToQueue("allocations"), engine.next(welcome.state(), MenuInput.keys("1")));
    }

    @Test
    void theDemoMenuNamesOnlySitesOfTheDemoDirectory() throws IOException {
        Menu menu = MenuFormat.parse(MiniJson.parse(seed("menu.json")));
        Set<String> named = menu.nodes().values().stream().flatMap(node -> node.options().stream())
                .map(MenuOption::action).filter(MenuAction.Info.class::isInstance)
                .flatMap(info -> ((MenuAction.Info) info).siteId().stream()).collect(Collectors.toSet());
        String directory = seed("demo-territory.json");
        assertFalse(named.isEmpty());
        named.forEach(site -> assertTrue(directory.contains("\"id\": \"" + site + "\""), site));
    }

    @Test
    void theDemoRoutingRulesAreValidAndStartInTheMenu() throws IOException {
        RoutingRules rules = RoutingRules.parse(MiniJson.parse(seed("routing.json")));
        Menu menu = MenuFormat.parse(MiniJson.parse(seed("menu.json")));
        assertTrue(menu.nodes().containsKey(rules.menuStart().orElse(menu.root())));
    }

    private static String themeOf(MenuAction action) {
        if (action instanceof MenuAction.Queue queue) {
            return queue.themeId();
        }
        return action instanceof MenuAction.Callback callback ? callback.themeId() : "";
    }

    private static String seed(String file) throws IOException {
        String root = System.getProperty("accueil.root");
        Path repository = root == null || root.isBlank() ? Path.of("../..") : Path.of(root);
        return Files.readString(repository.resolve("seed").resolve(file));
    }
}
