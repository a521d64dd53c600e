package fr.accueil.bench;

import fr.accueil.handlers.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The measures of one run, side by side with their baselines, printed and written to results/. */
final class Report {
    /**
     * One line of the table.
     *
     * @param ratio  ours / baseline (or the measure's own ratio); NaN when there is none
     * @param target how the ratio is judged, e.g. "≤ 0.5"; null for a figure without target
     * @param pass   null when there is no target
     */
    record Row(String section, String measure, String ours, String baseline, double ratio, String target, Boolean pass) {
        String verdict() {
            return pass == null ? "" : pass ? "PASS" : "MISS";
        }
    }

    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final Map<String, Object> context = new LinkedHashMap<>();
    private final java.io.PrintStream console;

    Report(java.io.PrintStream console) {
        this.console = console;
    }

    void context(String name, Object value) {
        context.put(name, value);
    }

    /** A ratio judged "at most" the target. */
    void atMost(String section, String measure, String ours, String baseline, double ratio, double target) {
        rows.add(new Row(section, measure, ours, baseline, ratio, "≤ " + number(target), ratio <= target));
    }

    /** A ratio judged "at least" the target. */
    void atLeast(String section, String measure, String ours, String baseline, double ratio, double target) {
        rows.add(new Row(section, measure, ours, baseline, ratio, "≥ " + number(target), ratio >= target));
    }

    /** A figure reported without a target. */
    void figure(String section, String measure, String ours, String baseline, double ratio) {
        rows.add(new Row(section, measure, ours, baseline, ratio, null, null));
    }

    void note(String text) {
        notes.add(text);
        console.println("  " + text);
    }

    static String ms(double millis) {
        return String.format(Locale.ROOT, millis < 10 ? "%.2f ms" : "%.0f ms", millis);
    }

    static String number(double value) {
        if (Double.isNaN(value)) {
            return "–";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e9
                ? String.format(Locale.ROOT, "%d", (long) value)
                : String.format(Locale.ROOT, Math.abs(value) < 10 ? "%.2f" : "%.1f", value);
    }

    String markdown() {
        StringBuilder md = new StringBuilder("# Benchmark results\n\n").append(figures());
        if (!notes.isEmpty()) {
            md.append("\nNotes of the run:\n\n");
            notes.forEach(note -> md.append("- ").append(note).append('\n'));
        }
        return md.toString();
    }

    /** The run's context and its table: latest.md's body, and what docs/benchmarks.md shows between its markers. */
    String figures() {
        StringBuilder md = new StringBuilder();
        context.forEach((name, value) -> md.append("- ").append(name).append(": ").append(value).append('\n'));
        md.append("\n| section | measure | ours | baseline | ratio | target | |\n| --- | --- | --- | --- | --- | --- | --- |\n");
        for (Row row : rows) {
            md.append("| ").append(row.section()).append(" | ").append(row.measure()).append(" | ").append(row.ours())
                    .append(" | ").append(row.baseline()).append(" | ").append(number(row.ratio()))
                    .append(" | ").append(row.target() == null ? "" : row.target()).append(" | ").append(row.verdict()).append(" |\n");
        }
        return md.toString();
    }

    String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("context", context);
        List<Map<String, Object>> list = new ArrayList<>();
        for (Row row : rows) {
            Map<String, Object> r = new LinkedHashMap<>();
            r.put("section", row.section());
            r.put("measure", row.measure());
            r.put("ours", row.ours());
            r.put("baseline", row.baseline());
            r.put("ratio", Double.isNaN(row.ratio()) ? null : row.ratio());
            r.put("target", row.target());
            r.put("verdict", row.pass() == null ? null : row.verdict());
            list.add(r);
        }
        root.put("rows", list);
        root.put("notes", notes);
        return Json.write(root);
    }

    void print() {
        String format = "%-12s %-58s %-24s %-24s %8s %8s %s%n";
        console.printf(Locale.ROOT, format, "section", "measure", "ours", "baseline", "ratio", "target", "");
        for (Row row : rows) {
            console.printf(Locale.ROOT, format, row.section(), row.measure(), row.ours(), row.baseline(),
                    number(row.ratio()), row.target() == null ? "" : row.target(), row.verdict());
        }
    }

