package fr.accueil.domain.menu;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One level of the voice menu: a prompt, its options and how long to wait for a key. Two keys mean the same at
 * every level ({@link #STANDARD}): « 0 » puts the caller through to an advisor, « étoile » plays the level again; a
 * node need not write them.
 */
public record MenuNode(String id, Prompt prompt, List<MenuOption> options, int timeoutSeconds, InvalidInputRule invalidInput) {
    public static final String ADVISOR_KEY = "0";
    public static final String REPEAT_KEY = "*";

    public MenuNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(invalidInput, "invalidInput");
        options = List.copyOf(options);
    }

    /** The keys every level answers the same way, written in the node or not. */
    public static final Map<String, MenuAction> STANDARD = Map.of(
            ADVISOR_KEY, new MenuAction.Advisor(),
            REPEAT_KEY, new MenuAction.Repeat());

    /** What the key does here: the node's own option, else the standard key's action. */
    public Optional<MenuAction> action(String key) {
        return options.stream().filter(o -> o.key().equals(key)).map(MenuOption::action).findFirst()
                .or(() -> Optional.ofNullable(STANDARD.get(key)));
    }

    /** The standard keys the node does not write itself, in keypad order. */
    public List<MenuOption> standardOptions() {
        return Stream.of(ADVISOR_KEY, REPEAT_KEY)
                .filter(key -> options.stream().noneMatch(o -> o.key().equals(key)))
                .map(key -> new MenuOption(key, STANDARD.get(key))).toList();
    }
}
