package fr.accueil.domain.routing;

import fr.accueil.domain.menu.Menu;
import java.util.Optional;

/**
 * Port: a territory's voice menu and routing rules, kept as data next to its directory so that
 * changing them is a write, not a deployment. Reads check what they read ({@code MenuFormat},
 * {@code RoutingRules.parse}) and throw {@code InvalidTreeException} on a broken document.
 */
public interface VoiceMenuStore {
    Optional<Menu> menu(String territoryId);

    Optional<RoutingRules> routingRules(String territoryId);

    void save(String territoryId, Menu menu);

    void save(String territoryId, RoutingRules rules);
}
