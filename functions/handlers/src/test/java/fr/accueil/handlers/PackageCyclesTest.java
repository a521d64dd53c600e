package fr.accueil.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * No two of our packages depend on each other, directly or through others: a cycle makes a package
 * impossible to read, test or ship without the other. The edges are the compiled classes' own, as
 * jdeps reads them, over the modules the functions are built from (domain, storage, connect and these
 * handlers), whether they come from the reactor's target/classes or the local repository's jars.
 */
class PackageCyclesTest {
    private static final Pattern EDGE = Pattern.compile("^\\s+(fr\\.accueil\\S*)\\s+->\\s+(fr\\.accueil\\S*)", Pattern.MULTILINE);

    @Test
    void ourPackagesFormNoCycle() {
        List<String> ours = Stream.of(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> entry.replace('\\', '/').contains("/fr/accueil/") || entry.endsWith("target" + File.separator + "classes"))
                .toList();
        assertTrue(ours.size() >= 4, "the domain, storage, connect and handlers classes are on the class path: " + ours);
        List<String> arguments = new ArrayList<>(List.of("-verbose:package", "--multi-release", "17"));
        arguments.addAll(ours);
        StringWriter out = new StringWriter();
        int status = ToolProvider.findFirst("jdeps").orElseThrow()
                .run(new PrintWriter(out), new PrintWriter(new StringWriter()), arguments.toArray(String[]::new));
        assertEquals(0, status, out.toString());
        Map<String, Set<String>> edges = edges(out.toString());
        assertTrue(edges.containsKey("fr.accueil.domain.booking") && edges.containsKey("fr.accueil.handlers"), edges.keySet().toString());
        assertEquals(Set.of(), cycles(edges));
    }

    @Test
    void findsACycleThroughAThirdPackage() {
        Map<String, Set<String>> edges = edges("""
                   fr.accueil.domain.booking    -> fr.accueil.domain.calendar   classes
                   fr.accueil.domain.calendar   -> fr.accueil.domain.directory  classes
                   fr.accueil.domain.directory  -> fr.accueil.domain.booking    classes
                   fr.accueil.handlers          -> fr.accueil.domain.booking    classes
                   fr.accueil.handlers          -> java.util                    java.base
                """);
        assertEquals(Set.of(Set.of("fr.accueil.domain.booking", "fr.accueil.domain.calendar", "fr.accueil.domain.directory")), cycles(edges));
    }

    private static Map<String, Set<String>> edges(String jdeps) {
        Map<String, Set<String>> edges = new TreeMap<>();
        Matcher edge = EDGE.matcher(jdeps);
        while (edge.find()) {
            if (!edge.group(1).equals(edge.group(2))) {
                edges.computeIfAbsent(edge.group(1), p -> new TreeSet<>()).add(edge.group(2));
            }
        }
        return edges;
    }

    /** The groups of packages that reach each other. */
    private static Set<Set<String>> cycles(Map<String, Set<String>> edges) {
        Map<String, Set<String>> reach = new TreeMap<>();
        edges.keySet().forEach(p -> reach.put(p, reachable(p, edges)));
        Set<Set<String>> cycles = new HashSet<>();
        reach.forEach((p, reached) -> {
            Set<String> group = new TreeSet<>();
            reached.stream().filter(q -> reach.getOrDefault(q, Set.of()).contains(p)).forEach(group::add);
            if (!group.isEmpty()) {
                group.add(p);
                cycles.add(group);
            }
        });
        return cycles;
    }

    private static Set<String> reachable(String from, Map<String, Set<String>> edges) {
        Set<String> seen = new TreeSet<>();
        Deque<String> next = new ArrayDeque<>(edges.getOrDefault(from, Set.of()));
        while (!next.isEmpty()) {
            String p = next.pop();
            if (seen.add(p)) {
                next.addAll(edges.getOrDefault(p, Set.of()));
            }
        }
        return seen;
    }
}
