package fr.accueil.domain.callback;

/**
 * A window offered to the caller in the voice menu.
 *
 * @param key   "earliest", "morning" or "afternoon"
 * @param label French, to be spoken: "le plus tôt possible, aujourd'hui entre 14 h et 15 h", "demain matin"
 */
public record CallbackChoice(String key, String label, DueWindow window) {
}
