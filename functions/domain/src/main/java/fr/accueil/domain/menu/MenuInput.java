package fr.accueil.domain.menu;

/** What the caller did at a prompt: pressed keys, or nothing before the timeout. */
public sealed interface MenuInput {
    record Keys(String digits) implements MenuInput {
    }

    record Timeout() implements MenuInput {
    }

    static MenuInput keys(String digits) {
        return new Keys(digits);
    }

    static MenuInput timeout() {
        return new Timeout();
    }
}
