package fr.accueil.connect;

import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.storage.ShortLivedCache;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.connect.ConnectClient;
import software.amazon.awssdk.services.connect.model.Channel;
import software.amazon.awssdk.services.connect.model.CurrentMetric;
import software.amazon.awssdk.services.connect.model.CurrentMetricData;
import software.amazon.awssdk.services.connect.model.CurrentMetricName;
import software.amazon.awssdk.services.connect.model.GetCurrentMetricDataResponse;
import software.amazon.awssdk.services.connect.model.Unit;

/**
 * The load of a queue from Amazon Connect's GetCurrentMetricData: callers waiting and the age of
 * the oldest. The API allows 5 requests a second per account, shared by every container, so a
 * queue's answer is kept a few seconds; a failed request (throttled, Connect unavailable, too slow) is
 * kept as "unknown" for as long, and the caller is then transferred rather than kept waiting. The failure
 * is logged as a warning with its type: callers are not the worse for it, but an operator should know.
 */
public final class ConnectQueueLoad implements QueueLoad {
    static final Duration KEPT_FOR = Duration.ofSeconds(5);
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

    /** "ThrottlingException (HTTP 429)", "ApiCallTimeoutException"… */
    private static String errorType(RuntimeException e) {
        if (e instanceof AwsServiceException service && service.awsErrorDetails() != null
                && service.awsErrorDetails().errorCode() != null) {
            return service.awsErrorDetails().errorCode() + " (HTTP " + service.statusCode() + ")";
        }
        return e.getClass().getSimpleName();
    }
}
