package fr.accueil.local;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resolves the intrinsics of template.yaml's policies for the local stack, as CloudFormation would with
 * the parameters' defaults: {@code Ref}, {@code Fn::Sub}, {@code Fn::Split}, {@code Fn::GetAtt Table.Arn}, {@code Fn::If} on
 * the template's conditions. A table's ARN is built on its local name, in the local region and account,
 * the same way {@link IamEnforcement} names the table a request reaches.
 */
final class TemplateValues {
    static final String ACCOUNT = "000000000000";
    private static final Pattern SUB_VARIABLE = Pattern.compile("\\$\\{([^}!][^}]*)}");

    private final Map<String, String> parameters;
    private final Map<String, String> tableNames;
    private final Map<String, Object> conditions;
    private final String region;
    private final java.util.Set<String> kmsKeys;

    /**
     * @param parameters the parameters' values
     * @param tableNames each table's local name by logical id
     * @param conditions the template's Conditions section
     * @param kmsKeys    the logical ids of the template's KMS keys
     */
    TemplateValues(Map<String, String> parameters, Map<String, String> tableNames, Map<String, Object> conditions, String region,
            java.util.Set<String> kmsKeys) {
        this.kmsKeys = kmsKeys;
        this.parameters = parameters;
        this.tableNames = tableNames;
        this.conditions = conditions;
        this.region = region;
    }

    static String tableArn(String region, String table) {
        return "arn:aws:dynamodb:" + region + ":" + ACCOUNT + ":table/" + table;
    }

    /** A KMS key of the template, locally: its logical id as the key id. */
    static String kmsKeyArn(String region, String logicalId) {
        return "arn:aws:kms:" + region + ":" + ACCOUNT + ":key/" + logicalId;
    }

    /** The value with its intrinsics resolved; null for {@code AWS::NoValue}. */
    @SuppressWarnings("unchecked")
    Object resolve(Object value) {
        if (value instanceof List<?> list) {
            List<Object> resolved = new ArrayList<>();
            list.forEach(item -> {
                Object r = resolve(item);
                if (r != null) {
                    resolved.add(r);
                }
            });
            return resolved;
        }
        if (!(value instanceof Map<?, ?> map)) {
            return value;
        }
        if (map.size() == 1) {
            Map.Entry<String, Object> only = ((Map<String, Object>) map).entrySet().iterator().next();
            switch (only.getKey()) {
                case "Ref" -> {
                    return ref((String) only.getValue());
                }
                case "Fn::GetAtt" -> {
                    return getAtt((List<String>) only.getValue());
                }
                case "Fn::Sub" -> {
                    return sub(only.getValue());
                }
                case "Fn::Split" -> {
                    List<Object> arguments = (List<Object>) only.getValue();
                    return List.of(String.valueOf(resolve(arguments.get(1))).split(java.util.regex.Pattern.quote((String) arguments.get(0)), -1));
                }
                case "Fn::If" -> {
                    List<Object> branches = (List<Object>) only.getValue();
                    return resolve(condition((String) branches.get(0)) ? branches.get(1) : branches.get(2));
                }
                default -> {
                    if (only.getKey().startsWith("Fn::")) {
                        throw new IllegalArgumentException("template.yaml: " + only.getKey() + " is not resolved locally in a policy");
                    }
                }
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        ((Map<String, Object>) map).forEach((k, v) -> {
            Object r = resolve(v);
            if (r != null) {
                resolved.put(k, r);
            }
        });
        return resolved;
    }

    private Object ref(String name) {
        return switch (name) {
            case "AWS::NoValue" -> null;
            case "AWS::Region" -> region;
            case "AWS::AccountId" -> ACCOUNT;
            case "AWS::Partition" -> "aws";
            case "AWS::URLSuffix" -> "amazonaws.com";
            default -> {
                if (tableNames.containsKey(name)) {
                    yield tableNames.get(name);
                }
                if (!parameters.containsKey(name)) {
                    throw new IllegalArgumentException("template.yaml: Ref " + name + " has no local value in a policy");
                }
                yield parameters.get(name);
            }
        };
    }

    private String getAtt(List<String> target) {
        if (target.size() == 2 && "Arn".equals(target.get(1)) && tableNames.containsKey(target.get(0))) {
            return tableArn(region, tableNames.get(target.get(0)));
        }
        if (target.size() == 2 && "Arn".equals(target.get(1)) && kmsKeys.contains(target.get(0))) {
            return kmsKeyArn(region, target.get(0));
        }
        throw new IllegalArgumentException("template.yaml: GetAtt " + String.join(".", target) + " has no local value in a policy");
    }

    @SuppressWarnings("unchecked")
    private String sub(Object argument) {
        String text;
        Map<String, Object> variables = Map.of();
        if (argument instanceof List<?> list) {
            text = (String) list.get(0);
            variables = (Map<String, Object>) list.get(1);
        } else {
            text = (String) argument;
        }
        Matcher m = SUB_VARIABLE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group(1);
            Object value = variables.containsKey(name) ? resolve(variables.get(name))
                    : name.contains(".") ? getAtt(List.of(name.split("\\.", 2))) : ref(name);
            m.appendReplacement(out, Matcher.quoteReplacement(String.valueOf(value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    @SuppressWarnings("unchecked")
    boolean condition(String name) {
        if (!conditions.containsKey(name)) {
            throw new IllegalArgumentException("template.yaml: no condition " + name);
        }
        return truth(conditions.get(name));
    }

    @SuppressWarnings("unchecked")
    private boolean truth(Object expression) {
        Map.Entry<String, Object> fn = ((Map<String, Object>) expression).entrySet().iterator().next();
        List<Object> args = fn.getValue() instanceof List<?> l ? (List<Object>) l : List.of(fn.getValue());
        return switch (fn.getKey()) {
            case "Condition" -> condition((String) fn.getValue());
            case "Fn::Not" -> !truth(args.get(0));
            case "Fn::And" -> args.stream().allMatch(this::truth);
            case "Fn::Or" -> args.stream().anyMatch(this::truth);
            case "Fn::Equals" -> String.valueOf(resolve(args.get(0))).equals(String.valueOf(resolve(args.get(1))));
            default -> throw new IllegalArgumentException("template.yaml: condition function " + fn.getKey() + " is not evaluated locally");
        };
    }
}
