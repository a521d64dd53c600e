package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Lambda Invoke API on loopback, as {@code sam local start-lambda} serves it:
 * {@code POST /2015-03-31/functions/{name}/invocations}. A handler exception is a function
 * error ({@code X-Amz-Function-Error: Unhandled}); an unknown name a 404 ResourceNotFoundException.
 */
final class InvokeServer {
    private static final Pattern INVOKE = Pattern.compile("/2015-03-31/functions/([^/]+)/invocations/?");

    private final HttpServer server;

    private InvokeServer(HttpServer server) {
        this.server = server;
    }

    static InvokeServer start(int port, Functions functions, LambdaInvoker invoker, ExecutorService executor)
            throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.LOOPBACK, port), 64);
        server.createContext("/", exchange -> handle(exchange, functions, invoker));
        server.setExecutor(executor);
        server.start();
        return new InvokeServer(server);
    }

    private static void handle(HttpExchange exchange, Functions functions, LambdaInvoker invoker) throws IOException {
        try (exchange) {
            Matcher matcher = INVOKE.matcher(exchange.getRequestURI().getPath());
            if (!matcher.matches() || !"POST".equals(exchange.getRequestMethod())) {
                error(exchange, 404, "UnknownOperationException", "Only the Invoke operation is served here.");
                return;
            }
            String name = functionName(matcher.group(1));
            var function = functions.get(name);
            if (function.isEmpty()) {
                error(exchange, 404, "ResourceNotFoundException", "Function not found: " + name);
                return;
            }
            String invocationType = exchange.getRequestHeaders().getFirst("X-Amz-Invocation-Type");
            if (invocationType != null && !"RequestResponse".equals(invocationType)) {
                error(exchange, 400, "InvalidParameterValueException",
                        "Only the RequestResponse invocation type is served locally.");
                return;
            }
            byte[] payload = exchange.getRequestBody().readAllBytes();
            LambdaInvoker.Result result = invoker.invoke(function.get(), payload.length == 0 ? "{}".getBytes() : payload);
            Map<String, String> headers = result.failed()
                    ? Map.of("Content-Type", "application/json", "X-Amz-Function-Error", "Unhandled",
                            "X-Amz-Executed-Version", "$LATEST")
                    : Map.of("Content-Type", "application/json", "X-Amz-Executed-Version", "$LATEST");
            Exchanges.send(exchange, 200, headers, result.payload());
        }
    }

    /** The name may be a bare name, a name with a qualifier, or an ARN: the logical id is what counts. */
    private static String functionName(String raw) {
        String name = java.net.URLDecoder.decode(raw, java.nio.charset.StandardCharsets.UTF_8);
        if (name.startsWith("arn:")) {
            String[] parts = name.split(":");
            name = parts.length > 6 ? parts[6] : name;
        }
        int qualifier = name.indexOf(':');
        return qualifier < 0 ? name : name.substring(0, qualifier);
    }

    private static void error(HttpExchange exchange, int status, String type, String message) throws IOException {
        Exchanges.sendJson(exchange, status, Map.of("x-amzn-ErrorType", type),
                "{\"Type\":\"User\",\"message\":\"" + message.replace("\"", "'") + "\"}");
    }

    int port() {
        return server.getAddress().getPort();
    }

    void stop() {
        server.stop(0);
    }
}
