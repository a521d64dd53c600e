package fr.accueil.embedded;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.UUID;

/** An AWS service answered on loopback, for the SDK clients of tests and of the local runner. */
abstract class LoopbackServer implements AutoCloseable {
    private HttpServer server;

    /** Starts answering on a free port. */
    final void listen() throws IOException {
        server = HttpServer.create(new InetSocketAddress(LocalDynamoDb.HOST, 0), 16);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://" + LocalDynamoDb.HOST + ":" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
    }

    abstract void handle(HttpExchange exchange) throws IOException;

    static void send(HttpExchange exchange, int status, String type, byte[] body) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        exchange.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }
}
