package fr.accueil.storage;

import java.util.Optional;

/**
 * The function's configuration: environment variables on Lambda (set by template.yaml).
 * The local runner hosts every function in one JVM, so it passes the same names as system
 * properties {@code accueil.env.NAME}, which take precedence.
 */
public final class Environment {
    private static final String PROPERTY_PREFIX = "accueil.env.";

    private Environment() {
    }

    public static Optional<String> optional(String name) {
        String value = System.getProperty(PROPERTY_PREFIX + name);
        if (value == null) {
            value = System.getenv(name);
        }
        return Optional.ofNullable(value).filter(v -> !v.isBlank());
    }

    public static String required(String name) {
        return optional(name).orElseThrow(() -> new IllegalStateException("configuration " + name + " is not set"));
    }

    public static void setLocally(String name, String value) {
        System.setProperty(PROPERTY_PREFIX + name, value);
    }
}
