package fr.accueil.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** DynamoDB Local with the template's tables created in it, and a client for it. */
public final class EmbeddedStack implements AutoCloseable {
    private static EmbeddedStack shared;

    private final LocalDynamoDb dynamoDb;
    private final DynamoDbClient client;
    private final Map<String, String> tableNames;

    private EmbeddedStack(LocalDynamoDb dynamoDb, DynamoDbClient client, Map<String, String> tableNames) {
        this.dynamoDb = dynamoDb;
        this.client = client;
        this.tableNames = tableNames;
    }

    public static EmbeddedStack start(int port, Path dataDir, Template template) throws Exception {
        LocalDynamoDb dynamoDb = LocalDynamoDb.start(port, dataDir);
        DynamoDbClient client = LocalClients.dynamo(dynamoDb.endpoint());
        TemplateTables.create(template, client);
        return new EmbeddedStack(dynamoDb, client, TemplateTables.names(template));
    }

    /** One in-memory stack per test JVM on a free port, started on first use. */
    public static synchronized EmbeddedStack shared() {
        if (shared == null) {
            try {
                shared = start(0, null, Template.read(repositoryRoot().resolve("template.yaml")));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start DynamoDB Local", e);
            }
            EmbeddedStack stack = shared;
            Runtime.getRuntime().addShutdownHook(new Thread(stack::closeQuietly));
        }
        return shared;
    }

    /** The repository root: where template.yaml, events/ and web/ are (set by the build for tests). */
    public static Path repositoryRoot() {
        String root = System.getProperty("accueil.root");
        if (root != null) {
            return Path.of(root);
        }
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("template.yaml"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new IllegalStateException("template.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    public DynamoDbClient client() {
        return client;
    }

    public LocalDynamoDb dynamoDb() {
        return dynamoDb;
    }

    /** The local table name of a table's logical id in template.yaml. */
    public String table(String logicalId) {
        String name = tableNames.get(logicalId);
        if (name == null) {
            throw new IllegalArgumentException("no table " + logicalId + " in template.yaml");
        }
        return name;
    }

    public Map<String, String> tableNames() {
        return tableNames;
    }

    private void closeQuietly() {
        try {
            close();
        } catch (Exception ignored) {
            // the JVM is exiting
        }
    }

    @Override
    public void close() throws Exception {
        client.close();
        dynamoDb.close();
    }
}
