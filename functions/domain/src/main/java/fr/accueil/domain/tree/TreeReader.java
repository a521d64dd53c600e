package fr.accueil.domain.tree;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.IntStream;

/**
 * Reads a generic tree, as any JSON or YAML library produces it (maps, lists, strings, numbers,
 * booleans), collecting every problem with its path rather than stopping at the first, so that
 * whoever edits the data sees all that is wrong at once.
 */
public final class TreeReader {
    private final String what;
    private final List<String> problems = new ArrayList<>();

    /** @param what what is read, in French, to head the error ("menu", "règles de routage") */
    public TreeReader(String what) {
        this.what = what;
    }

    public Node root(Object tree) {
        Node root = new Node("(racine)", tree);
        if (!(tree instanceof Map)) {
            root.problem("un objet est attendu");
        }
        return root;
    }

    public void problem(String path, String message) {
        problems.add(path + " : " + message);
    }

    /** How many problems were found so far: a reader builds an item only when reading it found none. */
    public int problemCount() {
        return problems.size();
    }

    /** Throws with every problem found so far, if any. */
    public void throwIfProblems() {
        if (!problems.isEmpty()) {
            throw new InvalidTreeException(what, problems);
        }
    }

    /** A value in the tree and its path ("nodes[2].options[0].key"). Reading never throws. */
    public final class Node {
        private final String path;
        private final Object value;

        private Node(String path, Object value) {
            this.path = path;
            this.value = value;
        }

        public String path() {
            return path;
        }

        public boolean isPresent() {
            return value != null;
        }

        public void problem(String message) {
            TreeReader.this.problem(path, message);
        }

        public Node field(String name) {
            Object child = value instanceof Map<?, ?> map ? map.get(name) : null;
            return new Node(path.equals("(racine)") ? name : path + "." + name, child);
        }

        /** Reports the fields of this object that are not among those given (a typo, an unknown option). */
        public void allowOnly(Set<String> names) {
            if (value instanceof Map<?, ?> map) {
                map.keySet().stream().map(String::valueOf).filter(key -> !names.contains(key)).sorted()
                        .forEach(key -> field(key).problem("champ inconnu (attendus : " + String.join(", ", sorted(names)) + ")"));
            }
        }

        /** A required, non-blank string; "" when it is not one. */
        public String text() {
            if (value == null) {
                problem("champ obligatoire manquant");
            } else if (!(value instanceof String s)) {
                problem("texte attendu");
            } else if (s.isBlank()) {
                problem("ne doit pas être vide");
            } else {
                return s;
            }
            return "";
        }

        public Optional<String> optionalText() {
            return isPresent() ? Optional.of(text()) : Optional.empty();
        }

        /** A whole number within [min, max], the default when absent. */
        public int integer(int defaultValue, int min, int max) {
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Number n && n.doubleValue() == Math.rint(n.doubleValue())
                    && n.doubleValue() >= min && n.doubleValue() <= max) {
                return n.intValue();
            }
            problem("nombre entier entre " + min + " et " + max + " attendu");
            return defaultValue;
        }

        /** A number within [min, max] (required), or NaN after reporting the problem. */
        public double decimal(double min, double max) {
            if (value instanceof Number n && n.doubleValue() >= min && n.doubleValue() <= max) {
                return n.doubleValue();
            }
            problem(value == null ? "champ obligatoire manquant" : "nombre entre " + plain(min) + " et " + plain(max) + " attendu");
            return Double.NaN;
        }

        private static String plain(double bound) {
            return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
        }

        public boolean bool(boolean defaultValue) {
            if (value == null) {
                return defaultValue;
            }
            if (value instanceof Boolean b) {
                return b;
            }
            problem("true ou false attendu");
            return defaultValue;
        }

        /** A required, non-empty list. */
        public List<Node> list() {
            if (!(value instanceof List<?> items) || items.isEmpty()) {
                problem(value == null ? "champ obligatoire manquant" : "liste non vide attendue");
                return List.of();
            }
            return IntStream.range(0, items.size()).mapToObj(i -> new Node(path + "[" + i + "]", items.get(i))).toList();
        }

        /** An optional list: empty when absent, a problem when not a list. */
        public List<Node> optionalList() {
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof List<?> items)) {
                problem("liste attendue");
                return List.of();
            }
            return IntStream.range(0, items.size()).mapToObj(i -> new Node(path + "[" + i + "]", items.get(i))).toList();
        }

        /** An optional object's fields, in the document's order: empty when absent, a problem when not an object. */
        public Map<String, Node> entries() {
            if (value == null) {
                return Map.of();
            }
            if (!(value instanceof Map<?, ?> map)) {
                problem("objet attendu");
                return Map.of();
            }
            Map<String, Node> entries = new LinkedHashMap<>();
            map.keySet().forEach(key -> entries.put(String.valueOf(key), field(String.valueOf(key))));
            return entries;
        }

        /** The raw value (a map, list, string, number, boolean, or null), for a reader that hands a subtree on. */
        public Object value() {
            return value;
        }

        private static List<String> sorted(Set<String> names) {
            return names.stream().sorted().toList();
        }
    }
}
