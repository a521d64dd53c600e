package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import fr.accueil.embedded.LoopbackMessaging;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local only, not a route of the template: what the SDK's SNS and SES clients delivered to the loopback providers
 * ({@link LoopbackMessaging}), newest first: {@code GET /dev/mailbox} as a page, {@code GET /dev/mailbox.json} as
 * JSON ({@code messages}: id, at, channel, from, to, subject, text, settings), so a demo can follow a management
 * link and a test can read what left.
 */
final class DevMailbox {
    static final String PAGE = "/dev/mailbox";
    static final String JSON_PATH = "/dev/mailbox.json";

    private static volatile LoopbackMessaging providers;

    private DevMailbox() {
    }

    /** The runner's providers, whose mailbox the routes show. */
    static void show(LoopbackMessaging messaging) {
        providers = messaging;
    }

    static boolean serves(String path) {
        return PAGE.equals(path) || JSON_PATH.equals(path);
    }

    static void handle(HttpExchange exchange, String path) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            Exchanges.send(exchange, 405, Map.of("Allow", "GET"), new byte[0]);
            return;
        }
        List<LoopbackMessaging.Delivered> delivered = new ArrayList<>(providers == null ? List.of() : providers.mailbox());
        Collections.reverse(delivered);
        if (JSON_PATH.equals(path)) {
            Exchanges.sendJson(exchange, 200, Map.of("Cache-Control", "no-store"),
                    Json.write(Map.of("messages", delivered.stream().map(DevMailbox::json).toList())));
            return;
        }
        StringBuilder page = new StringBuilder("<!doctype html><html lang=\"fr\"><head><meta charset=\"utf-8\">"
                + "<title>Messages envoyés (local)</title></head><body><main><h1>Messages envoyés</h1>"
                + "<p>Les SMS (Amazon SNS) et courriels (Amazon SES) que le lanceur local a reçus des fonctions, "
                + "du plus récent au plus ancien. <a href=\"" + JSON_PATH + "\">JSON</a></p>"
                + "<table><thead><tr><th>Quand</th><th>Canal</th><th>De</th><th>À</th><th>Objet</th><th>Texte</th></tr></thead><tbody>");
        for (LoopbackMessaging.Delivered message : delivered) {
            page.append("<tr><td>").append(escape(message.at().toString())).append("</td><td>").append(message.kind())
                    .append("</td><td>").append(escape(message.from())).append("</td><td>").append(escape(message.to()))
                    .append("</td><td>").append(escape(message.subject())).append("</td><td>").append(escape(message.text()))
                    .append("</td></tr>");
        }
        page.append("</tbody></table></main></body></html>");
        Exchanges.send(exchange, 200, Map.of("Content-Type", "text/html; charset=utf-8", "Cache-Control", "no-store"),
                page.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static Map<String, Object> json(LoopbackMessaging.Delivered message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", message.messageId());
        json.put("at", message.at().toString());
        json.put("channel", message.kind());
        json.put("from", message.from());
        json.put("to", message.to());
        json.put("subject", message.subject());
        json.put("text", message.text());
        json.put("settings", message.settings());
        return json;
    }

    private static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
