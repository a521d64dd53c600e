package fr.accueil.local;

import fr.accueil.embedded.LocalClients;
import fr.accueil.embedded.Template;
import fr.accueil.embedded.TemplateTables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The functions template.yaml declares, with their environment resolved for the local stack:
 * {@code !Ref} of a table gives its local name, of a parameter its default; their roles' policies likewise.
 */
final class Functions {
    private final Map<String, FunctionSpec> byLogicalId;

    private Functions(Map<String, FunctionSpec> byLogicalId) {
        this.byLogicalId = byLogicalId;
    }

    static Functions from(Template template, Map<String, String> tableNames) {
        Map<String, String> refs = new LinkedHashMap<>(template.parameterDefaults());
        refs.putAll(tableNames);
        Map<String, String> globalEnvironment = environment(template.global("Function", "Environment"), refs);
        String globalHandler = (String) template.global("Function", "Handler");
        Object globalSnapStart = template.global("Function", "SnapStart");
        // A role names its tables by ARN: each table of the template, under the name given or its own.
        Map<String, String> tables = new LinkedHashMap<>(TemplateTables.names(template));
        tables.putAll(tableNames);
        TemplateValues values = new TemplateValues(template.parameterDefaults(), tables, template.conditions(),
                LocalClients.REGION.id(), template.resources("AWS::KMS::Key").keySet());
        Map<String, FunctionSpec> functions = new LinkedHashMap<>();
        template.resources("AWS::Serverless::Function").forEach((id, properties) -> {
            Map<String, String> env = new LinkedHashMap<>(globalEnvironment);
            env.putAll(environment(properties.get("Environment"), refs));
            String handler = (String) properties.getOrDefault("Handler", globalHandler);
            boolean snapStart = snapStart(properties.getOrDefault("SnapStart", globalSnapStart));
            IamPolicy policy = IamPolicy.of(id, properties.get("Policies"), values::resolve);
            functions.put(id, new FunctionSpec(id, handler, env, routes(properties.get("Events")), snapStart, policy));
        });
        return new Functions(functions);
    }

    Optional<FunctionSpec> get(String name) {
        return Optional.ofNullable(byLogicalId.get(name));
    }

    List<FunctionSpec> all() {
        return List.copyOf(byLogicalId.values());
    }

    /** {@code ApplyOn: PublishedVersions}; {@code None} or no setting is no SnapStart. */
    private static boolean snapStart(Object setting) {
        return setting instanceof Map<?, ?> snapStart && "PublishedVersions".equals(snapStart.get("ApplyOn"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> environment(Object environment, Map<String, String> refs) {
        Map<String, String> resolved = new LinkedHashMap<>();
        if (environment instanceof Map<?, ?> env && env.get("Variables") instanceof Map<?, ?> variables) {
            ((Map<String, Object>) variables).forEach((name, value) -> resolved.put(name, resolve(value, refs)));
        }
        return resolved;
    }

    /**
     * Plain values, {@code Ref}s and {@code Fn::Sub} of a text resolve; other intrinsics (ARNs of AWS
     * resources) have no local value.
     */
    static String resolve(Object value, Map<String, String> refs) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") instanceof String ref) {
            return refs.getOrDefault(ref, "");
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::Sub") instanceof String text) {
            java.util.regex.Matcher names = java.util.regex.Pattern.compile("\\$\\{([A-Za-z0-9:]+)}").matcher(text);
            return names.replaceAll(name -> java.util.regex.Matcher.quoteReplacement(refs.getOrDefault(name.group(1), "")));
        }
        return value instanceof Map ? "" : String.valueOf(value);
    }

    @SuppressWarnings("unchecked")
    private static List<FunctionSpec.Route> routes(Object events) {
        List<FunctionSpec.Route> routes = new ArrayList<>();
        if (events instanceof Map<?, ?> map) {
            ((Map<String, Object>) map).values().forEach(event -> {
                Map<String, Object> e = (Map<String, Object>) event;
                if ("HttpApi".equals(e.get("Type")) && e.get("Properties") instanceof Map<?, ?> p) {
                    String authorizer = p.get("Auth") instanceof Map<?, ?> auth && auth.get("Authorizer") instanceof String name
                            && !"NONE".equals(name) ? name : null;
                    routes.add(new FunctionSpec.Route(String.valueOf(p.get("Method")).toUpperCase(), (String) p.get("Path"), authorizer));
                }
            });
        }
        return routes;
    }
}
