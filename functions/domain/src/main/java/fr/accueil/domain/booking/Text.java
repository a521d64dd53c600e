package fr.accueil.domain.booking;

/** Typed input as the rules read it. */
final class Text {
    private Text() {
    }

    /** The text without surrounding spaces, or null when nothing was typed. */
    static String trimmedOrNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
