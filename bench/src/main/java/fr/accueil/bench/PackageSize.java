package fr.accueil.bench;

import fr.accueil.embedded.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The deployment packages of template.yaml (the CodeUri of each function): each one's size against the 15 MB
 * target (decimal megabytes, as Lambda states its own package limits), the functions it serves and what fills it.
 */
final class PackageSize {
    static final long TARGET_BYTES = 15_000_000;

    private PackageSize() {
    }

    static void run(Report report, Path root) throws IOException {
        Template template = Template.read(root.resolve("template.yaml"));
        Object globalCodeUri = template.global("Function", "CodeUri");
        Map<Path, List<String>> functions = new TreeMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, properties) -> functions.computeIfAbsent(
                root.resolve(String.valueOf(properties.getOrDefault("CodeUri", globalCodeUri))), zip -> new ArrayList<>()).add(id));
        for (Map.Entry<Path, List<String>> artifact : functions.entrySet()) {
            Path zip = artifact.getKey();
            if (!Files.exists(zip)) {
                throw new IllegalStateException(zip + " is missing: run mvn -q -DskipTests package first");
            }
            long size = size(zip);
            int count = artifact.getValue().size();
            report.atMost("package", root.relativize(zip) + " (" + count + (count == 1 ? " function)" : " functions)"), megabytes(size),
                    "15 MB", size / (double) TARGET_BYTES, 1);
            report.note("package " + root.relativize(zip) + ": " + megabytes(size) + ", largest parts " + composition(zip)
                    + "; functions " + String.join(", ", artifact.getValue().stream().sorted().toList()));
        }
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The five largest groups of entries (compressed): each dependency jar of lib/, the rest by package prefix. */
    private static String composition(Path jar) throws IOException {
        Map<String, Long> groups = new TreeMap<>();
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                groups.merge(group(entry.getName()), Math.max(0, entry.getCompressedSize()), Long::sum);
            }
        }
        return groups.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(5)
                .map(e -> e.getKey() + " " + megabytes(e.getValue()))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    private static String group(String name) {
        if (name.startsWith("lib/")) {
            return name;
        }
        String[] parts = name.split("/");
        int depth = name.startsWith("software/amazon/awssdk/services/") ? 5
                : name.startsWith("software/amazon/awssdk/") ? 4
                : name.startsWith("META-INF/") ? 1 : 3;
        if (parts.length <= depth) {
            return parts.length == 1 ? "(root)" : String.join("/", java.util.Arrays.copyOf(parts, parts.length - 1));
        }
        return String.join("/", java.util.Arrays.copyOf(parts, depth));
    }

    static String megabytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MB", bytes / 1e6);
    }
}
