package fr.accueil.domain.callback;

/** No callback has that id (HTTP 404). The message is French. */
public class CallbackNotFoundException extends RuntimeException {
    public CallbackNotFoundException(String id) {
        super("Rappel introuvable : " + id);
    }
}
