package fr.accueil.local;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a contact flow of flows/ does with a function's answer ({@code $.External}): which keys it
 * reads, and the values its Compare blocks branch on — so tests check answers against the flows
 * themselves, not against a copy of their values.
 */
final class FlowReads {
    private static final Pattern EXTERNAL = Pattern.compile("\\$\\.External\\.([A-Za-z0-9_]+)");

    private final String text;
    private final List<Map<String, Object>> actions;

    @SuppressWarnings("unchecked")
    private FlowReads(String text) throws IOException {
        this.text = text;
        this.actions = (List<Map<String, Object>>) Json.readObject(text).get("Actions");
    }

    /** A flow of flows/, by file name ({@code entry.json}). */
    static FlowReads of(String file) {
        try {
            return new FlowReads(Files.readString(EmbeddedStack.repositoryRoot().resolve("flows").resolve(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every {@code $.External.<key>} the flow reads. */
    Set<String> externalKeys() {
        Set<String> keys = new TreeSet<>();
        Matcher m = EXTERNAL.matcher(text);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    /**
     * The values the flow's Compare blocks test {@code $.External.<key>} against, directly or through the
     * contact attribute an UpdateContactAttributes block copies it to.
     */
    @SuppressWarnings("unchecked")
    Set<String> comparedValues(String key) {
        Map<String, String> copiedFrom = new HashMap<>();
        for (Map<String, Object> action : actions) {
            if ("UpdateContactAttributes".equals(action.get("Type"))) {
                Map<String, Object> attributes = (Map<String, Object>) parameters(action).getOrDefault("Attributes", Map.of());
                attributes.forEach((name, value) -> copiedFrom.put("$.Attributes." + name, String.valueOf(value)));
            }
        }
        Set<String> values = new TreeSet<>();
        for (Map<String, Object> action : actions) {
            if (!"Compare".equals(action.get("Type"))) {
                continue;
            }
            String compared = String.valueOf(parameters(action).get("ComparisonValue"));
            String external = "$.External." + key;
            if (!external.equals(compared) && !external.equals(copiedFrom.get(compared))) {
                continue;
            }
            Map<String, Object> transitions = (Map<String, Object>) action.getOrDefault("Transitions", Map.of());
            for (Map<String, Object> condition : (List<Map<String, Object>>) transitions.getOrDefault("Conditions", List.of())) {
                values.addAll((List<String>) ((Map<String, Object>) condition.get("Condition")).get("Operands"));
            }
        }
        return values;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parameters(Map<String, Object> action) {
        return (Map<String, Object>) action.getOrDefault("Parameters", Map.of());
    }
}
