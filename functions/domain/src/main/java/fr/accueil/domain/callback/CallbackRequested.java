package fr.accueil.domain.callback;

/**
 * The answer to a request.
 *
 * @param alreadyPending true when the number already had an active callback on the theme, returned instead
 * @param prompt         French confirmation to speak
 */
public record CallbackRequested(Callback callback, boolean alreadyPending, String prompt) {
}
