package fr.accueil.domain.directory;

import java.util.Objects;

/**
 * A reason to call or book ("retraite", "allocations", "impôts").
 *
 * @param queue the Amazon Connect queue key that takes calls on this theme
 */
public record Theme(String id, String label, String queue) {
    public Theme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(queue, "queue");
    }
}
