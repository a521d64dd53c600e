package fr.accueil.domain.directory;

import java.util.List;
import java.util.Objects;

/**
 * A reason to call or book ("retraite", "allocations", "impôts").
 *
 * @param queue    the Amazon Connect queue key that takes calls on this theme
 * @param internal a theme of the service's own work (the supervisors' callbacks after a low survey score):
 *                 agents see it, citizens are never offered it (not secret, only not theirs to choose)
 * @param documents what to bring to an appointment on this theme (« Avis d'imposition »), shown with the
 *                  confirmation; empty when the territory gives none
 */
public record Theme(String id, String label, String queue, boolean internal, List<String> documents) {
    /** General reception: the theme of a call that chose none, such as one made while the line was closed. */
    public static final Theme GENERAL = new Theme("general", "Accueil général", "general");

    public Theme {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(queue, "queue");
        documents = List.copyOf(documents);
    }

    public Theme(String id, String label, String queue, boolean internal) {
        this(id, label, queue, internal, List.of());
    }

    /** A theme citizens may choose. */
    public Theme(String id, String label, String queue) {
        this(id, label, queue, false);
    }
}
