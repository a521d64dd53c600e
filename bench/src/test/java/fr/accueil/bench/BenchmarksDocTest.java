package fr.accueil.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The figures docs/benchmarks.md shows are the committed results' own, and the bench writes them there. */
class BenchmarksDocTest {
    private static final Path ROOT = EmbeddedStack.repositoryRoot();

    @Test
    void theDocumentShowsTheCommittedResults() throws Exception {
        Report latest = Report.read(ROOT.resolve("bench/results/latest.json"));
        String document = Files.readString(ROOT.resolve("docs/benchmarks.md"));
        assertEquals(latest.intoDocument(document), document,
                "docs/benchmarks.md's figures differ from bench/results/latest.json: run the bench, or copy nothing by hand");
    }

    @Test
    void theResultsReadBackAreTheRunsOwn(@TempDir Path results) throws Exception {
        Report run = sample();
        run.write(results);
        Report read = Report.read(results.resolve("latest.json"));
        assertEquals(run.markdown(), read.markdown());
        assertEquals(Files.readString(results.resolve("latest.md")), read.markdown());
    }

    @Test
    void onlyWhatLiesBetweenTheMarkersIsRewritten(@TempDir Path dir) throws Exception {
        Path document = dir.resolve("benchmarks.md");
        Files.writeString(document, "# Benchmarks\n\nbefore\n" + Report.FIGURES_BEGIN + "\n| old | table |\n"
                + Report.FIGURES_END + "\n\nafter\n");
        Report run = sample();
        run.writeInto(document);
        String written = Files.readString(document);
        assertTrue(written.startsWith("# Benchmarks\n\nbefore\n" + Report.FIGURES_BEGIN + "\n\n- clock: 2026-12-08T09:00:00Z\n"), written);
        assertTrue(written.endsWith("| 65.5 /s | 77.5 /s (its writes, raw) | 0.85 | ≥ 0.50 | PASS |\n\n"
                + Report.FIGURES_END + "\n\nafter\n"), written);
        assertFalse(written.contains("| old | table |"), written);
        run.writeInto(document);
        assertEquals(written, Files.readString(document));
    }

    @Test
    void aDocumentWithoutMarkersIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> sample().intoDocument("# Benchmarks\n\nno figures here\n"));
        assertThrows(IllegalArgumentException.class, () -> sample().intoDocument(Report.FIGURES_END + "\n" + Report.FIGURES_BEGIN));
    }

    @Test
    void aPartialRunKeepsTheOtherSectionsFiguresWithTheirDate() {
        Report earlier = sample();
        earlier.context("date", "2026-12-01T21:35:48Z");
        earlier.context("command", "java -jar bench/target/accueil-bench.jar");
        Report partial = new Report(new PrintStream(new ByteArrayOutputStream()));
        partial.atMost("package", "lambda-api.zip", "11.9 MB", "15 MB", 11.9 / 15, 1);
        partial.keep(earlier, List.of("cold start", "booking"), Bench.SECTIONS);
        String table = partial.figures();
        assertFalse(table.contains("26.5 MiB"), "the section measured again is this run's: " + table);
        assertTrue(table.indexOf("lambda-api.zip") < table.indexOf("1319 ms") && table.indexOf("1319 ms") < table.indexOf("65.5 /s"),
                "in the sections' order: " + table);
        assertTrue(table.contains("- kept from the run of 2026-12-01T21:35:48Z: cold start, booking (java -jar bench/target/accueil-bench.jar)"),
                table);

        // Another partial run keeps each section with the date of the run that measured it.
        Report again = new Report(new PrintStream(new ByteArrayOutputStream()));
        again.context("date", "2026-12-03T12:00:00Z");
        again.atMost("cold start", "entry function", "930 ms", "1236 ms", 930.0 / 1236, 0.5);
        partial.context("date", "2026-12-02T10:00:00Z");
        partial.context("command", "java -jar bench/target/accueil-bench.jar --only package");
        again.keep(partial, List.of("package", "booking"), Bench.SECTIONS);
        String latest = again.figures();
        assertTrue(latest.contains("- kept from the run of 2026-12-01T21:35:48Z: booking (java -jar bench/target/accueil-bench.jar)"), latest);
        assertTrue(latest.contains("- kept from the run of 2026-12-02T10:00:00Z: package (java -jar bench/target/accueil-bench.jar --only package)"),
                latest);
        assertFalse(latest.contains("1319 ms"), latest);
    }

    private static Report sample() {
        Report report = new Report(new PrintStream(new ByteArrayOutputStream()));
        report.context("clock", "2026-12-08T09:00:00Z");
        report.figure("package", "ConnectEntryFunction", "26.5 MiB", "accueil-handlers.jar", Double.NaN);
        report.atMost("cold start", "entry function", "1319 ms", "1109 ms", 1319.0 / 1109, 0.5);
        report.atLeast("booking", "2000 bookings", "65.5 /s", "77.5 /s (its writes, raw)", 65.5 / 77.5, 0.5);
        report.note("package took 0 s");
        return report;
    }
}
