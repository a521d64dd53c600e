package fr.accueil.domain.menu;

import java.util.Objects;
import java.util.Optional;

/** What a key does at a menu node. */
public sealed interface MenuAction {
    /** Go to another node; the current one is remembered for {@link Back}. */
    record Submenu(String target) implements MenuAction {
        public Submenu {
            Objects.requireNonNull(target, "target");
        }
    }

    /** Put the caller in the queue of a theme ("allocations", "retraite"). */
    record Queue(String themeId) implements MenuAction {
        public Queue {
            Objects.requireNonNull(themeId, "themeId");
        }
    }

    /** Offer to call the caller back about a theme. */
    record Callback(String themeId) implements MenuAction {
        public Callback {
            Objects.requireNonNull(themeId, "themeId");
        }
    }

    /**
     * Read a message, then hang up or come back to the same node. When {@code siteId} names a site,
     * its address and hours are read from the directory after the message (empty then allowed), so
     * the menu never copies facts the directory already holds.
     */
    record Info(String message, Optional<String> siteId, boolean hangUp) implements MenuAction {
        public Info {
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(siteId, "siteId");
        }

        public Info(String message, boolean hangUp) {
            this(message, Optional.empty(), hangUp);
        }
    }

    /** Transfer the call to an outside number, E.164. */
    record Transfer(String number) implements MenuAction {
        public Transfer {
            Objects.requireNonNull(number, "number");
        }
    }

    /** Put the caller through to a person: the node's fallback queue ({@link InvalidInputRule#fallbackQueue()}). */
    record Advisor() implements MenuAction {
    }

    /** Play the node's prompt again. */
    record Repeat() implements MenuAction {
    }

    /** Go back to the node the caller came from (the same node at the start). */
    record Back() implements MenuAction {
    }
}
