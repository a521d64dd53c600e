package fr.accueil.domain.routing;

import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.domain.tree.TreeReader;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * How calls to a territory's number are routed, as data (format in docs/voice.md, Routing rules format).
 *
 * @param defaultSiteId        the site whose hours are announced when the line is closed
 * @param menuStart            the menu node calls start at; the menu's root when empty
 * @param knownCallersSkipMenu a caller whose usual site is open goes straight to that site's queue
 * @param callbackThreshold    the queue load above which a callback is offered instead of waiting
 */
public record RoutingRules(String defaultSiteId, Optional<String> menuStart, boolean knownCallersSkipMenu,
                           LoadThreshold callbackThreshold) {
    private static final Set<String> FIELDS = Set.of("defaultSite", "menuStart", "knownCallersSkipMenu", "callbackAbove");
    private static final Set<String> THRESHOLD_FIELDS = Set.of("contactsInQueue", "oldestContactSeconds");

    public RoutingRules {
        Objects.requireNonNull(defaultSiteId, "defaultSiteId");
        Objects.requireNonNull(menuStart, "menuStart");
        Objects.requireNonNull(callbackThreshold, "callbackThreshold");
    }

    /** @throws InvalidTreeException listing every problem of the tree */
    public static RoutingRules parse(Object tree) {
        TreeReader reader = new TreeReader("Règles de routage");
        TreeReader.Node rules = reader.root(tree);
        rules.allowOnly(FIELDS);
        TreeReader.Node threshold = rules.field("callbackAbove");
        threshold.allowOnly(THRESHOLD_FIELDS);
        RoutingRules parsed = new RoutingRules(
                rules.field("defaultSite").text(),
                rules.field("menuStart").optionalText(),
                rules.field("knownCallersSkipMenu").bool(true),
                new LoadThreshold(threshold.field("contactsInQueue").integer(5, 0, 1000),
                        Duration.ofSeconds(threshold.field("oldestContactSeconds").integer(300, 0, 86_400))));
        reader.throwIfProblems();
        return parsed;
    }

    public Map<String, Object> toTree() {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("defaultSite", defaultSiteId);
        menuStart.ifPresent(node -> tree.put("menuStart", node));
        tree.put("knownCallersSkipMenu", knownCallersSkipMenu);
        Map<String, Object> threshold = new LinkedHashMap<>();
        threshold.put("contactsInQueue", callbackThreshold.contactsInQueue());
        threshold.put("oldestContactSeconds", callbackThreshold.oldestContactAge().toSeconds());
        tree.put("callbackAbove", threshold);
        return tree;
    }
}
