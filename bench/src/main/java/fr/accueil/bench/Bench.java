package fr.accueil.bench;

import fr.accueil.domain.directory.Site;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.AppContext;
import fr.accueil.local.BenchStack;
import fr.accueil.storage.Environment;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The benchmarks, run by one command from the repository root:
 * {@code mvn -q -DskipTests package && java -Xmx4g -jar bench/target/accueil-bench.jar}.
 * Never run by {@code mvn test}. Prints each measure beside its baseline, the ratio and the target,
 * and writes bench/results/latest.md and latest.json (and, there, the figures of docs/benchmarks.md).
 */
public final class Bench {
    static final List<String> MEASURES = List.of("package", "cold-start", "snapstart", "dispatch", "search", "voice", "booking");
    /** The table's section of each measure, in the same order. */
    static final List<String> SECTIONS = List.of("package", "cold start", "snapstart", "dispatch", "search", "voice step", "booking");

    private Bench() {
    }

    public static void main(String[] args) {
        try {
            run(args);
            System.exit(0);
        } catch (Exception | Error e) {
            // The stack's threads would keep the JVM alive.
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run(String[] args) throws Exception {
        Set<String> only = new LinkedHashSet<>(MEASURES);
        boolean quick = false;
        int runs = -1;
        Path results = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--only" -> only = new LinkedHashSet<>(Arrays.asList(args[++i].split(",")));
                case "--quick" -> quick = true;
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--results" -> results = Path.of(args[++i]);
                case "--help", "-h" -> {
                    usage();
                    return;
                }
                default -> {
                    System.err.println("unknown option " + args[i]);
                    usage();
                    throw new IllegalArgumentException("unknown option " + args[i]);
                }
            }
        }
        if (!MEASURES.containsAll(only)) {
            throw new IllegalArgumentException("--only takes some of " + MEASURES);
        }
        Path root = EmbeddedStack.repositoryRoot();
        if (results == null) {
            results = root.resolve("bench/results");
        }
        if (runs < 0) {
            runs = quick ? 5 : 10;
        }

        // The functions log a JSON line per call: kept off the console, as Lambda sends them to a pipe.
        PrintStream console = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        Report report = new Report(console);
        report.context("date", Instant.now().toString());
        report.context("command", "java -jar bench/target/accueil-bench.jar " + String.join(" ", args));
        report.context("machine", Runtime.getRuntime().availableProcessors() + " cores, max heap "
                + Runtime.getRuntime().maxMemory() / 1024 / 1024 + " MiB, Java " + System.getProperty("java.version"));
        report.context("load average at start", loadAverage());
        long started = System.nanoTime();
        console.println("Starting DynamoDB Local and the demo territory…");
        try (BenchStack stack = BenchStack.start(DispatchBench.QUEUE_AGENTS)) {
            Instant now = openInstant();
            Environment.setLocally("FIXED_CLOCK", now.toString());
            report.context("clock", now + " (a Tuesday morning, the counters open)");
            DispatchBench.configure();
            // Always in MEASURES' order: the bulk loads first, before DynamoDB Local slows with stream records.
            for (String measure : MEASURES.stream().filter(only::contains).toList()) {
                long start = System.nanoTime();
                console.println("Measuring " + measure + "…");
                switch (measure) {
                    case "package" -> PackageSize.run(report, root);
                    case "cold-start" -> ColdStart.run(report, stack, root, runs);
                    case "snapstart" -> SnapStart.run(report, stack, root, runs);
                    case "voice" -> VoiceStep.run(report, root, quick ? 1_000 : 5_000);
                    case "booking" -> BookingBench.run(report, 500, quick ? 500 : 2_000);
                    case "dispatch" -> DispatchBench.run(report, stack, 1_000, quick ? 10_000 : 100_000);
                    case "search" -> SearchBench.run(report, 10_000, quick ? 100_000 : 1_000_000, quick ? 500 : 2_000);
                    default -> throw new IllegalArgumentException(measure);
                }
                report.note(String.format("%s took %.0f s", measure, (System.nanoTime() - start) / 1e9));
            }
        }
        report.context("duration", String.format("%.0f s", (System.nanoTime() - started) / 1e9));
        report.context("load average at end", loadAverage());
        console.println();
        // A partial run keeps the other sections' figures of the results it replaces.
        Path earlier = results.resolve("latest.json");
        if (!only.containsAll(MEASURES) && Files.exists(earlier)) {
            Set<String> measured = only;
            List<String> kept = SECTIONS.stream().filter(section -> !measured.contains(MEASURES.get(SECTIONS.indexOf(section)))).toList();
            report.keep(Report.read(earlier), kept, SECTIONS);
        }
        report.print();
        report.write(results);
        console.println("\nWritten to " + results.resolve("latest.md") + " and latest.json");
        // The repository's own results are the figures docs/benchmarks.md shows (BenchmarksDocTest checks they agree).
        if (results.toAbsolutePath().normalize().equals(root.resolve("bench/results").toAbsolutePath().normalize())) {
            report.writeInto(root.resolve("docs/benchmarks.md"));
            console.println("and into docs/benchmarks.md");
        }
    }

    /** Next Tuesday 10:00 in Paris on which the demo's first site is open (no public holiday). */
    private static Instant openInstant() {
        AppContext app = AppContext.get();
        Site site = app.directory().site(app.territoryId(), "metz-borny").orElseThrow();
        ZoneId paris = ZoneId.of("Europe/Paris");
        LocalDate day = LocalDate.now(paris).with(TemporalAdjusters.next(DayOfWeek.TUESDAY));
        while (!app.calendar().isOpen(site, day.atTime(10, 0).atZone(paris).toInstant())) {
            day = day.plusWeeks(1);
        }
        return day.atTime(10, 0).atZone(paris).toInstant();
    }

    /** The machine's 1, 5 and 15 minute load averages (Linux), to judge how quiet it was. */
    private static String loadAverage() {
        try {
            String[] fields = java.nio.file.Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static void usage() {
        System.out.println("""
                java -Xmx4g -jar bench/target/accueil-bench.jar [--only LIST] [--quick] [--runs N] [--results DIR]
                  --only LIST    some of package,cold-start,snapstart,dispatch,search,voice,booking (comma separated; default all);
                                 the other sections' figures are kept from the results it replaces
                  --quick        smaller sizes (100,000 slots, 10,000 historic callbacks, 5 cold starts each)
                  --runs N       fresh JVMs per cold start variant and per SnapStart function (default 10)
                  --results DIR  where latest.md and latest.json go (default bench/results; there, docs/benchmarks.md's
                                 figures are written too)
                Run from the repository root after mvn -q -DskipTests package.""");
    }
}
