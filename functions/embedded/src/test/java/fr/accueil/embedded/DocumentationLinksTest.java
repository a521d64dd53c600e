package fr.accueil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** README.md and docs/*.md: every relative link reaches a file, every #anchor a heading of its page. */
class DocumentationLinksTest {
    private static final Pattern LINK = Pattern.compile("\\]\\(([^)\\s]+)\\)");
    private static final Pattern HEADING = Pattern.compile("^#{1,6}\\s+(.*)$");

    @Test
    void everyRelativeLinkAndAnchorResolves() throws IOException {
        Path root = EmbeddedStack.repositoryRoot();
        List<Path> pages = new ArrayList<>(List.of(root.resolve("README.md")));
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        List<String> broken = new ArrayList<>();
        for (Path page : pages) {
            broken.addAll(brokenLinks(root, page));
        }
        assertEquals(List.of(), broken);
    }

    @Test
    void aMissingPageOrHeadingIsReported(@TempDir Path root) throws IOException {
        Files.writeString(root.resolve("a.md"), """
                # A

                ## Voice: menu, routing and public holidays
                ## Agents' workspace (`/agent`)

                [ok](#voice-menu-routing-and-public-holidays) [ok](b.md#agents-workspace-agent) [ok](#a)
                [gone](missing.md) [no heading](b.md#nowhere)

                ```
                [in code](ignored.md)
                ```
                """);
        Files.writeString(root.resolve("b.md"), "## Agents' workspace (`/agent`)\n[back](a.md#agents-workspace-agent-1)\n");
        assertEquals(List.of("a.md:7: missing.md", "a.md:7: b.md#nowhere"), brokenLinks(root, root.resolve("a.md")));
        assertEquals(List.of("b.md:2: a.md#agents-workspace-agent-1"), brokenLinks(root, root.resolve("b.md")));
    }

    /** The links of one page that lead nowhere, as « page:line: target »; links in code blocks and absolute URLs aside. */
    private static List<String> brokenLinks(Path root, Path page) throws IOException {
        List<String> broken = new ArrayList<>();
        boolean code = false;
        List<String> lines = Files.readAllLines(page);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                code = !code;
            }
            if (code) {
                continue;
            }
            Matcher link = LINK.matcher(line);
            while (link.find()) {
                String target = link.group(1);
                if (target.matches("^[a-z]+:.*")) {
                    continue;
                }
                int hash = target.indexOf('#');
                String file = hash < 0 ? target : target.substring(0, hash);
                Path reached = file.isEmpty() ? page : page.getParent().resolve(file).normalize();
                boolean ok = Files.exists(reached) && (hash < 0 || !reached.toString().endsWith(".md")
                        || anchors(reached).contains(target.substring(hash + 1)));
                if (!ok) {
                    broken.add(root.relativize(page) + ":" + (i + 1) + ": " + target);
                }
            }
        }
        return broken;
    }

    /** The anchors GitHub gives a page's headings: lower case, punctuation dropped, spaces as hyphens, -1, -2… on repeats. */
    private static Set<String> anchors(Path page) throws IOException {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean code = false;
        for (String line : Files.readAllLines(page)) {
            if (line.startsWith("```")) {
                code = !code;
            }
            Matcher heading = HEADING.matcher(line);
            if (code || !heading.matches()) {
                continue;
            }
            String slug = heading.group(1).strip().toLowerCase(Locale.ROOT)
                    .replaceAll("[^\\p{L}\\p{Mn}\\p{Nd}_\\- ]", "").replace(' ', '-');
            int repeats = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeats == 0 ? slug : slug + "-" + repeats);
        }
        return anchors;
    }
}
