package fr.accueil.domain.directory;

import java.util.Objects;

/**
 * A reason to call or book ("retraite", "allocations", "impôts").
 *
 * @param queue the Amazon Connect queue key that takes calls on this theme
 */
public record Theme(String id, String label, String queue) {
    /** General reception: the theme of a call that chose none, such as one made while the line was closed. */
    public static final Theme GENERAL = new Theme("general", "Accueil général", "general");

    public Theme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(queue, "queue");
    }
}
