package fr.accueil.bench;

import fr.accueil.handlers.connect.ConnectCallbackRequestHandler;
import fr.accueil.local.BenchStack;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SnapStart measure: what is left for a restored container's first caller. Each function Amazon Connect invokes
 * (template.yaml's functions with a connect.amazonaws.com permission) runs in fresh JVMs from its deployment class
 * path and environment ({@code coldstart.SnapStartProbe}): its init and its priming, which the snapshot holds, the
 * restore's hooks (reported apart: on Lambda they are part of the Restore Duration the caller waits), then its first
 * answer to a real event (events/), timed, against the median of the answers after it. Target: the first answer at
 * most 1.5 times the warm median.
 */
final class SnapStart {
    /** The function, its handler and the event of its first call (the flows' first invocation of it). */
    private record Function(String name, String handler, String event) {
    }

    private static final List<Function> FUNCTIONS = List.of(
            new Function("ConnectEntryFunction", "fr.accueil.handlers.connect.ConnectEntryHandler", "ConnectEntryFunction.json"),
            new Function("ConnectMenuFunction", "fr.accueil.handlers.connect.ConnectMenuHandler", "ConnectMenuFunction.json"),
            new Function("ConnectCallbackRequestFunction", "fr.accueil.handlers.connect.ConnectCallbackRequestHandler",
                    "ConnectCallbackRequestFunction.offer.json"),
            new Function("ConnectCallbackOutcomeFunction", "fr.accueil.handlers.connect.ConnectCallbackOutcomeHandler",
                    "ConnectCallbackOutcomeFunction.json"),
            new Function("ConnectSurveyFunction", "fr.accueil.handlers.connect.ConnectSurveyHandler", "ConnectSurveyFunction.json"));
    /** Answers after the first in each JVM: their median is the warm figure. */
    private static final int WARM = 200;
    private static final double TARGET = 1.5;
    private static final Pattern FIGURES = Pattern.compile("ANSWER init=(\\d+) priming=(\\d+) restore=(\\d+) first=(\\d+) warm=(\\d+) classes=(\\d+) ");

    private SnapStart() {
    }

    static void run(Report report, BenchStack stack, Path root, int runs) throws Exception {
        Path events = Files.createTempDirectory("accueil-snapstart-");
        for (Function function : FUNCTIONS) {
            String event = Files.readString(root.resolve("events").resolve(function.event()));
            if (function.name().equals("ConnectCallbackOutcomeFunction")) {
                event = event.replace("0b9c1f4e-2f0a-4d7e-9a51-1c2d3e4f5a6b", requestedCallback(root));
            }
            Path file = events.resolve(function.event());
            Files.writeString(file, event);
            List<String> command = List.of(ColdStart.java(), "-Dorg.crac.Core.Compat=fr.accueil.bench.coldstart.crac",
                    "-cp", ColdStart.classPath(root, function.name()), "fr.accueil.bench.coldstart.SnapStartProbe",
                    function.handler(), file.toString(), Integer.toString(WARM));
            Map<String, String> environment = ColdStart.environment(stack, function.name());
            Map<String, List<Long>> figures = new LinkedHashMap<>();
            for (String figure : List.of("init", "priming", "restore", "first", "warm", "classes")) {
                figures.put(figure, new ArrayList<>());
            }
            // One untimed run: the jars in the page cache, as on a warm Lambda host.
            ColdStart.answer(function.name(), command, environment);
            for (int run = 0; run < runs; run++) {
                String line = ColdStart.answer(function.name(), command, environment).line();
                Matcher matcher = FIGURES.matcher(line);
                if (!matcher.lookingAt()) {
                    throw new IllegalStateException(function.name() + " answered " + line);
                }
                int group = 1;
                for (List<Long> values : figures.values()) {
                    values.add(Long.parseLong(matcher.group(group++)));
                }
            }
            double first = Stats.of(figures.get("first")).medianMillis();
            double warm = Stats.of(figures.get("warm")).medianMillis();
            double restore = Stats.of(figures.get("restore")).medianMillis();
            report.atMost("snapstart", function.name() + ": first answer after priming, median of " + runs + " JVMs",
                    Report.ms(first), Report.ms(warm) + " (warm median of " + WARM + ")", first / warm, TARGET);
            // The restore's hooks run before the first invoke, but the caller waits for them too (Restore Duration).
            report.figure("snapstart", function.name() + ": restore hooks (afterRestore) before it; ratio of both to warm",
                    Report.ms(restore), Report.ms(first + restore) + " with the first answer", (first + restore) / warm);
            report.note(String.format("snapstart %s (%s): init %s, priming %s, restore hooks %s; first answers %s ms, "
                            + "loading %s classes",
                    function.name(), function.event(), Report.ms(Stats.of(figures.get("init")).medianMillis()),
                    Report.ms(Stats.of(figures.get("priming")).medianMillis()), Report.ms(restore),
                    figures.get("first").stream().map(n -> Report.number(n / 1e6)).toList(), figures.get("classes")));
        }
    }

    /**
     * A callback for the outcome event to report on, booked by the callback request function (in this JVM) for the
     * fixture's caller. It is not being dialled: the report is a replay, read and answered, the callback unchanged.
     */
    private static String requestedCallback(Path root) throws Exception {
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        new ConnectCallbackRequestHandler().handleRequest(
                new ByteArrayInputStream(Files.readAllBytes(root.resolve("events/ConnectCallbackRequestFunction.json"))), answer, null);
        String text = answer.toString(StandardCharsets.UTF_8);
        Matcher id = Pattern.compile("\"callbackId\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
        if (!id.find()) {
            throw new IllegalStateException("no callback booked: " + text);
        }
        return id.group(1);
    }
}
