package fr.accueil.domain.directory;

import java.util.Objects;

/**
 * A reason to call or book ("retraite", "allocations", "impôts").
 *
 * @param queue    the Amazon Connect queue key that takes calls on this theme
 * @param internal a theme of the service's own work (the supervisors' callbacks after a low survey score):
 *                 agents see it, citizens are never offered it (not secret, only not theirs to choose)
 */
public record Theme(String id, String label, String queue, boolean internal) {
    /** General reception: the theme of a call that chose none, such as one made while the line was closed. */
    public static final Theme GENERAL = new Theme("general", "Accueil général", "general");

    public Theme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(queue, "queue");
    }

    /** A theme citizens may choose. */
    public Theme(String id, String label, String queue) {
        this(id, label, queue, false);
    }
}
