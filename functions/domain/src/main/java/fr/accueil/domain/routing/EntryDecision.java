package fr.accueil.domain.routing;

import java.time.ZonedDateTime;
import java.util.Optional;

/** Where an inbound call goes first. */
public sealed interface EntryDecision {
    /** Play the voice menu from this node (the menu's root when empty). */
    record ToMenu(Optional<String> startNode) implements EntryDecision {
    }

    /**
     * Nobody answers now: say {@code message} (French: the announced site's hours and its next
     * opening, {@code nextOpening}, in that site's time), then offer to call back (a withheld caller keys a number).
     */
    record Closed(String message, Optional<ZonedDateTime> nextOpening) implements EntryDecision {
    }

    /**
     * A known caller, straight to their usual site's queue, after {@code message} (French: the site named, and
     * « tapez étoile » for the menu, which the flow waits a moment for).
     */
    record Direct(String queue, String message) implements EntryDecision {
    }
}
