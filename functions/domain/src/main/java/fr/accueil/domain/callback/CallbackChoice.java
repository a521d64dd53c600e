package fr.accueil.domain.callback;

/**
 * A half-day offered to the caller, by voice or on the web.
 *
 * @param key    the start of its first window with room, ISO-8601 ("2025-11-25T08:00:00Z"): what the caller's pick books from
 * @param label  French, to be spoken or shown: "cet après-midi", "demain matin", "lundi 24 novembre après-midi"
 * @param window its first window with room
 */
public record CallbackChoice(String key, String label, DueWindow window) {
}
