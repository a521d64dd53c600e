package fr.accueil.bench;

import fr.accueil.embedded.Template;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/** The deployment artifact of every function of template.yaml (its CodeUri), and what fills it. */
final class PackageSize {
    private PackageSize() {
    }

    static void run(Report report, Path root) throws IOException {
        Template template = Template.read(root.resolve("template.yaml"));
        Object globalCodeUri = template.global("Function", "CodeUri");
        Map<String, Path> artifacts = new TreeMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, properties) ->
                artifacts.put(id, root.resolve(String.valueOf(properties.getOrDefault("CodeUri", globalCodeUri)))));
        Map<Path, Long> sizes = new LinkedHashMap<>();
        for (Map.Entry<String, Path> function : artifacts.entrySet()) {
            Path jar = function.getValue();
            if (!Files.exists(jar)) {
                throw new IllegalStateException(jar + " is missing: run mvn -q -DskipTests package first");
            }
            long size = sizes.computeIfAbsent(jar, PackageSize::size);
            report.figure("package", function.getKey(), mebibytes(size), root.relativize(jar).toString(), Double.NaN);
        }
        for (Path jar : sizes.keySet()) {
            report.note("package " + root.relativize(jar) + " (shared by " + artifacts.values().stream().filter(jar::equals).count()
                    + " functions), compressed size by package: " + composition(jar));
        }
    }

    private static long size(Path jar) {
        try {
            return Files.size(jar);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The ten largest groups of entries (compressed): each dependency jar of lib/, the rest by package prefix. */
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
                .limit(10)
                .map(e -> e.getKey() + " " + mebibytes(e.getValue()))
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

    static String mebibytes(long bytes) {
        return String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1024.0 / 1024.0);
    }
}
