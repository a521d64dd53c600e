package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.storage.dynamodb.DynamoOutbox;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Local only, not a route of the template: {@code GET /api/dev/outbox[?date=YYYY-MM-DD]} lists the SMS and
 * emails the booking functions "sent" (kept in the outbox instead), so a demo can follow the management link.
 */
final class DevOutbox {
    static final String PATH = "/api/dev/outbox";

    private DevOutbox() {
    }

    static void handle(HttpExchange exchange) throws IOException {
        if (!"GET".equals(exchange.getRequestMethod())) {
            Exchanges.send(exchange, 405, Map.of("Allow", "GET"), new byte[0]);
            return;
        }
        LocalDate date = LocalDate.now(ZoneOffset.UTC);
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null && query.startsWith("date=")) {
            try {
                date = LocalDate.parse(URLDecoder.decode(query.substring(5), StandardCharsets.UTF_8));
            } catch (DateTimeParseException e) {
                Exchanges.sendJson(exchange, 400, Map.of(), "{\"message\":\"date: AAAA-MM-JJ\"}");
                return;
            }
        }
        List<Map<String, Object>> messages = AppContext.get().booking().outbox().sentOn(date).stream()
                .map(DevOutbox::json).toList();
        Exchanges.sendJson(exchange, 200, Map.of("Cache-Control", "no-store"),
                Json.write(Map.of("date", date.toString(), "messages", messages)));
    }

    private static Map<String, Object> json(DynamoOutbox.SentMessage message) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", message.id());
        json.put("at", message.at().toString());
        json.put("channel", message.channel().name());
        json.put("to", message.to());
        json.put("subject", message.subject());
        json.put("text", message.text());
        return json;
    }
}
