package fr.accueil.storage;

import java.util.LinkedHashMap;
import java.util.Map;
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

    /**
     * A list of {@code key=value} pairs separated by commas ("retraite=arn:…,emploi=arn:…"), as
     * CloudFormation joins a CommaDelimitedList parameter; blanks and pairs without "=" are skipped.
     */
    public static Map<String, String> pairs(String name) {
        return pairsOf(optional(name).orElse(""));
    }

    /** The pairs of a text written as {@link #pairs(String)} reads it. */
    public static Map<String, String> pairsOf(String text) {
        Map<String, String> pairs = new LinkedHashMap<>();
        for (String pair : text.split(",")) {
            int equals = pair.indexOf('=');
            if (equals > 0) {
                pairs.put(pair.substring(0, equals).strip(), pair.substring(equals + 1).strip());
            }
        }
        return pairs;
    }

    public static void setLocally(String name, String value) {
        System.setProperty(PROPERTY_PREFIX + name, value);
    }
}
