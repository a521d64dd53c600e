package fr.accueil.bench;

import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.connect.ConnectMenuHandler;
import fr.accueil.storage.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One warm step of the voice menu (ConnectMenuHandler in this JVM, after warm-up) against one raw
 * GetItem of the territory's menu item, through the same client, interleaved.
 */
final class VoiceStep {
    private VoiceStep() {
    }

    static void run(Report report, Path root, int iterations) throws Exception {
        AppContext app = AppContext.get();
        ConnectMenuHandler handler = new ConnectMenuHandler();
        String sample = Files.readString(root.resolve("events/ConnectMenuFunction.json"));
        DynamoDbClient dynamo = app.dynamo();
        String table = Environment.required("DIRECTORY_TABLE");
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.fromS("TERRITORY#" + app.territoryId()),
                "sk", AttributeValue.fromS("MENU"));
        Runnable raw = () -> {
            if (!dynamo.getItem(r -> r.tableName(table).key(key)).hasItem()) {
                throw new IllegalStateException("the menu item is missing");
            }
        };
        measure(report, "key 3 → submenu (sample event)", handler, sample.getBytes(StandardCharsets.UTF_8), "\"ask\"", raw, iterations);
        // Key 1 of the « social » level: a theme's queue (the root's keys all lead to sub-menus).
        String queue = sample.replace("\"menuNode\": \"accueil\"", "\"menuNode\": \"social\"")
                .replace("\"digits\": \"3\"", "\"digits\": \"1\"");
        if (!queue.contains("\"menuNode\": \"social\"") || !queue.contains("\"digits\": \"1\"")) {
            throw new IllegalStateException("the sample menu event no longer presses 3 at « accueil »");
        }
        measure(report, "key 1 → queue (load check, history write)", handler, queue.getBytes(StandardCharsets.UTF_8),
                "\"queue\"", raw, iterations);
    }

    private static void measure(Report report, String step, ConnectMenuHandler handler, byte[] event, String expected,
                                Runnable raw, int iterations) throws Exception {
        List<Long> ours = new ArrayList<>();
        List<Long> reads = new ArrayList<>();
        int warmUp = Math.max(200, iterations / 5);
        for (int i = 0; i < warmUp + iterations; i++) {
            long start = System.nanoTime();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            handler.handleRequest(new ByteArrayInputStream(event), answer, null);
            long middle = System.nanoTime();
            raw.run();
            long end = System.nanoTime();
            String text = answer.toString(StandardCharsets.UTF_8);
            if (!text.contains(expected) || text.contains("safeRoute")) {
                throw new IllegalStateException("unexpected menu answer " + text);
            }
            if (i >= warmUp) {
                ours.add(middle - start);
                reads.add(end - middle);
            }
        }
        Stats o = Stats.of(ours);
        Stats r = Stats.of(reads);
        report.figure("voice step", step + ", p50 (" + iterations + " steps)", Report.ms(o.medianMillis()),
                Report.ms(r.medianMillis()) + " (GetItem)", o.medianMillis() / r.medianMillis());
        report.atMost("voice step", step + ", p99", Report.ms(o.percentileMillis(99)),
                Report.ms(r.percentileMillis(99)) + " (GetItem)", o.percentileMillis(99) / r.percentileMillis(99), 2);
    }
}
