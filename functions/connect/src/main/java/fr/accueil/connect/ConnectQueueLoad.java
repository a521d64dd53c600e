package fr.accueil.connect;

import fr.accueil.domain.routing.LiveQueues;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.QueueStaffing;
import fr.accueil.storage.ShortLivedCache;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import software.amazon.awssdk.utils.http.SdkHttpUtils;
/**
 * The load of a queue from Amazon Connect's GetCurrentMetricData: callers waiting and the age of
 * the oldest. The API allows 5 requests a second per account, shared by every container, so a
 * queue's answer is kept a few seconds; a failed request (throttled, Connect unavailable, too slow) is
 * kept as "unknown" for as long, and the caller is then transferred rather than kept waiting. The failure
 * is logged as a warning with its type: callers are not the worse for it, but an operator should know.
 *
 * <p>The dispatcher reads the staffing of all its queues at once ({@link #staffing}): one request grouped by
 * queue for up to 100 queues (the API's filter limit), a page a second beyond, so that a run leaves most of
 * the account's 5 requests a second to the voice functions' load checks. A page that fails leaves its
 * queues unknown, and the dispatcher dials no one for them: never blind.
 */
public final class ConnectQueueLoad implements LiveQueues {
    static final Duration KEPT_FOR = Duration.ofSeconds(5);
    /** GetCurrentMetricData filters on 100 queues at most (Filters.Queues). */
    static final int QUEUES_PER_REQUEST = 100;
    static final Duration BETWEEN_PAGES = Duration.ofSeconds(1);
    /** No caller waits on the dispatcher's read: it may take longer than a load check (the client's bound). */
    static final Duration STAFFING_TIMEOUT = Duration.ofSeconds(3);
    private static final Map<String, Object> AGENTS_AVAILABLE = Map.of("Name", "AGENTS_AVAILABLE", "Unit", "COUNT");
    private static final Map<String, Object> CONTACTS_IN_QUEUE = Map.of("Name", "CONTACTS_IN_QUEUE", "Unit", "COUNT");
    private static final Map<String, Object> OLDEST_CONTACT_AGE = Map.of("Name", "OLDEST_CONTACT_AGE", "Unit", "SECONDS");

    private final AwsJsonClient connect;
    private final String instanceId;
    private final ConnectQueues queues;
    private final BiConsumer<String, Map<String, String>> warn;
    private final ShortLivedCache<String, Optional<QueueMetrics>> recent = new ShortLivedCache<>(KEPT_FOR);

    /**
     * @param instanceId the Connect instance's id, or its ARN (the id is its last segment)
     * @param warn       where a failed request is told (the functions' JSON log): an event name and its fields
     */
    public ConnectQueueLoad(AwsJsonClient connect, String instanceId, ConnectQueues queues, BiConsumer<String, Map<String, String>> warn) {
        this.connect = connect;
        this.instanceId = instanceId.substring(instanceId.lastIndexOf('/') + 1);
        this.queues = queues;
        this.warn = warn;
    }

    @Override
    public Optional<QueueMetrics> current(String queue) {
        return queues.arn(queue).flatMap(arn -> recent.get(arn, this::fetch));
    }

    private Optional<QueueMetrics> fetch(String queueArn) {
        try {
            Map<String, Object> response = metrics(connect, List.of(queueArn), List.of(CONTACTS_IN_QUEUE, OLDEST_CONTACT_AGE), Map.of());
            // No result at all means no contact of this queue right now: an empty queue.
            double waiting = 0;
            double oldestSeconds = 0;
            for (Map<String, Object> result : list(response.get("MetricResults"))) {
                for (Map<String, Object> data : list(result.get("Collections"))) {
                    double value = data.get("Value") instanceof Number n ? n.doubleValue() : 0;
                    String name = String.valueOf(map(data.get("Metric")).get("Name"));
                    if (name.equals("CONTACTS_IN_QUEUE")) {
                        waiting += value;
                    } else if (name.equals("OLDEST_CONTACT_AGE")) {
                        oldestSeconds = Math.max(oldestSeconds, value);
                    }
                }
            }
            return Optional.of(new QueueMetrics((int) waiting, Duration.ofSeconds((long) oldestSeconds)));
        } catch (RuntimeException e) {
            // The error's type and code only: a message may quote the request; the queue ARN names no person.
            warn.accept("connect.queue-load.unknown", Map.of("queueArn", queueArn, "error", errorType(e),
                    "consequence", "callers are transferred without a load check"));
            return Optional.empty();
        }
    }

