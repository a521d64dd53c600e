package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The HTTP API on loopback, as {@code sam local start-api} serves it: each request to a route of
 * the template becomes an API Gateway HTTP API event (payload format 2.0) for the function that
 * route names, and the function's answer becomes the HTTP response. Other paths serve the web pages.
 */
final class HttpApiServer {
    /** API Gateway's own limit on a request body. */
    private static final int MAX_BODY_BYTES = 10 * 1024 * 1024;
    private static final DateTimeFormatter REQUEST_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ENGLISH).withZone(ZoneOffset.UTC);
    /**
     * On every answer, pages and API alike, as CloudFront's response headers policy sets them on AWS
     * (template.yaml, WebSecurityHeadersPolicy; a test keeps the two the same). No 'unsafe-inline':
     * the pages load their scripts and styles from files.
     */
    static final Map<String, String> SECURITY_HEADERS = securityHeaders();
    /** What the template's HttpApi CorsConfiguration allows, for the runner's own origin. */
    static final String CORS_METHODS = "GET, POST";
    static final String CORS_HEADERS = "Content-Type, Authorization, Idempotency-Key";
    static final String CORS_MAX_AGE = "600";
    private static final Map<String, String> CONTENT_TYPES = Map.of(
            "html", "text/html; charset=utf-8", "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8", "json", "application/json", "svg", "image/svg+xml",
            "png", "image/png", "ico", "image/x-icon", "txt", "text/plain; charset=utf-8");

    private record BoundRoute(FunctionSpec function, FunctionSpec.Route route, Pattern pattern, List<String> names) {
    }

    private final HttpServer server;

    private HttpApiServer(HttpServer server) {
        this.server = server;
    }

    private static Map<String, String> securityHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; connect-src 'self' https://*.amazoncognito.com;"
                + " frame-ancestors 'none'; base-uri 'self'; form-action 'self'");
        headers.put("X-Content-Type-Options", "nosniff");
        headers.put("X-Frame-Options", "DENY");
        headers.put("Referrer-Policy", "no-referrer");
        headers.put("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()");
        return java.util.Collections.unmodifiableMap(headers);
    }

    static HttpApiServer start(int port, Functions functions, LambdaInvoker invoker, ExecutorService executor)
            throws IOException {
        return start(port, functions, invoker, executor, null);
    }

    /** @param agentTokens verifies the bearer token of routes that declare an authorizer; null refuses them all */
    static HttpApiServer start(int port, Functions functions, LambdaInvoker invoker, ExecutorService executor,
                               DevAgentTokens agentTokens) throws IOException {
        return start(port, functions, invoker, executor, agentTokens, null);
    }

    /** @param phone the local phone behind /api/phone/calls (local only); null answers them 503 */
    static HttpApiServer start(int port, Functions functions, LambdaInvoker invoker, ExecutorService executor,
                               DevAgentTokens agentTokens, LocalPhone phone) throws IOException {
        List<BoundRoute> routes = bind(functions);
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.LOOPBACK, port), 128);
        int boundPort = server.getAddress().getPort();
        List<String> ownOrigins = List.of("http://127.0.0.1:" + boundPort, "http://localhost:" + boundPort);
        server.createContext("/", exchange -> {
            try (exchange) {
                SECURITY_HEADERS.forEach(exchange.getResponseHeaders()::set);
                if (crossOrigin(exchange, ownOrigins)) {
                    return;
                }
                if (PhoneApi.handles(exchange.getRequestURI().getRawPath())) {
                    PhoneApi.handle(exchange, phone);
                    return;
                }
                handle(exchange, routes, invoker, agentTokens);
            }
        });
        server.setExecutor(executor);
        server.start();
        return new HttpApiServer(server);
    }

    /**
     * Headers of /api/* answers: no-store, and CORS as API Gateway answers it with the template's CorsConfiguration: only the
     * runner's own origin is allowed (a foreign Origin is never echoed), and a preflight is answered
     * here without reaching a function.
     *
     * @return whether the exchange was a preflight, now answered
     */
    private static boolean crossOrigin(HttpExchange exchange, List<String> ownOrigins) throws IOException {
        if (!exchange.getRequestURI().getRawPath().startsWith("/api/")) {
            return false;
        }
        String origin = exchange.getRequestHeaders().getFirst("Origin");
        boolean allowed = origin != null && ownOrigins.contains(origin);
        // An API answer is personal (an appointment, a callback list): no cache keeps it.
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        exchange.getResponseHeaders().set("Vary", "Origin");
        if (allowed) {
            exchange.getResponseHeaders().set("Access-Control-Allow-Origin", origin);
        }
        boolean preflight = "OPTIONS".equals(exchange.getRequestMethod())
                && exchange.getRequestHeaders().containsKey("Access-Control-Request-Method");
        if (preflight) {
            Map<String, String> headers = allowed
                    ? Map.of("Access-Control-Allow-Methods", CORS_METHODS, "Access-Control-Allow-Headers", CORS_HEADERS,
                            "Access-Control-Max-Age", CORS_MAX_AGE)
                    : Map.of();
            Exchanges.send(exchange, 204, headers, new byte[0]);
        }
        return preflight;
    }

    /** Routes with fewer path parameters first, as API Gateway prefers the most specific match. */
    private static List<BoundRoute> bind(Functions functions) {
        List<BoundRoute> routes = new ArrayList<>();
        for (FunctionSpec function : functions.all()) {
            for (FunctionSpec.Route route : function.routes()) {
                List<String> names = new ArrayList<>();
                Matcher params = Pattern.compile("\\{([^}]+)}").matcher(route.path());
                StringBuilder regex = new StringBuilder();
                int last = 0;
                while (params.find()) {
                    regex.append(Pattern.quote(route.path().substring(last, params.start())));
                    String name = params.group(1);
                    boolean greedy = name.endsWith("+");
                    names.add(greedy ? name.substring(0, name.length() - 1) : name);
                    regex.append(greedy ? "(.+)" : "([^/]+)");
                    last = params.end();
                }
                regex.append(Pattern.quote(route.path().substring(last)));
                routes.add(new BoundRoute(function, route, Pattern.compile(regex.toString()), names));
            }
        }
        routes.sort(Comparator.comparingInt((BoundRoute r) -> r.names().size()));
        return routes;
    }

    private static void handle(HttpExchange exchange, List<BoundRoute> routes, LambdaInvoker invoker,
                               DevAgentTokens agentTokens) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        // Read before any answer: one sent over an unread body ends in a reset, which the client may take
        // for the whole answer lost (a 401 or 404 to a DELETE with a body, say).
        byte[] body = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            Exchanges.sendJson(exchange, 413, Map.of(), "{\"message\":\"Request Entity Too Large\"}");
            return;
        }
        if (DevMailbox.serves(path)) {
            DevMailbox.handle(exchange, path);
            return;
        }
        if (LocalEventBridge.DEV_PATH.equals(path)) {
            LocalEventBridge.handleDev(exchange);
            return;
        }
        if (DevAgentTokens.JWKS_PATH.equals(path) && agentTokens != null) {
            Exchanges.sendJson(exchange, 200, Map.of(), agentTokens.jwks());
            return;
        }
        if (DevAgentTokens.MINT_PATH.equals(path) && agentTokens != null) {
            // Local only, as an administrator creating a user in Cognito: any groups, sites and partner.
            Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
            DevAgentTokens.Agent agent = new DevAgentTokens.Agent(query.getOrDefault("sub", "agent-local"),
                    List.of(query.getOrDefault("groups", "").split(",")).stream().map(String::trim).filter(g -> !g.isEmpty()).toList(),
                    query.get("site"), query.get("partner"));
            Exchanges.sendJson(exchange, 200, Map.of(), Json.write(Map.of("token", agentTokens.issue(agent, DevAgentTokens.VALIDITY))));
            return;
        }
        for (BoundRoute route : routes) {
            Matcher matcher = route.pattern().matcher(path);
            if (matcher.matches() && route.route().method().equals(method)) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (int i = 0; i < route.names().size(); i++) {
                    parameters.put(route.names().get(i), URLDecoder.decode(matcher.group(i + 1), StandardCharsets.UTF_8));
                }
                Map<String, String> claims = null;
                if (route.route().authorizer() != null) {
                    // As API Gateway's JWT authorizer: refused before the function runs, with its own answer.
                    Optional<Map<String, String>> verified = agentTokens == null ? Optional.empty()
                            : agentTokens.verify(exchange.getRequestHeaders().getFirst("Authorization"));
                    if (verified.isEmpty()) {
                        Exchanges.sendJson(exchange, 401, Map.of("www-authenticate", "Bearer"), "{\"message\":\"Unauthorized\"}");
                        return;
                    }
                    claims = verified.get();
                }
                invoke(exchange, route, parameters, body, invoker, claims);
                return;
            }
        }
        if (path.startsWith("/api/")) {
            Exchanges.sendJson(exchange, 404, Map.of(), "{\"message\":\"Not Found\"}");
            return;
        }
        serveStatic(exchange, path);
    }

    private static void invoke(HttpExchange exchange, BoundRoute route, Map<String, String> pathParameters, byte[] body,
                               LambdaInvoker invoker, Map<String, String> claims) throws IOException {
        Map<String, Object> request = event(exchange, route, pathParameters, body);
        if (claims != null) {
            @SuppressWarnings("unchecked")
            Map<String, Object> context = (Map<String, Object>) request.get("requestContext");
            Map<String, Object> jwt = new LinkedHashMap<>();
            jwt.put("claims", claims);
            jwt.put("scopes", null);
            context.put("authorizer", Map.of("jwt", jwt));
        }
        byte[] event = Json.write(request).getBytes(StandardCharsets.UTF_8);
        LambdaInvoker.Result result = invoker.invoke(route.function(), event);
        if (result.failed()) {
            // What API Gateway answers when the integration fails.
            Exchanges.sendJson(exchange, 500, Map.of(), "{\"message\":\"Internal Server Error\"}");
            return;
        }
        respond(exchange, new String(result.payload(), StandardCharsets.UTF_8));
    }

    static Map<String, Object> event(HttpExchange exchange, BoundRoute route, Map<String, String> pathParameters, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        exchange.getRequestHeaders().forEach((name, values) ->
                headers.put(name.toLowerCase(Locale.ROOT), String.join(",", values)));
        String rawQuery = exchange.getRequestURI().getRawQuery();
        Map<String, String> query = query(rawQuery);
        Instant now = Instant.now();
        Map<String, Object> http = new LinkedHashMap<>();
        http.put("method", exchange.getRequestMethod());
        http.put("path", exchange.getRequestURI().getRawPath());
        http.put("protocol", exchange.getProtocol());
        http.put("sourceIp", exchange.getRemoteAddress().getAddress().getHostAddress());
        http.put("userAgent", headers.getOrDefault("user-agent", ""));
        Map<String, Object> context = new LinkedHashMap<>();
        context.put("accountId", "000000000000");
        context.put("apiId", "local");
        context.put("domainName", headers.getOrDefault("host", LocalStack.LOOPBACK));
        context.put("domainPrefix", "local");
        context.put("http", http);
        context.put("requestId", UUID.randomUUID().toString());
        context.put("routeKey", route.route().routeKey());
        context.put("stage", "$default");
        context.put("time", REQUEST_TIME.format(now));
        context.put("timeEpoch", now.toEpochMilli());
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("version", "2.0");
        event.put("routeKey", route.route().routeKey());
        event.put("rawPath", exchange.getRequestURI().getRawPath());
        event.put("rawQueryString", rawQuery == null ? "" : rawQuery);
        if (headers.containsKey("cookie")) {
            event.put("cookies", List.of(headers.get("cookie").split(";\\s*")));
        }
        event.put("headers", headers);
        if (!query.isEmpty()) {
            event.put("queryStringParameters", query);
        }
        if (!pathParameters.isEmpty()) {
            event.put("pathParameters", pathParameters);
        }
        event.put("requestContext", context);
        if (body.length > 0) {
            boolean text = isText(headers.get("content-type"));
            event.put("body", text ? new String(body, StandardCharsets.UTF_8) : Base64.getEncoder().encodeToString(body));
            event.put("isBase64Encoded", !text);
        } else {
            event.put("isBase64Encoded", false);
        }
        return event;
    }

    /** Query parameters as payload 2.0 gives them: a repeated name's values joined by commas. */
    private static Map<String, String> query(String rawQuery) {
        Map<String, String> query = new LinkedHashMap<>();
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String pair : rawQuery.split("&")) {
                String[] kv = pair.split("=", 2);
                String key = URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
                String value = kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
                query.merge(key, value, (a, b) -> a + "," + b);
            }
        }
        return query;
    }

    private static boolean isText(String contentType) {
        if (contentType == null) {
            return true;
        }
        String type = contentType.toLowerCase(Locale.ROOT);
        return type.startsWith("text/") || type.contains("json") || type.contains("xml")
                || type.startsWith("application/x-www-form-urlencoded");
    }

    /** A structured answer (statusCode, headers, body) is applied; any other JSON is a 200 body, as in payload 2.0. */
    @SuppressWarnings("unchecked")
    private static void respond(HttpExchange exchange, String payload) throws IOException {
        Map<String, Object> answer;
        try {
            answer = Json.readObject(payload);
        } catch (IOException e) {
            Exchanges.sendJson(exchange, 200, Map.of(), payload);
            return;
        }
        if (!answer.containsKey("statusCode")) {
            Exchanges.sendJson(exchange, 200, Map.of(), payload);
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (answer.get("headers") instanceof Map<?, ?> h) {
            h.forEach((k, v) -> headers.put(String.valueOf(k), String.valueOf(v)));
        }
        if (answer.get("multiValueHeaders") instanceof Map<?, ?> mh) {
            mh.forEach((k, v) -> headers.put(String.valueOf(k), String.join(",", (List<String>) v)));
        }
        if (answer.get("cookies") instanceof List<?> cookies) {
            cookies.forEach(c -> exchange.getResponseHeaders().add("Set-Cookie", String.valueOf(c)));
        }
        String body = answer.get("body") instanceof String s ? s : "";
        byte[] bytes = Boolean.TRUE.equals(answer.get("isBase64Encoded"))
                ? Base64.getDecoder().decode(body)
                : body.getBytes(StandardCharsets.UTF_8);
        Exchanges.send(exchange, ((Number) answer.get("statusCode")).intValue(), headers, bytes);
    }

    private static void serveStatic(HttpExchange exchange, String rawPath) throws IOException {
        String path = URLDecoder.decode(rawPath, StandardCharsets.UTF_8);
        if (!"GET".equals(exchange.getRequestMethod()) && !"HEAD".equals(exchange.getRequestMethod())) {
            Exchanges.send(exchange, 405, Map.of("Allow", "GET, HEAD"), new byte[0]);
            return;
        }
        if (path.contains("..") || path.contains("\\")) {
            Exchanges.send(exchange, 400, Map.of(), new byte[0]);
            return;
        }
        // The management link (/rendez-vous/{id}?token=…) is one page for every appointment; CloudFront's
        // viewer-request function (template.yaml, WebPageRewriteFunction) rewrites the same way.
        if (path.startsWith("/rendez-vous/")) {
            path = "/rendez-vous.html";
        }
        String resource = "web" + (path.endsWith("/") ? path + "index.html" : path);
        InputStream in = HttpApiServer.class.getClassLoader().getResourceAsStream(resource);
        if (in == null && !path.contains(".")) {
            resource = resource + ".html";
            in = HttpApiServer.class.getClassLoader().getResourceAsStream(resource);
        }
        if (in == null) {
            in = HttpApiServer.class.getClassLoader().getResourceAsStream("web/404.html");
            byte[] page = in == null ? "Page introuvable".getBytes(StandardCharsets.UTF_8) : in.readAllBytes();
            Map<String, String> headers = new LinkedHashMap<>();
            headers.put("Content-Type", CONTENT_TYPES.get("html"));
            Exchanges.send(exchange, 404, headers, page);
            return;
        }
        byte[] content;
        try (InputStream page = in) {
            content = page.readAllBytes();
        }
        String extension = resource.substring(resource.lastIndexOf('.') + 1);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", CONTENT_TYPES.getOrDefault(extension, "application/octet-stream"));
        headers.put("Cache-Control", "no-cache");
        Exchanges.send(exchange, 200, headers, content);
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }
}
