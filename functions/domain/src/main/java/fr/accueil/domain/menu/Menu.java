package fr.accueil.domain.menu;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A territory's voice menu: its nodes by id, in the order they were written, and the node calls
 * start at. Read and checked by {@link MenuFormat}; walked by {@link MenuEngine}.
 */
public record Menu(String root, Map<String, MenuNode> nodes) {
    public Menu {
        Objects.requireNonNull(root, "root");
        nodes = Collections.unmodifiableMap(new LinkedHashMap<>(nodes));
        if (!nodes.containsKey(root)) {
            throw new IllegalArgumentException("root node " + root + " is not among the nodes");
        }
    }

    /**
     * An id of the directory an option names: the menu is written apart from the directory, so
     * what it names is checked against the directory when it is loaded, not when it is parsed.
     *
     * @param kind {@link #THEME} (a queue or callback option) or {@link #SITE} (an information option)
     */
    public record Reference(String nodeId, String key, String kind, String id) {
        public static final String THEME = "theme";
        public static final String SITE = "site";
    }

    /** Every theme and site the options name, in the menu's order. */
    public List<Reference> directoryReferences() {
        List<Reference> references = new ArrayList<>();
        nodes.values().forEach(node -> node.options().forEach(option -> {
            MenuAction action = option.action();
            if (action instanceof MenuAction.Queue queue) {
                references.add(new Reference(node.id(), option.key(), Reference.THEME, queue.themeId()));
            } else if (action instanceof MenuAction.Callback callback) {
                references.add(new Reference(node.id(), option.key(), Reference.THEME, callback.themeId()));
            } else if (action instanceof MenuAction.Info info) {
                info.siteId().ifPresent(site -> references.add(new Reference(node.id(), option.key(), Reference.SITE, site)));
            }
        }));
        return references;
    }
}
