package fr.accueil.domain.menu;

import java.util.Objects;

/** A key of the phone keypad ("0"–"9", "*", "#") and what it does. */
public record MenuOption(String key, MenuAction action) {
    public MenuOption {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
    }
}
