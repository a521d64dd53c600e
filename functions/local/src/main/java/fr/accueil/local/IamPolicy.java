package fr.accueil.local;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * A function's role as template.yaml writes it in {@code Policies:}, evaluated as IAM does: a request
 * is allowed when a statement allows it and none denies it; anything no statement allows is denied
 * (IAM User Guide, "Policy evaluation logic": an implicit deny by default, an explicit deny wins).
 * Actions match case-insensitively, resources case-sensitively, both with the {@code *} and {@code ?}
 * wildcards (IAM JSON policy reference: Action, Resource and NotResource elements).
 *
 * <p>Only explicit {@code Statement}s are read: a SAM policy template ({@code DynamoDBCrudPolicy}…) or a
 * managed policy grants more than any function here calls, so the template is refused with one.
 */
record IamPolicy(List<Statement> statements) {
    static final IamPolicy NONE = new IamPolicy(List.of());
    /** Each pattern compiled once: every SDK request of an invocation is checked. */
    private static final Map<String, Pattern> PATTERNS = new ConcurrentHashMap<>();

    /** A statement with its resources resolved to ARNs; {@code notResource} when it names the excluded ones. */
    record Statement(boolean allow, List<String> actions, List<String> resources, boolean notResource) {
        boolean applies(String action, String resource) {
            return actions.stream().anyMatch(a -> glob(a.toLowerCase(Locale.ROOT)).matcher(action.toLowerCase(Locale.ROOT)).matches())
                    && notResource != resources.stream().anyMatch(r -> glob(r).matcher(resource).matches());
        }
    }

    /** One action on one resource, as a request needs it. */
    record Grant(String action, String resource) {
        @Override
        public String toString() {
            return action + " on " + resource;
        }
    }

    boolean allows(Grant request) {
        boolean allowed = false;
        for (Statement statement : statements) {
            if (statement.applies(request.action(), request.resource())) {
                if (!statement.allow()) {
                    return false;
                }
                allowed = true;
            }
        }
        return allowed;
    }

    /**
     * Each action on each resource the Allow statements name that none of the requests made used: what the
     * role grants beyond the code. A {@code NotResource} statement counts as one grant per action.
     */
    List<Grant> unused(Collection<Grant> requests) {
        List<Grant> unused = new ArrayList<>();
        statements.stream().filter(Statement::allow).forEach(s -> s.actions().forEach(action -> {
            List<List<String>> grants = s.notResource() ? List.of(s.resources()) : s.resources().stream().map(List::of).toList();
            for (List<String> resources : grants) {
                Statement one = new Statement(true, List.of(action), resources, s.notResource());
                if (requests.stream().noneMatch(r -> one.applies(r.action(), r.resource()))) {
                    unused.add(new Grant(action, s.notResource() ? "NotResource " + resources : resources.get(0)));
                }
            }
        }));
        return unused;
    }

    /**
     * The policy of one function's {@code Policies:} list.
     *
     * @param resolve turns a value that may hold intrinsics ({@code Fn::If}, {@code Fn::Sub}, {@code Fn::GetAtt})
     *                into plain data, {@code null} for {@code AWS::NoValue}
     */
    @SuppressWarnings("unchecked")
    static IamPolicy of(String function, Object policies, Function<Object, Object> resolve) {
        List<Statement> statements = new ArrayList<>();
        if (policies == null) {
            return NONE;
        }
        if (!(policies instanceof List<?> list)) {
            throw refused(function, "Policies is not a list");
        }
        for (Object entry : list) {
            Object policy = resolve.apply(entry);
            if (policy == null) {
                continue;
            }
            if (!(policy instanceof Map<?, ?> map) || !(map.get("Statement") instanceof List<?> written) || map.size() != 1) {
                throw refused(function, "only explicit Statement lists are allowed, found " + policy);
            }
            for (Object s : written) {
                statements.add(statement(function, (Map<String, Object>) resolve.apply(s), resolve));
            }
        }
        return new IamPolicy(List.copyOf(statements));
    }

    private static Statement statement(String function, Map<String, Object> s, Function<Object, Object> resolve) {
        for (String key : s.keySet()) {
            if (!List.of("Sid", "Effect", "Action", "Resource", "NotResource").contains(key)) {
                throw refused(function, "the local IAM model does not evaluate " + key + " in " + s);
            }
        }
        boolean notResource = s.containsKey("NotResource");
        List<String> resources = strings(resolve.apply(notResource ? s.get("NotResource") : s.get("Resource")));
        List<String> actions = strings(resolve.apply(s.get("Action")));
        if (actions.isEmpty() || resources.isEmpty() || (notResource && s.containsKey("Resource"))) {
            throw refused(function, "a statement needs Action and either Resource or NotResource: " + s);
        }
        return new Statement(!"Deny".equals(s.get("Effect")), actions, resources, notResource);
    }

    private static List<String> strings(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(String::valueOf).toList();
        }
        return value == null ? List.of() : List.of(String.valueOf(value));
    }

    private static IllegalArgumentException refused(String function, String why) {
        return new IllegalArgumentException("template.yaml, " + function + " Policies: " + why);
    }

    private static Pattern glob(String pattern) {
        return PATTERNS.computeIfAbsent(pattern, IamPolicy::compile);
    }

    private static Pattern compile(String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
    }
}
