package fr.accueil.domain.menu;

/** What the contact flow does next. */
public sealed interface MenuStep {
    /**
     * Say {@code notice} if not empty (an information, "je n'ai pas compris"), play the prompt and
     * wait up to {@code timeoutSeconds} for a key; keep {@code state} in the contact attributes.
     */
    record Ask(String notice, Prompt prompt, int timeoutSeconds, MenuState state) implements MenuStep {
    }

    /** Transfer to the queue of a theme, unless the queue is too long (see routing). */
    record ToQueue(String themeId) implements MenuStep {
    }

    record OfferCallback(String themeId) implements MenuStep {
    }

    /** Transfer the call to an outside number (E.164). */
    record Transfer(String number) implements MenuStep {
    }

    /** « 0 », or too many invalid inputs: put the caller through to a person in this queue. */
    record ToPerson(String queue) implements MenuStep {
    }

    /** Say the message, then hang up. */
    record HangUp(String message) implements MenuStep {
    }
}
