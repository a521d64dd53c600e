package fr.accueil.embedded;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.AbstractConstruct;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * template.yaml read as data: the one place tables, functions and routes are declared.
 * CloudFormation short forms ({@code !Ref X}, {@code !GetAtt A.B}, {@code !Sub …}) become their
 * long forms ({@code {Ref: X}}, {@code {Fn::GetAtt: [A, B]}}, …).
 */
public final class Template {
    private final Map<String, Object> root;

    private Template(Map<String, Object> root) {
        this.root = root;
    }

    public static Template read(Path file) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return new Template(load(reader));
        }
    }

    public static Template read(InputStream in) {
        return new Template(load(new java.io.InputStreamReader(in, StandardCharsets.UTF_8)));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> load(Reader reader) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        Yaml yaml = new Yaml(new CloudFormationConstructor(options));
        Object doc = yaml.load(reader);
        if (!(doc instanceof Map)) {
            throw new IllegalArgumentException("template.yaml is not a mapping");
        }
        return (Map<String, Object>) doc;
    }

    /** The resources of a type, by logical id, in template order. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> found = new LinkedHashMap<>();
        Map<String, Object> resources = (Map<String, Object>) root.getOrDefault("Resources", Map.of());
        resources.forEach((id, value) -> {
            Map<String, Object> resource = (Map<String, Object>) value;
            if (type.equals(resource.get("Type"))) {
                found.put(id, (Map<String, Object>) resource.getOrDefault("Properties", Map.of()));
            }
        });
        return found;
    }

    /** The Condition a resource is created under, if any. */
    @SuppressWarnings("unchecked")
    public java.util.Optional<String> condition(String logicalId) {
        Map<String, Object> resources = (Map<String, Object>) root.getOrDefault("Resources", Map.of());
        return java.util.Optional.ofNullable((Map<String, Object>) resources.get(logicalId))
                .map(resource -> resource.get("Condition")).map(String.class::cast);
    }

    /** The stack's outputs by name: each one's Value (and Condition), as declared. */
    @SuppressWarnings("unchecked")
    public Map<String, Map<String, Object>> outputs() {
        Map<String, Map<String, Object>> outputs = new LinkedHashMap<>();
        ((Map<String, Object>) root.getOrDefault("Outputs", Map.of()))
                .forEach((name, value) -> outputs.put(name, (Map<String, Object>) value));
        return outputs;
    }

    /** A value under Globals, e.g. {@code global("Function", "Environment")}. */
    @SuppressWarnings("unchecked")
    public Object global(String... path) {
        Object node = root.get("Globals");
        for (String key : path) {
            if (!(node instanceof Map)) {
                return null;
            }
            node = ((Map<String, Object>) node).get(key);
        }
        return node;
    }

    /** A parameter's declaration (Type, Default, AllowedPattern…), empty when the template has none of that name. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> parameter(String name) {
        Map<String, Object> parameters = (Map<String, Object>) root.getOrDefault("Parameters", Map.of());
        return (Map<String, Object>) parameters.getOrDefault(name, Map.of());
    }

    /** The Conditions section: each condition's expression by name. */
    @SuppressWarnings("unchecked")
    public Map<String, Object> conditions() {
        return (Map<String, Object>) root.getOrDefault("Conditions", Map.of());
    }

    /** The default value of each template parameter. */
    @SuppressWarnings("unchecked")
    public Map<String, String> parameterDefaults() {
        Map<String, String> defaults = new LinkedHashMap<>();
        Map<String, Object> parameters = (Map<String, Object>) root.getOrDefault("Parameters", Map.of());
        parameters.forEach((name, value) -> {
            Object def = ((Map<String, Object>) value).get("Default");
            if (def != null) {
                defaults.put(name, String.valueOf(def));
            }
        });
        return defaults;
    }

    /** Turns each CloudFormation intrinsic tag into the long form CloudFormation itself uses. */
    private static final class CloudFormationConstructor extends SafeConstructor {
        CloudFormationConstructor(LoaderOptions options) {
            super(options);
            for (String fn : List.of("Ref", "Condition")) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic(fn));
            }
            for (String fn : List.of("Sub", "GetAtt", "Join", "Select", "Split", "If", "Not", "Equals", "And",
                    "Or", "FindInMap", "Base64", "Cidr", "ImportValue", "GetAZs", "Transform", "Contains")) {
                yamlConstructors.put(new Tag("!" + fn), new Intrinsic("Fn::" + fn));
            }
        }

        private final class Intrinsic extends AbstractConstruct {
            private final String name;

            Intrinsic(String name) {
                this.name = name;
            }

            @Override
            public Object construct(Node node) {
                Object value;
                if (node instanceof ScalarNode scalar) {
                    String text = constructScalar(scalar);
                    value = name.equals("Fn::GetAtt") ? new ArrayList<>(List.of(text.split("\\.", 2))) : text;
                } else if (node instanceof SequenceNode sequence) {
                    value = constructSequence(sequence);
                } else {
                    value = constructMapping((MappingNode) node);
                }
                return Map.of(name, value);
            }
        }
    }
}
