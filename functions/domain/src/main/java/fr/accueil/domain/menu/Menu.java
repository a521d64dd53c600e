package fr.accueil.domain.menu;

import java.util.Collections;
import java.util.LinkedHashMap;
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

    public MenuNode rootNode() {
        return nodes.get(root);
    }
}