    @Override
    public Map<String, QueueStaffing> staffing(Set<String> queueKeys) {
        Map<String, String> arnByKey = new TreeMap<>();
        queueKeys.forEach(key -> queues.arn(key).ifPresent(arn -> arnByKey.put(key, arn)));
        List<String> arns = arnByKey.values().stream().distinct().sorted().toList();
        Map<String, QueueStaffing> byArn = new HashMap<>();
        for (int from = 0; from < arns.size(); from += QUEUES_PER_REQUEST) {
            if (from > 0) {
                pause(BETWEEN_PAGES);
            }
            byArn.putAll(staffingPage(arns.subList(from, Math.min(arns.size(), from + QUEUES_PER_REQUEST))));
        }
        Map<String, QueueStaffing> byKey = new HashMap<>();
        arnByKey.forEach((key, arn) -> {
            if (byArn.containsKey(arn)) {
                byKey.put(key, byArn.get(arn));
            }
        });
        return byKey;
    }

    /** One request for up to 100 queues; a queue with no result has no agent and no caller (the API leaves it out). */
    private Map<String, QueueStaffing> staffingPage(List<String> arns) {
        try {
            Map<String, Object> response = metrics(connect.bounded(AwsJsonClient.Bounds.once(STAFFING_TIMEOUT)), arns,
                    List.of(AGENTS_AVAILABLE, CONTACTS_IN_QUEUE), Map.of("Groupings", List.of("QUEUE"), "MaxResults", QUEUES_PER_REQUEST));
            Map<String, int[]> figures = new HashMap<>();
            for (Map<String, Object> result : list(response.get("MetricResults"))) {
                Object queueArn = map(map(result.get("Dimensions")).get("Queue")).get("Arn");
                if (queueArn == null) {
                    continue;
                }
                int[] agentsAndWaiting = figures.computeIfAbsent(queueArn.toString(), arn -> new int[2]);
                for (Map<String, Object> data : list(result.get("Collections"))) {
                    int value = data.get("Value") instanceof Number n ? n.intValue() : 0;
                    String name = String.valueOf(map(data.get("Metric")).get("Name"));
                    if (name.equals("AGENTS_AVAILABLE")) {
                        agentsAndWaiting[0] += value;
                    } else if (name.equals("CONTACTS_IN_QUEUE")) {
                        agentsAndWaiting[1] += value;
                    }
                }
            }
            Map<String, QueueStaffing> staffing = new HashMap<>();
            for (String arn : arns) {
                int[] f = figures.getOrDefault(arn, new int[2]);
                staffing.put(arn, new QueueStaffing(arn, f[0], f[1]));
            }
            return staffing;
        } catch (RuntimeException e) {
            warn.accept("connect.queue-staffing.unknown", Map.of("queues", Integer.toString(arns.size()), "error", errorType(e),
                    "consequence", "no callback is dialled for these queues in this run"));
            return Map.of();
        }
    }

    /** GetCurrentMetricData (Amazon Connect API Reference): POST /metrics/current/{InstanceId}, voice contacts of the queues. */
    private Map<String, Object> metrics(AwsJsonClient client, List<String> queueArns, List<Map<String, Object>> metrics,
            Map<String, Object> more) {
        Map<String, Object> body = new LinkedHashMap<>(more);
        body.put("Filters", Map.of("Queues", queueArns, "Channels", List.of("VOICE")));
        body.put("CurrentMetrics", metrics);
        return client.call("GetCurrentMetricData", "POST", "/metrics/current/" + SdkHttpUtils.urlEncode(instanceId), body);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List<?> list ? (List<Map<String, Object>>) list : List.of();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between two metric requests", e);
        }
    }

    /** "ThrottlingException (HTTP 429)", "SocketTimeoutException"… */
    private static String errorType(RuntimeException e) {
        return e instanceof AwsJsonClient.Failure failure ? failure.getMessage() : e.getClass().getSimpleName();
    }
}
