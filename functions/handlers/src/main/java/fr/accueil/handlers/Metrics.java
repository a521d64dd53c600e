package fr.accueil.handlers;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CloudWatch Embedded Metric Format: a log line that CloudWatch turns into metrics, without a
 * PutMetricData call on the request path. One emitter for every function: the quality counters of each
 * history event (namespace {@value #QUALITY}) and the dispatcher's run report.
 *
 * <p>Dimensions are ids from the territory's directory (site, partner, theme), so their cardinality is
 * bounded by the directory: the first dimension (the territory) is on every metric, and each other
 * dimension present adds one dimension set {@code [first, it]}, never their cross product.
 */
public final class Metrics {
    /** The quality-of-service counters, the same names as the statistics' counters. */
    public static final String QUALITY = "Accueil/Quality";
    /** The Connect functions' safe routes ({@code SafeRoutes}, on their safe-route log line; template.yaml alarms on it). */
    public static final String CONNECT = "Accueil/Connect";

    private Metrics() {
    }

    /** One metric value: {@code Count} for counters, {@code None} for durations in named units (…Minutes). */
    public record Metric(String name, Number value, String unit) {
        public static Metric count(String name, long value) {
            return new Metric(name, value, "Count");
        }
    }

    /** Writes the EMF line to stdout, where Lambda's log format and the local runner keep it as is. */
    public static void emit(String event, String namespace, Map<String, String> dimensions, List<Metric> metrics,
            Map<String, ?> fields) {
        if (!metrics.isEmpty()) {
            System.out.println(Json.write(document(event, namespace, dimensions, metrics, fields, System.currentTimeMillis())));
        }
    }

    /** A count of one with no dimension, as fields of a line another emitter writes (e.g. an error's log line). */
    public static Map<String, Object> countOne(String namespace, String name) {
        return metricFields(namespace, Map.of(), List.of(Metric.count(name, 1)), System.currentTimeMillis());
    }

    /** The EMF document: the {@code _aws} metadata, then the dimension values, metric values and other fields. */
    static Map<String, Object> document(String event, String namespace, Map<String, String> dimensions,
            List<Metric> metrics, Map<String, ?> fields, long timestamp) {
        Map<String, Object> emf = metricFields(namespace, dimensions, metrics, timestamp);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", emf.remove("_aws"));
        line.put("event", event);
        line.putAll(fields);
        line.putAll(emf);
        return line;
    }

    /** The {@code _aws} metadata, the dimension values and the metric values. */
    private static Map<String, Object> metricFields(String namespace, Map<String, String> dimensions, List<Metric> metrics,
            long timestamp) {
        List<List<String>> sets = new ArrayList<>();
        List<String> names = new ArrayList<>(dimensions.keySet());
        if (names.isEmpty()) {
            sets.add(List.of());
        } else {
            sets.add(List.of(names.get(0)));
            names.stream().skip(1).forEach(name -> sets.add(List.of(names.get(0), name)));
        }
        List<Map<String, String>> definitions = metrics.stream()
                .map(m -> Map.of("Name", m.name(), "Unit", m.unit())).toList();
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("_aws", Map.of("Timestamp", timestamp, "CloudWatchMetrics", List.of(Map.of(
                "Namespace", namespace, "Dimensions", sets, "Metrics", definitions))));
        line.putAll(dimensions);
        metrics.forEach(m -> line.put(m.name(), m.value()));
        return line;
    }
}
