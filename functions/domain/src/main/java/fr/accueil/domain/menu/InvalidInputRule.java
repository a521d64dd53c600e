package fr.accueil.domain.menu;

import java.util.Objects;

/**
 * What happens when the caller presses a key that does nothing, or nothing at all: the node is
 * played again with {@code message}, up to {@code maxAttempts} times in a row; then the caller is
 * put through to a person in {@code fallbackQueue} rather than left stuck.
 */
public record InvalidInputRule(int maxAttempts, String fallbackQueue, String message) {
    public InvalidInputRule {
        Objects.requireNonNull(fallbackQueue, "fallbackQueue");
        Objects.requireNonNull(message, "message");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1");
        }
    }
}
