package fr.accueil.connect;

import fr.accueil.domain.routing.LiveQueues;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.QueueStaffing;
import fr.accueil.storage.ShortLivedCache;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.connect.ConnectClient;
import software.amazon.awssdk.services.connect.model.Channel;
import software.amazon.awssdk.services.connect.model.CurrentMetric;
import software.amazon.awssdk.services.connect.model.CurrentMetricData;
import software.amazon.awssdk.services.connect.model.CurrentMetricName;
import software.amazon.awssdk.services.connect.model.GetCurrentMetricDataResponse;
import software.amazon.awssdk.services.connect.model.Grouping;
import software.amazon.awssdk.services.connect.model.Unit;

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
    private static final CurrentMetric AGENTS_AVAILABLE =
            CurrentMetric.builder().name(CurrentMetricName.AGENTS_AVAILABLE).unit(Unit.COUNT).build();
    private static final CurrentMetric CONTACTS_IN_QUEUE =
            CurrentMetric.builder().name(CurrentMetricName.CONTACTS_IN_QUEUE).unit(Unit.COUNT).build();
    private static final CurrentMetric OLDEST_CONTACT_AGE =
            CurrentMetric.builder().name(CurrentMetricName.OLDEST_CONTACT_AGE).unit(Unit.SECONDS).build();

    private final ConnectClient connect;
    private final String instanceId;
    private final ConnectQueues queues;
    private final BiConsumer<String, Map<String, String>> warn;
    private final ShortLivedCache<String, Optional<QueueMetrics>> recent = new ShortLivedCache<>(KEPT_FOR);

    /**
     * @param instanceId the Connect instance's id, or its ARN (the id is its last segment)
     * @param warn       where a failed request is told (the functions' JSON log): an event name and its fields
     */
    public ConnectQueueLoad(ConnectClient connect, String instanceId, ConnectQueues queues, BiConsumer<String, Map<String, String>> warn) {
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
            GetCurrentMetricDataResponse response = connect.getCurrentMetricData(r -> r
                    .instanceId(instanceId)
                    .filters(f -> f.queues(queueArn).channels(Channel.VOICE))
                    .currentMetrics(CONTACTS_IN_QUEUE, OLDEST_CONTACT_AGE));
            // No result at all means no contact of this queue right now: an empty queue.
            double waiting = 0;
            double oldestSeconds = 0;
            for (var result : response.metricResults()) {
                for (CurrentMetricData data : result.collections()) {
                    double value = data.value() == null ? 0 : data.value();
                    if (data.metric().name() == CurrentMetricName.CONTACTS_IN_QUEUE) {
                        waiting += value;
                    } else if (data.metric().name() == CurrentMetricName.OLDEST_CONTACT_AGE) {
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
            GetCurrentMetricDataResponse response = connect.getCurrentMetricData(r -> r
                    .instanceId(instanceId)
                    .filters(f -> f.queues(arns).channels(Channel.VOICE))
                    .groupings(Grouping.QUEUE)
                    .currentMetrics(AGENTS_AVAILABLE, CONTACTS_IN_QUEUE)
                    .maxResults(QUEUES_PER_REQUEST)
                    .overrideConfiguration(o -> o.apiCallTimeout(STAFFING_TIMEOUT)));
            Map<String, int[]> figures = new HashMap<>();
            for (var result : response.metricResults()) {
                if (result.dimensions() == null || result.dimensions().queue() == null) {
                    continue;
                }
                int[] agentsAndWaiting = figures.computeIfAbsent(result.dimensions().queue().arn(), arn -> new int[2]);
                for (CurrentMetricData data : result.collections()) {
                    int value = data.value() == null ? 0 : data.value().intValue();
                    if (data.metric().name() == CurrentMetricName.AGENTS_AVAILABLE) {
                        agentsAndWaiting[0] += value;
                    } else if (data.metric().name() == CurrentMetricName.CONTACTS_IN_QUEUE) {
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

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted between two metric requests", e);
        }
    }

    /** "ThrottlingException (HTTP 429)", "ApiCallTimeoutException"… */
    private static String errorType(RuntimeException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }
}
