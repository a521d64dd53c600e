package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Writing answers on the JDK's HTTP server. */
final class Exchanges {
    private Exchanges() {
    }

    static void send(HttpExchange exchange, int status, Map<String, String> headers, byte[] body) throws IOException {
        // set, not add: an answer's own header replaces the runner's (the security headers are the same values).
        headers.forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
        boolean noBody = body.length == 0 || "HEAD".equals(exchange.getRequestMethod()) || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody ? -1 : body.length);
        if (!noBody) {
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
        exchange.close();
    }

    static void sendJson(HttpExchange exchange, int status, Map<String, String> headers, String json) throws IOException {
        var all = new java.util.LinkedHashMap<>(headers);
        all.putIfAbsent("Content-Type", "application/json");
        send(exchange, status, all, json.getBytes(StandardCharsets.UTF_8));
    }
}
