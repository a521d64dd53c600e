package fr.accueil.domain.menu;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Where a caller is in the menu between two Lambda invocations. Amazon Connect carries it as
 * contact attributes (strings, 32 KB in all), so it stays a few short strings: the current node,
 * the nodes to go {@link MenuAction.Back back} to, and the invalid inputs in a row.
 *
 * @param path the nodes the caller came through, oldest first, at most {@link #MAX_PATH}
 */
public record MenuState(String node, List<String> path, int invalidAttempts) {
    /** Deeper menus are unusable by phone anyway; the oldest steps are forgotten beyond this. */
    public static final int MAX_PATH = 16;
    public static final String NODE = "menuNode";
    public static final String PATH = "menuPath";
    public static final String INVALID_ATTEMPTS = "menuInvalidAttempts";
    private static final int MAX_ATTEMPTS_READ = 99;

    public MenuState {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(path, "path");
        path = List.copyOf(path.subList(Math.max(0, path.size() - MAX_PATH), path.size()));
    }

    public static MenuState at(String node) {
        return new MenuState(node, List.of(), 0);
    }

    /**
     * Reads the attributes leniently: whatever a caller or a broken flow left there gives a state
     * (maybe naming no node of the menu, which the engine treats as a fresh start), never an error.
     */
    public static MenuState fromAttributes(Map<String, String> attributes) {
        Map<String, String> read = attributes == null ? Map.of() : attributes;
        String node = read.getOrDefault(NODE, "");
        List<String> path = Arrays.stream(read.getOrDefault(PATH, "").split("/"))
                .filter(id -> MenuFormat.NODE_ID.matcher(id).matches()).toList();
        return new MenuState(node == null ? "" : node, path, attempts(read.get(INVALID_ATTEMPTS)));
    }

    private static int attempts(String text) {
        if (text == null || !text.matches("[0-9]{1,2}")) {
            return 0;
        }
        return Math.min(Integer.parseInt(text), MAX_ATTEMPTS_READ);
    }

    public Map<String, String> toAttributes() {
        return Map.of(NODE, node, PATH, String.join("/", path), INVALID_ATTEMPTS, Integer.toString(invalidAttempts));
    }

    /** Going to {@code target}: back up to it if the caller came through it, else one level down. */
    MenuState enter(String target) {
        int earlier = path.indexOf(target);
        if (earlier >= 0) {
            return new MenuState(target, path.subList(0, earlier), 0);
        }
        if (target.equals(node)) {
            return new MenuState(target, path, 0);
        }
        List<String> deeper = new ArrayList<>(path);
        deeper.add(node);
        return new MenuState(target, deeper, 0);
    }

    MenuState back() {
        return path.isEmpty()
                ? new MenuState(node, path, 0)
                : new MenuState(path.get(path.size() - 1), path.subList(0, path.size() - 1), 0);
    }

    MenuState again(int attempts) {
        return new MenuState(node, path, attempts);
    }
}
