package fr.accueil.domain.territory;

import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.routing.RoutingRules;
import java.util.List;
import java.util.Objects;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Everything a territory is set up with, read from one document by {@link TerritoryFormat}: its directory
 * (sites, themes, partners, permanences), its voice menu, its routing rules and, on a regional number, the
 * postcodes and départements whose callers it serves ({@link fr.accueil.domain.directory.PostcodeIndex}).
 */
public record Territory(String id, String name, List<Site> sites, List<Theme> themes, List<Partner> partners,
                        List<Permanence> permanences, Menu menu, RoutingRules routing, List<String> postcodes) {
    public Territory {
        postcodes = List.copyOf(postcodes);
        Objects.requireNonNull(id, "id");
        sites = List.copyOf(sites);
        themes = List.copyOf(themes);
        partners = List.copyOf(partners);
        permanences = List.copyOf(permanences);
        Objects.requireNonNull(menu, "menu");
        Objects.requireNonNull(routing, "routing");
    }

    /** The Amazon Connect queue keys its themes and sites name: the queues its calls are put in. */
    public SortedSet<String> queueKeys() {
        SortedSet<String> keys = new TreeSet<>();
        themes.forEach(theme -> keys.add(theme.queue()));
        sites.stream().map(Site::queue).filter(Objects::nonNull).forEach(keys::add);
        return keys;
    }
}
