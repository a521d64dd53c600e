package fr.accueil.local;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.AppContext;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The whole local stack: DynamoDB Local, the Invoke endpoint, the HTTP API and pages. */
final class LocalStack implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";

    /** Start-up options; ports of 0 take any free port (tests). */
    record Options(int httpPort, int invokePort, int dynamoPort, Path dataDir, boolean seed,
                   Path template, Path seedFile) {
        static Options defaults() {
            return new Options(3000, 3001, 8000, null, true, null, null);
        }
    }

    /** A port already in use: the runner says so and exits with 1. */
    static final class PortTakenException extends Exception {
        PortTakenException(String what, int port) {
            super("Port " + port + " (" + what + ") is already in use on " + LOOPBACK
                    + ". Stop what uses it or choose another port (see --help).");
        }
    }

    private final EmbeddedStack stack;
    private final InvokeServer invokeServer;
    private final HttpApiServer httpServer;
    private final ExecutorService executor;
    private final Functions functions;
    private final DemoSeed.Summary seeded;

    private LocalStack(EmbeddedStack stack, InvokeServer invokeServer, HttpApiServer httpServer,
                       ExecutorService executor, Functions functions, DemoSeed.Summary seeded) {
        this.stack = stack;
        this.invokeServer = invokeServer;
        this.httpServer = httpServer;
        this.executor = executor;
        this.functions = functions;
        this.seeded = seeded;
    }

    static LocalStack start(Options options) throws Exception {
        ensureFree("DynamoDB Local", options.dynamoPort());
        ensureFree("Lambda Invoke", options.invokePort());
        ensureFree("HTTP API", options.httpPort());
        Template template = readTemplate(options.template());
        EmbeddedStack stack = EmbeddedStack.start(options.dynamoPort(), options.dataDir(), template);
        List<AutoCloseable> started = new ArrayList<>(List.of(stack));
        try {
            Functions functions = Functions.from(template, stack.tableNames());
            configureFunctions(functions, stack);
            DemoSeed.Summary seeded = null;
            if (options.seed() && AppContext.get().directory().sites(AppContext.get().territoryId()).isEmpty()) {
                try (InputStream seed = seedFile(options.seedFile())) {
                    seeded = DemoSeed.seed(seed, AppContext.get().directory(), LocalDate.now(ZoneId.of("Europe/Paris")));
                }
            }
            if (options.seed()) {
                // What the daily schedule does on AWS, so the demo has slots to book from the start.
                AppContext.get().booking().regenerateAll();
            }
            LambdaInvoker invoker = new LambdaInvoker();
            ExecutorService executor = Executors.newCachedThreadPool();
            started.add(executor::shutdownNow);
            InvokeServer invoke = InvokeServer.start(options.invokePort(), functions, invoker, executor);
            started.add(invoke::stop);
            HttpApiServer http = HttpApiServer.start(options.httpPort(), functions, invoker, executor);
            return new LocalStack(stack, invoke, http, executor, functions, seeded);
        } catch (Exception e) {
            java.util.Collections.reverse(started);
            for (AutoCloseable c : started) {
                c.close();
            }
            throw e;
        }
    }

    private static void ensureFree(String what, int port) throws PortTakenException {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
        } catch (IOException e) {
            throw new PortTakenException(what, port);
        }
    }

    private static Template readTemplate(Path path) throws IOException {
        Path file = path != null ? path : Path.of("template.yaml");
        if (Files.exists(file)) {
            return Template.read(file);
        }
        if (path != null) {
            throw new IOException("template not found: " + path);
        }
        try (InputStream bundled = LocalStack.class.getClassLoader().getResourceAsStream("template.yaml")) {
            return Template.read(bundled);
        }
    }

    private static InputStream seedFile(Path path) throws IOException {
        if (path != null) {
            return Files.newInputStream(path);
        }
        Path inRepository = Path.of("seed", "demo-territory.json");
        if (Files.exists(inRepository)) {
            return Files.newInputStream(inRepository);
        }
        InputStream bundled = LocalStack.class.getClassLoader().getResourceAsStream("seed/demo-territory.json");
        if (bundled == null) {
            throw new UncheckedIOException(new IOException("seed/demo-territory.json not found"));
        }
        return bundled;
    }

    /**
     * The functions read their configuration as on Lambda; here they share one JVM, so the
     * template's environment is given to all of them, pointing their clients at DynamoDB Local.
     */
    private static void configureFunctions(Functions functions, EmbeddedStack stack) {
        functions.all().forEach(f -> f.environment().forEach(Environment::setLocally));
        Environment.setLocally("AWS_REGION", LocalClients.REGION.id());
        Environment.setLocally("AWS_ENDPOINT_URL_DYNAMODB", stack.dynamoDb().endpoint().toString());
        System.setProperty("aws.accessKeyId", "local");
        System.setProperty("aws.secretAccessKey", "local");
    }

    Functions functions() {
        return functions;
    }

    DemoSeed.Summary seeded() {
        return seeded;
    }

    int dynamoPort() {
        return stack.dynamoDb().port();
    }

    int httpPort() {
        return httpServer.port();
    }

    int invokePort() {
        return invokeServer.port();
    }

    @Override
    public void close() throws Exception {
        httpServer.stop();
        invokeServer.stop();
        executor.shutdownNow();
        stack.close();
    }
}
