package fr.accueil.embedded;

import com.amazonaws.services.dynamodbv2.local.monitoring.Telemetry;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;

/**
 * DynamoDB Local (the AWS artifact) served in this JVM over HTTP, on loopback only.
 *
 * <p>DynamoDB Local's own server listens on every interface; this assembles the same request
 * handler behind a Jetty connector bound to 127.0.0.1. The database is shared across access
 * keys and regions (like {@code -sharedDb}), so the aws CLI and the functions see the same tables.
 */
public final class LocalDynamoDb implements AutoCloseable {
    public static final String HOST = "127.0.0.1";

    private final Server server;
    private final LocalDynamoDBRequestHandler requestHandler;
    private final int port;

    private LocalDynamoDb(Server server, LocalDynamoDBRequestHandler requestHandler, int port) {
        this.server = server;
        this.requestHandler = requestHandler;
        this.port = port;
    }

    /**
     * Starts DynamoDB Local.
     *
     * @param port    0 for any free port
     * @param dataDir null to keep the data in memory, else a folder where it persists across restarts
     * @throws java.net.BindException (possibly wrapped) when the port is taken
     */
    public static LocalDynamoDb start(int port, Path dataDir) throws Exception {
        Telemetry.configureTelemetry("embedded", "in-process", false);
        boolean inMemory = dataDir == null;
        if (!inMemory) {
            Files.createDirectories(dataDir);
        }
        LocalDynamoDBRequestHandler requestHandler = new LocalDynamoDBRequestHandler(
                0, inMemory, inMemory ? null : dataDir.toAbsolutePath().toString(), true, false);
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(HOST);
        connector.setPort(port);
        server.addConnector(connector);
        ContextHandler context = new ContextHandler();
        context.setHandler(new LocalDynamoDBServerHandler(requestHandler, null));
        server.setHandler(context);
        try {
            server.start();
        } catch (Exception e) {
            server.stop();
            requestHandler.shutdown();
            throw e;
        }
        return new LocalDynamoDb(server, requestHandler, connector.getLocalPort());
    }

    public int port() {
        return port;
    }

    public URI endpoint() {
        return URI.create("http://" + HOST + ":" + port);
    }

    @Override
    public void close() throws Exception {
        server.stop();
        requestHandler.shutdown();
    }
}
