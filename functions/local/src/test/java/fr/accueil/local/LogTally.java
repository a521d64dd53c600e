package fr.accueil.local;

import fr.accueil.handlers.Json;
import fr.accueil.handlers.Log;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

/**
 * Log lines of a test that provokes thousands of expected refusals, tallied rather than printed:
 * each line is counted by event (and error type), must be one JSON object and must hold no personal
 * data. Errors other than a Connect function's safe route still print in full, so a real failure
 * is not hidden; the tally is printed once at the end.
 */
final class LogTally implements AutoCloseable {
    private final Map<String, LongAdder> counts = new ConcurrentHashMap<>();
    private final Map<String, String> leaks = new ConcurrentHashMap<>();
    private final Consumer<String> previous;

    LogTally() {
        previous = Log.sendTo(this::accept);
    }

    private void accept(String line) {
        Map<String, Object> fields;
        try {
            fields = Json.readObject(line);
        } catch (IOException e) {
            leaks.put(line, "not one JSON object");
            previous.accept(line);
            return;
        }
        String event = String.valueOf(fields.get("event"));
        String key = fields.containsKey("errorType") ? event + "(" + fields.get("errorType") + ")" : event;
        counts.computeIfAbsent(key, k -> new LongAdder()).increment();
        List<String> found = PersonalData.in(line, List.of());
        if (!found.isEmpty()) {
            leaks.put(line, String.valueOf(found));
        }
        if ("ERROR".equals(fields.get("level")) && !event.endsWith(".safe-route")) {
            previous.accept(line);
        }
    }

    /** Lines by event, e.g. {@code connect.entry.routed=10000}. */
    Map<String, Long> counts() {
        Map<String, Long> sorted = new TreeMap<>();
        counts.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }

    long lines() {
        return counts.values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Lines that were not JSON or held personal data, with what was found. */
    Map<String, String> leaks() {
        return Map.copyOf(leaks);
    }

    @Override
    public void close() {
        Log.sendTo(previous);
    }
}
