package fr.accueil.connect;

import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.GetParametersByPathRequest;
import software.amazon.awssdk.services.ssm.model.Parameter;

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
    /** Read at start-up, not while a caller waits; bounded all the same, a stuck read fails the start. */
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(5);

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
                .map(path -> fromParameters(AwsClients.configure(SsmClient.builder(), "SSM")
                        .overrideConfiguration(o -> o.apiCallTimeout(READ_TIMEOUT)).build(), path))
                .orElseGet(() -> new ConnectQueues(Map.of(), ""));
    }

    /** The queues of the parameters under the path, read now and again at each {@link #reload()}. */
    public static ConnectQueues fromParameters(SsmClient ssm, String path) {
        return new ConnectQueues(() -> read(ssm, path));
    }

    /**
     * Every parameter under the path, in name order, a later one's pair winning over an earlier one's
     * for the same key (".../given" before ".../stack/01": a queue the stack created wins).
     */
    private static Arns read(SsmClient ssm, String path) {
        GetParametersByPathRequest request = GetParametersByPathRequest.builder()
                .path(path).recursive(true).maxResults(PAGE).build();
        Map<String, String> pairs = new LinkedHashMap<>();
        ssm.getParametersByPathPaginator(request).stream().flatMap(page -> page.parameters().stream())
                .sorted(Comparator.comparing(Parameter::name))
                .forEach(parameter -> pairs.putAll(Environment.pairsOf(parameter.value())));
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
