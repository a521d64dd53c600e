package fr.accueil.domain.tree;

import fr.accueil.domain.ValidationException;
import java.util.List;

/** Data (a menu, routing rules…) that cannot be used as is; lists every problem, each with its path. */
public final class InvalidTreeException extends ValidationException {
    private final List<String> problems;

    public InvalidTreeException(String what, List<String> problems) {
        super(null, what + " invalide :\n- " + String.join("\n- ", problems));
        this.problems = List.copyOf(problems);
    }

    /** One line per problem, "path : what is wrong", in French. */
    public List<String> problems() {
        return problems;
    }
}