    void write(Path directory) throws IOException {
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("latest.md"), markdown());
        Files.writeString(directory.resolve("latest.json"), json() + "\n");
    }

    /** The report a run wrote to latest.json, read back: its figures are the ones the docs must show. */
    @SuppressWarnings("unchecked")
    static Report read(Path latestJson) throws IOException {
        Map<String, Object> root = Json.readObject(Files.readString(latestJson));
        Report report = new Report(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
        report.context.putAll((Map<String, Object>) root.get("context"));
        for (Map<String, Object> r : (List<Map<String, Object>>) root.get("rows")) {
            Object verdict = r.get("verdict");
            report.rows.add(new Row((String) r.get("section"), (String) r.get("measure"), (String) r.get("ours"),
                    (String) r.get("baseline"), r.get("ratio") == null ? Double.NaN : ((Number) r.get("ratio")).doubleValue(),
                    (String) r.get("target"), verdict == null ? null : verdict.equals("PASS")));
        }
        report.notes.addAll((List<String>) root.get("notes"));
        return report;
    }

    /**
     * Keeps the rows of the sections this run did not measure from an earlier run's report (a run with {@code --only}
     * then updates its sections and leaves the others' figures, marked with that run's date), all rows in
     * {@code sectionOrder}.
     */
    void keep(Report earlier, List<String> sections, List<String> sectionOrder) {
        String date = String.valueOf(earlier.context.get("date"));
        List<Row> kept = earlier.rows.stream().filter(row -> sections.contains(row.section())).toList();
        if (kept.isEmpty()) {
            return;
        }
        List<Row> all = new ArrayList<>(rows);
        all.addAll(kept);
        all.sort(java.util.Comparator.comparingInt(row -> {
            int index = sectionOrder.indexOf(row.section());
            return index < 0 ? sectionOrder.size() : index;
        }));
        rows.clear();
        rows.addAll(all);
        // Each kept section is dated by the run that measured it, which may be one the earlier report kept in turn.
        // Their notes stay in that run's latest.md, in the repository's history.
        List<String> keptSections = kept.stream().map(Row::section).distinct().toList();
        List<String> measuredEarlier = new ArrayList<>(keptSections);
        earlier.context.forEach((name, value) -> {
            if (name.startsWith(KEPT)) {
                String text = String.valueOf(value);
                int command = text.indexOf(" (");
                List<String> theirs = List.of(text.substring(0, command).split(", "));
                measuredEarlier.removeAll(theirs);
                List<String> still = theirs.stream().filter(keptSections::contains).toList();
                if (!still.isEmpty()) {
                    context.put(name, String.join(", ", still) + text.substring(command));
                }
            }
        });
        if (!measuredEarlier.isEmpty()) {
            context.put(KEPT + date, String.join(", ", measuredEarlier) + " (" + earlier.context.get("command") + ")");
        }
    }

    private static final String KEPT = "kept from the run of ";

    /** Where a document holds the figures of the latest run (docs/benchmarks.md); the bench rewrites what lies between. */
    static final String FIGURES_BEGIN = "<!-- bench figures: written by the bench from bench/results/latest.json, do not edit -->";
    static final String FIGURES_END = "<!-- end of bench figures -->";

    /** The document with this report's figures between its markers; a document without both markers is refused. */
    String intoDocument(String document) {
        int begin = document.indexOf(FIGURES_BEGIN);
        int end = document.indexOf(FIGURES_END);
        if (begin < 0 || end < begin) {
            throw new IllegalArgumentException("no « " + FIGURES_BEGIN + " » … « " + FIGURES_END + " » in the document");
        }
        // Blank lines around the figures: the table must end before the closing comment.
        return document.substring(0, begin + FIGURES_BEGIN.length()) + "\n\n" + figures() + "\n" + document.substring(end);
    }

    /** Rewrites the figures of a document in place. */
    void writeInto(Path document) throws IOException {
        Files.writeString(document, intoDocument(Files.readString(document)));
    }
}
