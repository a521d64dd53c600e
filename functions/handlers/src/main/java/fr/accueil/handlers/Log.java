package fr.accueil.handlers;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Structured logs: one JSON object a line on stdout, which Lambda's JSON log format and the
 * local runner both keep as is. Callers pass only masked or non-personal values.
 */
public final class Log {
    /** Standard output, looked up at each line (Lambda and the runner keep it as is). */
    public static final Consumer<String> STANDARD_OUTPUT = line -> System.out.println(line);
    private static volatile Consumer<String> sink = STANDARD_OUTPUT;

    private Log() {
    }

    /**
     * Sends the lines elsewhere, e.g. to a test that counts the lines of thousands of expected
     * refusals rather than printing them; returns the sink it replaces, to put back.
     */
    public static Consumer<String> sendTo(Consumer<String> next) {
        Consumer<String> previous = sink;
        sink = next;
        return previous;
    }

    public static void info(String event, Map<String, ?> fields) {
        emit("INFO", event, fields, null);
    }

    /** Something an operator should fix, which callers are not the worse for (e.g. a menu naming an unknown theme). */
    public static void warn(String event, Map<String, ?> fields) {
        emit("WARN", event, fields, null);
    }

    public static void error(String event, Map<String, ?> fields, Throwable error) {
        emit("ERROR", event, fields, error);
    }

    private static void emit(String level, String event, Map<String, ?> fields, Throwable error) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.now().toString());
        line.put("level", level);
        line.put("event", event);
        line.putAll(fields);
        if (error != null) {
            line.put("errorType", error.getClass().getName());
            // Exception messages may quote input: the type and stack are enough to debug.
            StringWriter stack = new StringWriter();
            error.printStackTrace(new PrintWriter(stack));
            line.put("stackTrace", stack.toString().lines().filter(l -> l.startsWith("\tat ")).limit(15).toList());
        }
        sink.accept(Json.write(line));
    }
}
