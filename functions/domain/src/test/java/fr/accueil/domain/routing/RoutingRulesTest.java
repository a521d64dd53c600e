package fr.accueil.domain.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.accueil.domain.tree.InvalidTreeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoutingRulesTest {

    @Test
    void readsDefaultsAndWritesBackTheSame() {
        RoutingRules rules = RoutingRules.parse(Map.of("defaultSite", "montbrison"));
        assertEquals(new RoutingRules("montbrison", Optional.empty(), true, new LoadThreshold(5, Duration.ofMinutes(5))), rules);
        assertEquals(rules, RoutingRules.parse(rules.toTree()));
    }

    @Test
    void reportsEveryProblem() {
        InvalidTreeException error = assertThrows(InvalidTreeException.class, () -> RoutingRules.parse(Map.of(
                "menuStart", "", "knownCallersSkipMenu", "oui", "callbackAbove", Map.of("contactsInQueue", -1, "minutes", 3))));
        assertEquals(List.of(
                "callbackAbove.minutes : champ inconnu (attendus : contactsInQueue, oldestContactSeconds)",
                "defaultSite : champ obligatoire manquant",
                "menuStart : ne doit pas être vide",
                "knownCallersSkipMenu : true ou false attendu",
                "callbackAbove.contactsInQueue : nombre entier entre 0 et 1000 attendu"), error.problems());
    }
}
