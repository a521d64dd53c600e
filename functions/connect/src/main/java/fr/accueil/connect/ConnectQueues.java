package fr.accueil.connect;

import fr.accueil.storage.Environment;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The territory's Amazon Connect queues by queue key ("retraite", "site-metz-borny"): the menu,
 * themes and sites name keys, the contact flow needs ARNs. A key with no queue of its own is
 * taken by the general queue (key {@value #GENERAL}), the safe route.
 *
 * <p>Configuration: the Parameter Store parameters under {@code CONNECT_QUEUES_PATH}, each holding
 * {@code key=arn} pairs (template.yaml's QueueParameters and QueueParameter01…20), read once per
 * container and again by {@link #reload()} (after a SnapStart restore). Not in the environment: a
 * function's variables hold 4 KB in all, about eleven queue ARNs (Lambda quotas, "Function
 * configuration, deployment, and execution").
 */
public final class ConnectQueues {
    /** The key of the general queue. */
    public static final String GENERAL = "general";
    /** Parameter Store gives at most 10 parameters a page (GetParametersByPath, MaxResults). */
    static final int PAGE = 10;
    /**
     * Read at start-up, not while a caller waits; bounded all the same, a stuck read fails the start. Each page
     * in 2 s, tried again (the SDK's standard 3 attempts) while the 5 s last.
     */
    private static final AwsJsonClient.Bounds READ_BOUNDS = new AwsJsonClient.Bounds(Duration.ofSeconds(2), Duration.ofSeconds(5), 3);

    private record Arns(Map<String, String> byKey, String general) {
    }

    private final Supplier<Arns> source;
    private volatile Arns arns;

    public ConnectQueues(Map<String, String> arnsByKey, String generalArn) {
        Arns fixed = new Arns(Map.copyOf(arnsByKey), generalArn == null ? "" : generalArn);
        this.source = () -> fixed;
        this.arns = fixed;
    }

    private ConnectQueues(Supplier<Arns> source) {
        this.source = source;
        this.arns = source.get();
    }

    /** The queues under {@code CONNECT_QUEUES_PATH}; none when it is not set. */
    public static ConnectQueues fromEnvironment() {
        return Environment.optional("CONNECT_QUEUES_PATH")
                .map(path -> fromParameters(AwsJsonClient.fromEnvironment(AwsJsonClient.Service.SSM, READ_BOUNDS), path))
                .orElseGet(() -> new ConnectQueues(Map.of(), ""));
    }

    /** The queues of the parameters under the path, read now and again at each {@link #reload()}. */
    public static ConnectQueues fromParameters(AwsJsonClient ssm, String path) {
        return new ConnectQueues(() -> read(ssm, path));
    }

    /**
     * Every parameter under the path, in name order, a later one's pair winning over an earlier one's
     * for the same key (".../given" before ".../stack/01": a queue the stack created wins).
     */
    private static Arns read(AwsJsonClient ssm, String path) {
        Map<String, String> valueByName = new TreeMap<>();
        for (Object token = null; ; ) {
            Map<String, Object> request = new LinkedHashMap<>(Map.of("Path", path, "Recursive", true, "MaxResults", PAGE));
            if (token != null) {
                request.put("NextToken", token);
            }
            // GetParametersByPath (SSM API Reference): a page of parameters, and a NextToken while more remain.
            Map<String, Object> page = ssm.call("GetParametersByPath", "POST", "/", request);
            if (page.get("Parameters") instanceof List<?> parameters) {
                for (Object parameter : parameters) {
                    if (parameter instanceof Map<?, ?> p && p.get("Name") != null && p.get("Value") != null) {
                        valueByName.put(p.get("Name").toString(), p.get("Value").toString());
                    }
                }
            }
            token = page.get("NextToken");
            if (token == null) {
                break;
            }
        }
        Map<String, String> pairs = new LinkedHashMap<>();
        valueByName.values().forEach(value -> pairs.putAll(Environment.pairsOf(value)));
        String general = Optional.ofNullable(pairs.remove(GENERAL)).orElse("");
        pairs.values().removeIf(String::isBlank);
        return new Arns(Map.copyOf(pairs), general);
    }

    /** Reads the configuration again (a restored snapshot may be older than the last deployment). */
    public void reload() {
        arns = source.get();
    }

    public Map<String, String> arnsByKey() {
        return arns.byKey();
    }

    public String generalArn() {
        return arns.general();
    }

    /** The queue's ARN, else the general queue's; empty when neither is configured. */
    public Optional<String> arn(String queueKey) {
        Arns current = arns;
        String arn = queueKey == null ? null : current.byKey().get(queueKey);
        return Optional.ofNullable(arn).filter(a -> !a.isBlank())
                .or(() -> Optional.of(current.general()).filter(a -> !a.isBlank()));
    }
}
