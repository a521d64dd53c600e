package fr.accueil.domain;

/** Input that breaks a domain rule; the message is French and shown to the citizen or agent as is. */
public class ValidationException extends RuntimeException {
    private final String field;

    public ValidationException(String field, String message) {
        super(message);
        this.field = field;
    }

    /** The input field at fault (a JSON pointer-like name), or null when the error is not tied to one. */
    public String field() {
        return field;
    }
}
