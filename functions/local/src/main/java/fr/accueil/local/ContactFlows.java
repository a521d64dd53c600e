package fr.accueil.local;

import fr.accueil.embedded.Template;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The contact flows as Amazon Connect would hold them once deployed: each file of flows/ that an
 * AWS::Connect::ContactFlow of template.yaml deploys (its {@code # Content:} marker), with its
 * {@code ${Name}} placeholders filled from that resource's {@code Fn::Sub} variables, resolved to
 * local ARNs: a function's alias to the function of the template, another flow's ContactFlowArn
 * to that flow, a parameter to its local value. Every flow is checked on load by
 * {@link FlowInterpreter#check}; any problem is reported, all at once.
 */
final class ContactFlows {
    /** The flow the territory's number is claimed to (the EntryFlowArn output). */
    static final String ENTRY_FILE = "flows/entry.json";
    /** The flow automatic callbacks are placed with (the dispatcher's OUTBOUND_CONTACT_FLOW_ID). */
    static final String OUTBOUND_FILE = "flows/outbound-callback.json";
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([^}]*)}");

    /**
     * A deployed flow: its resource, its source file, its local ARN, its actions by identifier, its flow type
     * (the resource's Type: CONTACT_FLOW, CUSTOMER_QUEUE…).
     */
    record Flow(String resourceId, String file, String arn, String startAction, Map<String, Map<String, Object>> actions,
                String type) {
        Map<String, Object> action(String id) {
            return actions.get(id);
        }
    }

    /** Flows that would not run: every problem, each naming its flow and action. */
    static final class InvalidFlowsException extends Exception {
        private final List<String> problems;

        InvalidFlowsException(List<String> problems) {
            super("Contact flows invalid:\n- " + String.join("\n- ", problems));
            this.problems = List.copyOf(problems);
        }

        List<String> problems() {
            return problems;
        }
    }

    private final Map<String, Flow> byArn;
    private final Map<String, String> functionsByArn;
    private final Flow entry;

    private ContactFlows(Map<String, Flow> byArn, Map<String, String> functionsByArn, Flow entry) {
        this.byArn = byArn;
        this.functionsByArn = functionsByArn;
        this.entry = entry;
    }

    /**
     * @param templateText the template's text (for the Content markers)
     * @param readFile     a flow's text by its path in the repository ("flows/entry.json")
     * @param parameters   the template parameters' local values
     */
    static ContactFlows load(String templateText, Template template, Function<String, String> readFile,
                             Functions functions, Map<String, String> parameters) throws InvalidFlowsException {
        List<String> problems = new ArrayList<>();
        Map<String, String> files = FlowSync.filesByResource(templateText);
        Map<String, Map<String, Object>> resources = template.resources("AWS::Connect::ContactFlow");
        Map<String, String> functionsByArn = new LinkedHashMap<>();
        functions.all().forEach(f -> functionsByArn.put(LocalConnect.functionArn(f.logicalId()), f.logicalId()));

        Map<String, Flow> byArn = new LinkedHashMap<>();
        Flow entry = null;
        for (Map.Entry<String, Map<String, Object>> resource : resources.entrySet()) {
            String id = resource.getKey();
            String file = files.get(id);
            if (file == null) {
                problems.add(id + ": no « # Content: flows/… » marker above its Content");
                continue;
            }
            Map<String, String> variables = variables(id, resource.getValue(), resources, files, functions, parameters, problems);
            String text;
            try {
                text = readFile.apply(file);
            } catch (RuntimeException e) {
                problems.add(file + ": cannot be read (" + e.getMessage() + ")");
                continue;
            }
            Map<String, Object> json;
            try {
                json = Json.readObject(substitute(file, text, variables, problems));
            } catch (IOException | RuntimeException e) {
                problems.add(file + ": not a JSON object (" + e.getMessage() + ")");
                continue;
            }
            Object type = resource.getValue().get("Type");
            if (!(type instanceof String)) {
                problems.add(id + ": no Type (CONTACT_FLOW, CUSTOMER_QUEUE…)");
            }
            Flow flow = flow(id, file, json, String.valueOf(type), problems);
            if (flow != null) {
                byArn.put(flow.arn(), flow);
                if (ENTRY_FILE.equals(file)) {
                    entry = flow;
                }
            }
        }
        if (entry == null) {
            problems.add(ENTRY_FILE + ": no AWS::Connect::ContactFlow of template.yaml deploys it");
        }
        ContactFlows flows = new ContactFlows(byArn, functionsByArn, entry);
        byArn.values().forEach(flow -> FlowInterpreter.check(flow, flows, problems));
        if (!problems.isEmpty()) {
            throw new InvalidFlowsException(problems);
        }
        return flows;
    }

    Flow entry() {
        return entry;
    }

    List<Flow> all() {
        return List.copyOf(byArn.values());
    }

    Optional<Flow> byArn(String arn) {
        return Optional.ofNullable(byArn.get(arn));
    }

    /** A flow by its id (the last part of its ARN, as StartOutboundVoiceContact takes it) or its ARN. */
    Optional<Flow> byId(String id) {
        return id == null || id.isBlank() ? Optional.empty() : byArn(id).or(() -> byArn(LocalConnect.flowArn(id)));
    }

    /**
     * The local id of the flow deployed from {@code file} (its resource's logical id: locally a flow's
     * ARN ends with it), read from the template's {@code # Content:} markers.
     */
    static Optional<String> idOf(String templateText, String file) {
        return FlowSync.filesByResource(templateText).entrySet().stream()
                .filter(e -> e.getValue().equals(file)).map(Map.Entry::getKey).findFirst();
    }

    /** The logical id of the template function a Lambda ARN names. */
    Optional<String> function(String arn) {
        return Optional.ofNullable(functionsByArn.get(arn));
    }

    /** The values of a flow resource's Fn::Sub variables, as local ARNs. */
    @SuppressWarnings("unchecked")
    private static Map<String, String> variables(String id, Map<String, Object> properties,
                                                 Map<String, Map<String, Object>> resources, Map<String, String> files,
                                                 Functions functions, Map<String, String> parameters, List<String> problems) {
        Map<String, String> values = new LinkedHashMap<>();
        Object content = properties.get("Content");
        if (!(content instanceof Map<?, ?> c) || !(c.get("Fn::Sub") instanceof List<?> sub) || sub.size() != 2
                || !(sub.get(1) instanceof Map<?, ?> vars)) {
            problems.add(id + ": Content is not « !Sub [flow, variables] »");
            return values;
        }
        ((Map<String, Object>) vars).forEach((name, value) -> {
            String resolved = resolve(value, resources, files, functions, parameters);
            if (resolved == null) {
                problems.add(id + ": the variable " + name + " = " + value + " has no local value");
            } else {
                values.put(name, resolved);
            }
        });
        return values;
    }

    private static String resolve(Object value, Map<String, Map<String, Object>> resources, Map<String, String> files,
                                  Functions functions, Map<String, String> parameters) {
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Ref") instanceof String ref) {
            String target = ref.endsWith(".Alias") ? ref.substring(0, ref.length() - ".Alias".length()) : ref;
            if (functions.get(target).isPresent()) {
                return LocalConnect.functionArn(target);
            }
            String parameter = parameters.get(ref);
            return parameter == null || parameter.isBlank() ? null : parameter;
        }
        // The conditions of a flow's variables are the Connect set-up's (CreatesQueues): false with no instance.
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::If") instanceof List<?> branches && branches.size() == 3) {
            return resolve(branches.get(2), resources, files, functions, parameters);
        }
        if (value instanceof Map<?, ?> intrinsic && intrinsic.get("Fn::GetAtt") instanceof List<?> att && att.size() == 2
                && "ContactFlowArn".equals(att.get(1)) && resources.containsKey(String.valueOf(att.get(0)))
                && files.containsKey(String.valueOf(att.get(0)))) {
            return LocalConnect.flowArn(String.valueOf(att.get(0)));
        }
        return value instanceof String text && !text.isBlank() ? text : null;
    }

    /** Fn::Sub on the file: every ${Name} must be a variable of the resource. */
    private static String substitute(String file, String text, Map<String, String> variables, List<String> problems) {
        Matcher placeholders = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (placeholders.find()) {
            String value = variables.get(placeholders.group(1));
            if (value == null) {
                problems.add(file + ": the placeholder ${" + placeholders.group(1) + "} is not a variable of its Fn::Sub");
                value = "";
            }
            placeholders.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        placeholders.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    private static Flow flow(String id, String file, Map<String, Object> json, String type, List<String> problems) {
        if (!"2019-10-30".equals(json.get("Version"))) {
            problems.add(file + ": Version « 2019-10-30 » expected");
        }
        if (!(json.get("Actions") instanceof List<?> list) || list.isEmpty()) {
            problems.add(file + ": no Actions");
            return null;
        }
        Map<String, Map<String, Object>> actions = new LinkedHashMap<>();
        for (Object item : list) {
            if (!(item instanceof Map<?, ?> action) || !(action.get("Identifier") instanceof String identifier)) {
                problems.add(file + ": an action without Identifier");
                continue;
            }
            if (actions.put(identifier, (Map<String, Object>) action) != null) {
                problems.add(file + ": the action " + identifier + " is defined twice");
            }
        }
        String start = json.get("StartAction") instanceof String s ? s : null;
        if (start == null || !actions.containsKey(start)) {
            problems.add(file + ": StartAction « " + start + " » is not an action of the flow");
        }
        return new Flow(id, file, LocalConnect.flowArn(id), start, actions, type);
    }
}
