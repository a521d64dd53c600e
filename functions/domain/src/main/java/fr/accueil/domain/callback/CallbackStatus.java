package fr.accueil.domain.callback;

import java.util.EnumSet;
import java.util.Set;

/** Where a callback stands. COMPLETED, FAILED and CANCELLED are final. */
public enum CallbackStatus {
    /** Waiting for its due time, in the agents' list and (once due) in the dispatcher's. */
    PENDING,
    /** An outbound call is being placed or is under way; held by a dialing lease. */
    DIALING,
    /** An agent works it by hand; held by a claim lease. */
    CLAIMED,
    COMPLETED,
    FAILED,
    CANCELLED;

    /** In French, as agents read it in a refusal (« ce rappel est déjà terminé »). */
    public String label() {
        return switch (this) {
            case PENDING -> "en attente";
            case DIALING -> "en cours d’appel automatique";
            case CLAIMED -> "pris en charge";
            case COMPLETED -> "terminé";
            case FAILED -> "en échec";
            case CANCELLED -> "annulé";
        };
    }

    public boolean isFinal() {
        return this == COMPLETED || this == FAILED || this == CANCELLED;
    }

    /**
     * The allowed moves. A status may move to itself where a lease is renewed or taken over
     * (DIALING, CLAIMED) or a pending callback is moved to a later opening (PENDING).
     */
    public Set<CallbackStatus> next() {
        return switch (this) {
            case PENDING -> EnumSet.of(PENDING, DIALING, CLAIMED, FAILED);
            case DIALING, CLAIMED -> EnumSet.of(this, PENDING, COMPLETED, FAILED, CANCELLED);
            case COMPLETED, FAILED, CANCELLED -> EnumSet.noneOf(CallbackStatus.class);
        };
    }

    public boolean canMoveTo(CallbackStatus target) {
        return next().contains(target);
    }
}
