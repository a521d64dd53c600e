package fr.accueil.handlers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.stats.StatsScope;
import fr.accueil.domain.stats.Tally;
import fr.accueil.handlers.connect.ConnectCall;
import fr.accueil.handlers.connect.ConnectHandler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/** The EMF document CloudWatch reads: metadata, dimension sets bounded to one dimension beside the territory, values. */
class MetricsTest {
    @Test
    void aQualityEventBecomesOneEmfDocument() throws Exception {
        Tally tally = new Tally("moselle", LocalDate.parse("2030-03-05"),
                StatsScope.of("metz-borny", "carsat", "retraite", null),
                Map.of("callbacks.completed", 1L, "callbackDelay.le30", 1L), Map.of("callbackDelayMinutes", 20.0));
        Map<String, Object> doc = Json.readObject(Json.write(Metrics.document("quality.callback-completed", Metrics.QUALITY,
                MeteredContactStore.dimensions(tally), List.of(Metrics.Metric.count("callbacks.completed", 1),
                        new Metrics.Metric("callbackDelayMinutes", 20.0, "None")), Map.of("channel", "callback"), 1_900_000_000_000L)));

        assertEquals(Map.of("Timestamp", 1_900_000_000_000L, "CloudWatchMetrics", List.of(Map.of(
                "Namespace", "Accueil/Quality",
                "Dimensions", List.of(List.of("Territory"), List.of("Territory", "Site"), List.of("Territory", "Partner"),
                        List.of("Territory", "Theme")),
                "Metrics", List.of(Map.of("Name", "callbacks.completed", "Unit", "Count"),
                        Map.of("Name", "callbackDelayMinutes", "Unit", "None"))))), doc.get("_aws"));
        assertEquals("moselle", doc.get("Territory"));
        assertEquals("metz-borny", doc.get("Site"));
        assertEquals("carsat", doc.get("Partner"));
        assertEquals("retraite", doc.get("Theme"));
        assertEquals(1, ((Number) doc.get("callbacks.completed")).intValue());
        assertEquals(20.0, ((Number) doc.get("callbackDelayMinutes")).doubleValue());
        assertEquals("callback", doc.get("channel"));
    }

    @Test
    void withoutDimensionsOneEmptyDimensionSet() throws Exception {
        Map<String, Object> doc = Json.readObject(Json.write(Metrics.document("scheduled.callbacks.dispatched", "Accueil/Callbacks",
                Map.of(), List.of(Metrics.Metric.count("dialed", 3)), Map.of(), 1L)));
        @SuppressWarnings("unchecked")
        Map<String, Object> directive = ((List<Map<String, Object>>) ((Map<String, Object>) doc.get("_aws")).get("CloudWatchMetrics")).get(0);
        assertEquals(List.of(List.of()), directive.get("Dimensions"));
        assertEquals(3, ((Number) doc.get("dialed")).intValue());
    }

    @Test
    void aWithheldCallIsMeasuredForTheTerritoryOnly() {
        Interaction call = new Interaction("x", null, Instant.parse("2030-03-05T08:00:00Z"), "phone", "call", Map.of("route", "closed"));
        Tally tally = new Tally("moselle", LocalDate.parse("2030-03-05"), StatsScope.of(null, null, null, null),
                Map.of("calls", 1L), Map.of());
        assertEquals(Map.of("Territory", "moselle"), MeteredContactStore.dimensions(tally));
        assertEquals("closed", call.details().get("route"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSafeRouteLogLineIsASafeRoutesCount() throws Exception {
        ConnectHandler failing = new ConnectHandler() {
            @Override
            protected String name() {
                return "failing";
            }

            @Override
            protected Map<String, String> answer(ConnectCall call) {
                throw new IllegalStateException("store down");
            }

            @Override
            protected Map<String, String> safeRoute() {
                return Map.of("route", "queue");
            }
        };
        List<String> lines = new ArrayList<>();
        Consumer<String> previous = Log.sendTo(lines::add);
        ByteArrayOutputStream answer = new ByteArrayOutputStream();
        try {
            failing.handleRequest(new ByteArrayInputStream(SampleEvents.bytes("ConnectEntryFunction.json")), answer, null);
        } finally {
            Log.sendTo(previous);
        }
        assertEquals("true", Json.readObject(answer.toString(StandardCharsets.UTF_8)).get("safeRoute"));
        assertEquals(1, lines.size(), String.valueOf(lines));
        Map<String, Object> line = Json.readObject(lines.get(0));
        assertEquals("connect.failing.safe-route", line.get("event"));
        assertEquals("ERROR", line.get("level"));
        Map<String, Object> directive = ((List<Map<String, Object>>) ((Map<String, Object>) line.get("_aws")).get("CloudWatchMetrics")).get(0);
        assertEquals(Metrics.CONNECT, directive.get("Namespace"));
        assertEquals(List.of(List.of()), directive.get("Dimensions"));
        assertEquals(List.of(Map.of("Name", "SafeRoutes", "Unit", "Count")), directive.get("Metrics"));
        assertEquals(1, ((Number) line.get("SafeRoutes")).intValue());
    }
}
