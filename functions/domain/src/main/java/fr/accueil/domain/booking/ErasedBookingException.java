package fr.accueil.domain.booking;

/**
 * A booking request repeats the idempotency key of a booking that was erased at the citizen's request:
 * the key stays remembered (its record holds no personal data) so the repeat neither books again nor fails.
 */
public class ErasedBookingException extends RuntimeException {
    public ErasedBookingException() {
        super("Cette réservation a été effacée à la demande de l’usager.");
    }
}
