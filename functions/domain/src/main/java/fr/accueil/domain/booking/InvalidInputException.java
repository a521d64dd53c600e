package fr.accueil.domain.booking;

import fr.accueil.domain.ValidationException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Every problem of a citizen's or agent's input at once, so a form can show them all. As a
 * {@link ValidationException} it names the first field and reads as all the French messages.
 */
public class InvalidInputException extends ValidationException {
    private final List<Problem> problems;

    /** One input field at fault and why, in French. */
    public record Problem(String field, String message) {
    }

    InvalidInputException(List<Problem> problems) {
        super(problems.get(0).field(), problems.stream().map(Problem::message).collect(Collectors.joining(" ")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }

    /** Collects the problems of one input, then throws them together. */
    static final class Collector {
        private final List<Problem> problems = new ArrayList<>();

        void add(String field, String message) {
            problems.add(new Problem(field, message));
        }

        void check(boolean ok, String field, String message) {
            if (!ok) {
                add(field, message);
            }
        }

        void throwIfAny() {
            if (!problems.isEmpty()) {
                throw new InvalidInputException(problems);
            }
        }
    }
}
