package fr.accueil.domain.menu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import fr.accueil.domain.calendar.OpeningHoursText;
import fr.accueil.domain.calendar.SiteFixtures;
import fr.accueil.domain.directory.Site;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MenuEngineTest {
    private static final Site METZ = SiteFixtures.site("metz", "57000", "09:00-12:00");
    private final MenuEngine engine = new MenuEngine(MenuFormat.parse(MenuFormatTest.tree()));

    @Test
    void startsAtTheRootWithAFreshState() {
        MenuStep.Ask ask = assertInstanceOf(MenuStep.Ask.class, engine.start("accueil"));
        assertEquals("Bienvenue. Pour les allocations, tapez 1.", ask.prompt().text());
        assertEquals(5, ask.timeoutSeconds());
        assertEquals(MenuState.at("accueil"), ask.state());
        assertEquals(engine.start("accueil"), engine.start("no-such-node"));
    }

    @Test
    void aValidKeyLeadsToItsAction() {
        MenuState root = MenuState.at("accueil");
        assertEquals(new MenuStep.ToQueue("impots"), engine.next(root, MenuInput.keys("2")));
        assertEquals(new MenuStep.OfferCallback("retraite"), engine.next(root, MenuInput.keys("3")));
        MenuStep.Ask sub = assertInstanceOf(MenuStep.Ask.class, engine.next(root, MenuInput.keys(" 1 ")));
        assertEquals(new MenuState("allocations", List.of("accueil"), 0), sub.state());
        assertEquals(10, sub.timeoutSeconds());
        assertEquals(new MenuStep.Transfer("+33969322121"), engine.next(sub.state(), MenuInput.keys("8")));
        assertEquals(new MenuStep.HangUp("Au revoir."), engine.next(sub.state(), MenuInput.keys("5")));
    }

    @Test
    void informationIsReadThenTheSameNodeIsPlayedAgain() {
        MenuStep.Ask ask = assertInstanceOf(MenuStep.Ask.class, engine.next(MenuState.at("accueil"), MenuInput.keys("4")));
        assertEquals("Ouvert de 9 h à 12 h.", ask.notice());
        assertEquals(MenuState.at("accueil"), ask.state());
    }

    @Test
    void informationNamingASiteReadsItsAddressAndHoursFromTheDirectory() {
        Menu menu = MenuFormat.parse(Map.of("root", "horaires", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "general")),
                "nodes", List.of(Map.of("id", "horaires", "prompt", "Horaires.", "options", List.of(
                        Map.of("key", "1", "action", "info", "site", "metz"),
                        Map.of("key", "2", "action", "info", "message", "Fermé en août.", "site", "gone", "then", "hangup"))))));
        MenuEngine withSites = new MenuEngine(menu, id -> id.equals("metz") ? Optional.of(METZ) : Optional.empty());

        MenuStep.Ask ask = assertInstanceOf(MenuStep.Ask.class, withSites.next(MenuState.at("horaires"), MenuInput.keys("1")));
        assertEquals(OpeningHoursText.site(METZ), ask.notice());
        assertEquals(new MenuStep.HangUp("Fermé en août. " + MenuEngine.SITE_UNKNOWN),
                withSites.next(MenuState.at("horaires"), MenuInput.keys("2")));
    }

    @Test
    void backReturnsWhereTheCallerCameFromAndSubmenuToAnAncestorDoesNotGrowThePath() {
        MenuState sub = new MenuState("allocations", List.of("accueil"), 1);
        assertEquals(MenuState.at("accueil"), ask(engine.next(sub, MenuInput.keys("9"))).state());
        assertEquals(MenuState.at("accueil"), ask(engine.next(sub, MenuInput.keys("7"))).state());
    }

    @Test
    void backAtTheStartPlaysTheSameNode() {
        assertEquals(MenuState.at("allocations"), ask(engine.next(MenuState.at("allocations"), MenuInput.keys("9"))).state());
    }

    @Test
    void zeroPutsTheCallerThroughToAnAdvisorAndStarRepeatsAtEveryLevelWrittenOrNot() {
        MenuState sub = new MenuState("allocations", List.of("accueil"), 1);
        assertEquals(new MenuStep.ToPerson("general"), engine.next(MenuState.at("accueil"), MenuInput.keys("0")));
        assertEquals(new MenuStep.ToPerson("general"), engine.next(sub, MenuInput.keys("0")));
        MenuStep.Ask again = ask(engine.next(sub, MenuInput.keys("*")));
        assertEquals(new MenuState("allocations", List.of("accueil"), 0), again.state());
        assertEquals("<speak>Allocations.</speak>", again.prompt().text());
        assertEquals(MenuState.at("accueil"), ask(engine.next(MenuState.at("accueil"), MenuInput.keys("*"))).state());
        Menu ownQueue = MenuFormat.parse(Map.of("root", "a", "defaults", Map.of("invalidInput", Map.of("fallbackQueue", "general")),
                "nodes", List.of(Map.of("id", "a", "prompt", "A", "invalidInput", Map.of("fallbackQueue", "impots"),
                        "options", List.of(Map.of("key", "1", "action", "queue", "theme", "impots"))))));
        assertEquals(new MenuStep.ToPerson("impots"), new MenuEngine(ownQueue).next(MenuState.at("a"), MenuInput.keys("0")));
    }

    @Test
    void invalidInputsAndTimeoutsRepeatThenGoToAPerson() {
        MenuStep.Ask first = ask(engine.next(MenuState.at("accueil"), MenuInput.keys("7")));
        assertEquals("Je n'ai pas compris votre choix.", first.notice());
        assertEquals(1, first.state().invalidAttempts());
        MenuStep.Ask second = ask(engine.next(first.state(), MenuInput.timeout()));
        assertEquals("", second.notice());
        assertEquals(2, second.state().invalidAttempts());
        assertEquals(new MenuStep.ToPerson("general"), engine.next(second.state(), MenuInput.keys("9")));
        // A valid key forgives earlier mistakes.
        assertEquals(0, ask(engine.next(second.state(), MenuInput.keys("*"))).state().invalidAttempts());
    }

    @Test
    void theStateRoundTripsThroughContactAttributes() {
        MenuState state = new MenuState("allocations", List.of("accueil"), 2);
        assertEquals(state, MenuState.fromAttributes(state.toAttributes()));
        assertEquals(Map.of("menuNode", "allocations", "menuPath", "accueil", "menuInvalidAttempts", "2"), state.toAttributes());
    }

    @Test
    void thePathStaysShortWhateverTheCallerDoes() {
        List<String> deep = IntStream.range(0, 40).mapToObj(i -> "n" + i).toList();
        assertEquals(MenuState.MAX_PATH, new MenuState("accueil", deep, 0).path().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "11", "١", "é", "\u0000", "1\n2", "𝟙"})
    void garbageKeysCountAsInvalidInput(String digits) {
        assertEquals(1, ask(engine.next(MenuState.at("accueil"), MenuInput.keys(digits))).state().invalidAttempts());
    }

    @Test
    void garbageStateOrInputNeverThrows() {
        String tenKilobytes = "1".repeat(10_240);
        assertEquals(1, ask(engine.next(MenuState.at("accueil"), MenuInput.keys(tenKilobytes))).state().invalidAttempts());
        assertEquals(engine.start("accueil"), engine.next(null, MenuInput.keys("1")));
        assertEquals(engine.start("accueil"), engine.next(MenuState.at("gone"), MenuInput.keys("1")));
        assertEquals(1, ask(engine.next(MenuState.at("accueil"), null)).state().invalidAttempts());
        assertEquals(1, ask(engine.next(MenuState.at("accueil"), MenuInput.keys(null))).state().invalidAttempts());

        Map<String, String> attributes = new HashMap<>();
        attributes.put("menuNode", tenKilobytes);
        attributes.put("menuPath", "accueil/../" + "x".repeat(100) + "/\u00e9/" + tenKilobytes);
        attributes.put("menuInvalidAttempts", "-999999999999");
        MenuState read = MenuState.fromAttributes(attributes);
        assertEquals(List.of("accueil"), read.path());
        assertEquals(0, read.invalidAttempts());
        assertEquals(engine.start("accueil"), engine.next(read, MenuInput.keys("1")));
        assertEquals(MenuState.at(""), MenuState.fromAttributes(null));
        attributes.put("menuNode", null);
        assertEquals("", MenuState.fromAttributes(attributes).node());
    }

    @Test
    void goingBackToANodeOfAnOlderMenuStartsAfresh() {
        MenuState stale = new MenuState("allocations", List.of("removed"), 0);
        assertEquals(engine.start("accueil"), engine.next(stale, MenuInput.keys("9")));
    }

    private static MenuStep.Ask ask(MenuStep step) {
        return assertInstanceOf(MenuStep.Ask.class, step);
    }
}
