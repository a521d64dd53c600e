package fr.accueil.domain.menu;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** One level of the voice menu: a prompt, its options and how long to wait for a key. */
public record MenuNode(String id, Prompt prompt, List<MenuOption> options, int timeoutSeconds, InvalidInputRule invalidInput) {
    public MenuNode {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(prompt, "prompt");
        Objects.requireNonNull(invalidInput, "invalidInput");
        options = List.copyOf(options);
    }

    public Optional<MenuAction> action(String key) {
        return options.stream().filter(o -> o.key().equals(key)).map(MenuOption::action).findFirst();
    }
}
