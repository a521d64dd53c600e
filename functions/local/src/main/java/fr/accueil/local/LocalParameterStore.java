package fr.accueil.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * Parameter Store on loopback, as the functions call it on AWS (the SDK's JSON 1.1 protocol, with
 * AWS_ENDPOINT_URL_SSM pointing here): GetParametersByPath, with AWS's paging, at most 10 parameters
 * a page and a NextToken for the rest (SSM API Reference, GetParametersByPath: MaxResults 1–10).
 * It holds the parameters the template creates for the local run.
 */
final class LocalParameterStore {
    static final int MAX_RESULTS = 10;
    private final HttpServer server;
    private final Map<String, String> parameters = new ConcurrentSkipListMap<>();

    private LocalParameterStore(HttpServer server) {
        this.server = server;
    }

    static LocalParameterStore start() throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.LOOPBACK, 0), 16);
        LocalParameterStore store = new LocalParameterStore(server);
        server.createContext("/", store::handle);
        server.start();
        return store;
    }

    URI endpoint() {
        return URI.create("http://" + LocalStack.LOOPBACK + ":" + server.getAddress().getPort());
    }

    /** A String parameter, as the stack's AWS::SSM::Parameter creates it. */
    void put(String name, String value) {
        if (!name.startsWith("/") || value.isEmpty()) {
            throw new IllegalArgumentException("a parameter is named by its path and has a value: " + name);
        }
        parameters.put(name, value);
    }

    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, Object> request = JSON.std.mapFrom(exchange.getRequestBody());
            if (!"AmazonSSM.GetParametersByPath".equals(target)) {
                error(exchange, "UnknownOperationException", "Only GetParametersByPath is served here: " + target);
                return;
            }
            String path = String.valueOf(request.get("Path"));
            int max = request.get("MaxResults") instanceof Number n ? n.intValue() : MAX_RESULTS;
            if (!path.startsWith("/") || max < 1 || max > MAX_RESULTS) {
                error(exchange, "ValidationException", "Path must start with / and MaxResults be 1 to " + MAX_RESULTS);
                return;
            }
            boolean recursive = Boolean.TRUE.equals(request.get("Recursive"));
            String prefix = path.endsWith("/") ? path : path + "/";
            List<String> names = new ArrayList<>(new TreeMap<>(parameters).keySet().stream()
                    .filter(name -> name.startsWith(prefix) && (recursive || name.indexOf('/', prefix.length()) < 0))
                    .toList());
            int from = request.get("NextToken") instanceof String token ? Integer.parseInt(token) : 0;
            List<Map<String, Object>> page = new ArrayList<>();
            for (String name : names.subList(Math.min(from, names.size()), Math.min(from + max, names.size()))) {
                page.add(Map.of("Name", name, "Type", "String", "Value", parameters.get(name), "Version", 1,
                        "DataType", "text"));
            }
            Map<String, Object> answer = new LinkedHashMap<>();
            answer.put("Parameters", page);
            if (from + max < names.size()) {
                answer.put("NextToken", Integer.toString(from + max));
            }
            Exchanges.sendJson(exchange, 200, Map.of("Content-Type", "application/x-amz-json-1.1"), JSON.std.asString(answer));
        }
    }

    private static void error(HttpExchange exchange, String type, String message) throws IOException {
        Exchanges.sendJson(exchange, 400, Map.of("Content-Type", "application/x-amz-json-1.1"),
                JSON.std.asString(Map.of("__type", type, "message", message)));
    }
}
