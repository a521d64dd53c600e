package fr.accueil.local;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Copies the contact flows of flows/ into template.yaml. The files are the single source (the
 * local phone simulator plays them too); CloudFormation cannot read a file, so each
 * AWS::Connect::ContactFlow holds a copy as the block under a {@code # Content: flows/x.json}
 * marker. Run from the repository root:
 * {@code java -cp functions/local/target/accueil-local.jar fr.accueil.local.FlowSync}.
 */
public final class FlowSync {
    private static final Pattern MARKER = Pattern.compile("^(\\s*)# Content: (flows/[A-Za-z0-9._-]+\\.json)\\s*$");

    private static final Pattern RESOURCE = Pattern.compile("^  ([A-Za-z0-9]+):\\s*$");

    private FlowSync() {
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args.length > 0 ? args[0] : ".");
        Path template = root.resolve("template.yaml");
        String synced = sync(Files.readString(template), root);
        Files.writeString(template, synced);
        System.out.println("template.yaml: contact flows copied from flows/");
    }

    /**
     * The template with each marked Content block replaced by its file, indented under
     * {@code - |}: Content, then "!Sub", then "- |", then the file, then the variables.
     */
    static String sync(String template, Path root) throws IOException {
        List<String> lines = template.lines().toList();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            out.add(lines.get(i));
            Matcher marker = MARKER.matcher(lines.get(i));
            if (!marker.matches()) {
                continue;
            }
            // "Content: !Sub" then "  - |": the block's lines are indented two more than the dash.
            out.add(lines.get(++i));
            String dash = lines.get(++i);
            if (!dash.strip().equals("- |")) {
                throw new IOException("template.yaml line " + (i + 1) + ": « - | » expected after the Content of " + marker.group(2));
            }
            out.add(dash);
            int dashIndent = dash.indexOf('-');
            String indent = " ".repeat(dashIndent + 2);
            while (i + 1 < lines.size() && (lines.get(i + 1).isBlank() || indentOf(lines.get(i + 1)) > dashIndent)) {
                i++;
            }
            Files.readString(root.resolve(marker.group(2)), StandardCharsets.UTF_8).lines()
                    .forEach(line -> out.add(line.isEmpty() ? "" : indent + line));
        }
        return String.join("\n", out) + "\n";
    }

    /**
     * The flow file each marked AWS::Connect::ContactFlow of the template holds, by logical id:
     * the resource is the last top-level resource key above its marker.
     */
    static java.util.Map<String, String> filesByResource(String template) {
        java.util.Map<String, String> files = new java.util.LinkedHashMap<>();
        String resource = null;
        for (String line : template.lines().toList()) {
            Matcher key = RESOURCE.matcher(line);
            if (key.matches()) {
                resource = key.group(1);
            }
            Matcher marker = MARKER.matcher(line);
            if (marker.matches() && resource != null) {
                files.put(resource, marker.group(2));
            }
        }
        return files;
    }

    private static int indentOf(String line) {
        return line.length() - line.stripLeading().length();
    }
}
