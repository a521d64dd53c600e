package fr.accueil.domain.callback;

/**
 * The callback is not in a state that allows the operation, or another writer changed it
 * first (HTTP 409). The message is French and shown to the agent as is.
 */
public class CallbackConflictException extends RuntimeException {
    public CallbackConflictException(String message) {
        super(message);
    }
}
