package fr.accueil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The French the citizens and agents read from the API and in their messages takes the typographic apostrophe (’), as
 * the pages do. Voice prompts keep the straight one: Polly reads them, and they are left as they are.
 */
class FrenchApostrophesTest {
    /** Where the API's answers and the messages sent are written. */
    private static final List<String> READ = List.of("functions/domain/src/main/java/fr/accueil/domain/booking",
            "functions/domain/src/main/java/fr/accueil/domain/callback", "functions/domain/src/main/java/fr/accueil/domain/territory",
            "functions/domain/src/main/java/fr/accueil/domain/menu", "functions/domain/src/main/java/fr/accueil/domain/satisfaction",
            "functions/domain/src/main/java/fr/accueil/domain/privacy", "functions/handlers/src/main/java/fr/accueil/handlers/api");
    /** Spoken by the voice menu (alone or also on the web, where the same words come back). */
    private static final Set<String> SPOKEN = Set.of("CallbackSpeech.java", "CallbackPhone.java", "NO_WINDOW =", "DEFAULT_INVALID_MESSAGE =",
            "SITE_UNKNOWN =");
    private static final Pattern LITERAL = Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern STRAIGHT = Pattern.compile("\\p{L}'\\p{L}");

    @Test
    void messagesForPeopleTakeTheTypographicApostrophe() throws IOException {
        String root = System.getProperty("accueil.root");
        Path repository = root == null || root.isBlank() ? Path.of("../..") : Path.of(root);
        List<String> straight = new ArrayList<>();
        for (String dir : READ) {
            try (Stream<Path> files = Files.walk(repository.resolve(dir))) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).sorted().toList()) {
                    if (SPOKEN.contains(file.getFileName().toString())) {
                        continue;
                    }
                    for (String line : Files.readAllLines(file)) {
                        String code = line.strip();
                        if (code.startsWith("*") || code.startsWith("/") || code.contains("ofPattern(")
                                || SPOKEN.stream().anyMatch(code::contains)) {
                            continue;
                        }
                        Matcher literal = LITERAL.matcher(line);
                        while (literal.find()) {
                            if (STRAIGHT.matcher(literal.group(1)).find()) {
                                straight.add(file.getFileName() + ": " + literal.group(1));
                            }
                        }
                    }
                }
            }
        }
        assertEquals(List.of(), straight);
    }
}
