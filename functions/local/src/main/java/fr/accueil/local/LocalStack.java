package fr.accueil.local;

import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.embedded.LoopbackKms;
import fr.accueil.embedded.LoopbackMessaging;
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
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** The whole local stack: DynamoDB Local, the Invoke endpoint, the HTTP API and pages. */
final class LocalStack implements AutoCloseable {
    static final String LOOPBACK = "127.0.0.1";

    /**
     * Start-up options; ports of 0 take any free port (tests).
     *
     * @param queueLoad     the simulated queue load, as SIMULATED_QUEUE_LOAD reads it; null for empty queues
     * @param fixedClock    the instant every function takes for now (FIXED_CLOCK); null for the real time
     * @param queueCapacity the queues' maximum contacts, as SIMULATED_QUEUE_CAPACITY reads it; null for no limit
     * @param seedFiles     the territory files to seed (--seed, repeated); empty or null for the demo's. Several share the
     *                      number (a regional number): the first is the stack's TerritoryId, the others its
     *                      RegionTerritoryIds
     * @param territoryId   unseeded, the territory served (a stack deployed with that TerritoryId and nothing imported
     *                      yet); null for the template's default
     * @param webhook       where the partner events go (--webhook and its filters), {@link LocalEventBridge.Webhook#none()}
     *                      for nowhere
     * @param queueAgents   the agents available per queue, as SIMULATED_QUEUE_AGENTS reads it; null for the default
     */
    record Options(int httpPort, int invokePort, int dynamoPort, Path dataDir, boolean seed,
                   Path template, List<Path> seedFiles, String queueLoad, Instant fixedClock, String queueCapacity,
                   String territoryId, LocalEventBridge.Webhook webhook, String queueAgents) {
        Options {
            seedFiles = seedFiles == null ? List.of() : List.copyOf(seedFiles);
        }

        Options(int httpPort, int invokePort, int dynamoPort, Path dataDir, boolean seed,
                Path template, Path seedFile, String queueLoad, Instant fixedClock) {
            this(httpPort, invokePort, dynamoPort, dataDir, seed, template, seedFile == null ? List.of() : List.of(seedFile),
                    queueLoad, fixedClock, null, null, LocalEventBridge.Webhook.none(), null);
        }

        static Options defaults() {
            return new Options(3000, 3001, 8000, null, true, null, null, null, null);
        }
    }

    /** A port already in use: the runner says so and exits with 1. */
    static final class PortTakenException extends Exception {
        PortTakenException(String what, int port) {
            super("Port " + port + " (" + what + ") is already in use on " + LOOPBACK
                    + ". Stop what uses it or choose another port (see --help).");
        }
    }

    /** A territory file with problems: the runner prints each (path and French message) and exits with 2. */
    static final class BadTerritoryException extends Exception {
        BadTerritoryException(Path file, String problems) {
            super((file == null ? "seed/" + DemoSeed.TERRITORY : file) + " : " + problems);
        }
    }

    private final EmbeddedStack stack;
    private final InvokeServer invokeServer;
    private final HttpApiServer httpServer;
    private final ExecutorService executor;
    private final Functions functions;
    private final List<DemoSeed.Summary> seeded;
    /** Calls through the deployed contact flows (POST /api/phone/calls, the phone command). */
    private LocalPhone phone;
    /** An ID token of the dev agent (every role, every site), valid 12 hours, for curl and the agent pages. */
    private String devAgentToken;
    /** The runner's user pool: mints agents' ID tokens, verifies them as the authorizer (tests mint any role with it). */
    private DevAgentTokens agentTokens;
    private LocalEventBridge events;
    /** The container credentials endpoint of the SnapStart functions, or null when they have access keys. */
    private LambdaCredentials credentials;
    /** CloudFormation's and Connect's calls the smoke tier makes, answered for this stack. */
    private LocalControlPlane controlPlane;

    private final LocalParameterStore parameterStore;
    /** SNS and SES on loopback: what the functions sent. */
    private LoopbackMessaging messaging;
    /** KMS on loopback: the messages' key. */
    private LoopbackKms kms;
    /** The template's DynamoDB event sources, polled as Lambda's event source mappings poll them. */
    private StreamMappings streams;

    private LocalStack(EmbeddedStack stack, InvokeServer invokeServer, HttpApiServer httpServer,
                       ExecutorService executor, Functions functions, List<DemoSeed.Summary> seeded,
                       LocalParameterStore parameterStore) {
        this.parameterStore = parameterStore;
        this.stack = stack;
        this.invokeServer = invokeServer;
        this.httpServer = httpServer;
        this.executor = executor;
        this.functions = functions;
        this.seeded = seeded;
    }

    /** Without Connect, the simulated citizen answers this share of automatic callbacks. */
    static final double DEFAULT_ANSWER_RATE = 0.8;

    static LocalStack start(Options options) throws Exception {
        return start(options, DEFAULT_ANSWER_RATE);
    }

    /** @param answerRate the simulated citizen's answer rate (0 to 1), used when no Connect instance is configured */
    static LocalStack start(Options options, double answerRate) throws Exception {
        if (!(answerRate >= 0 && answerRate <= 1)) {
            throw new IllegalArgumentException("the answer rate is between 0 and 1");
        }
        // Read before anything starts: a bad file leaves nothing running behind the message.
        List<Territory> territories = new ArrayList<>();
        for (Path seedFile : options.seedFiles().isEmpty() ? java.util.Collections.<Path>singletonList(null) : options.seedFiles()) {
            try (InputStream file = seedFile(seedFile)) {
                territories.add(DemoSeed.read(file, LocalDate.now(ZoneId.of("Europe/Paris"))));
            } catch (InvalidTreeException e) {
                throw new BadTerritoryException(seedFile, e.getMessage());
            } catch (java.nio.file.NoSuchFileException e) {
                throw new BadTerritoryException(seedFile, "fichier introuvable");
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new BadTerritoryException(seedFile, "JSON illisible : " + e.getOriginalMessage());
            }
        }
        Territory territory = territories.get(0);
        List<String> region = territories.stream().skip(1).map(Territory::id).toList();
        ensureFree("DynamoDB Local", options.dynamoPort());
        ensureFree("Lambda Invoke", options.invokePort());
        ensureFree("HTTP API", options.httpPort());
        Template template = readTemplate(options.template());
        EmbeddedStack stack = EmbeddedStack.start(options.dynamoPort(), options.dataDir(), template);
        List<AutoCloseable> started = new ArrayList<>(List.of(stack));
        try {
            Functions functions = Functions.from(template, stack.tableNames());
            configureFunctions(functions, stack, options);
            // SNS and SES as the functions' SDK clients reach them on AWS, on loopback (the mailbox page shows them).
            LoopbackMessaging messaging = LoopbackMessaging.start();
            started.add(messaging);
            Environment.setLocally("AWS_ENDPOINT_URL_SNS", messaging.endpoint().toString());
            Environment.setLocally("AWS_ENDPOINT_URL_SESV2", messaging.endpoint().toString());
            DevMailbox.show(messaging);
            // The messages' key: KMS on loopback, the key named as the template's MessagesKey.
            LoopbackKms kms = LoopbackKms.start();
            started.add(kms);
            Environment.setLocally("AWS_ENDPOINT_URL_KMS", kms.endpoint().toString());
            Environment.setLocally("MESSAGES_KEY_ID", TemplateValues.kmsKeyArn(LocalClients.REGION.id(), "MessagesKey"));
            if (options.seed()) {
                // The runner serves the territory it seeds, as a stack deployed with TerritoryId set to it.
                Environment.setLocally("TERRITORY_ID", territory.id());
                // Several files: one regional number, as a stack deployed with RegionTerritoryIds.
                Environment.setLocally("REGION_TERRITORY_IDS", String.join(",", region));
            } else if (options.territoryId() != null) {
                Environment.setLocally("TERRITORY_ID", options.territoryId());
            }
            LambdaCredentials credentials = LambdaCredentials.give(functions, LambdaCredentials.LIFETIME);
            if (credentials != null) {
                started.add(credentials);
            }
            LocalParameterStore parameterStore = LocalParameterStore.start();
            started.add(parameterStore::stop);
            LocalConnect.configureQueues(territories.stream().flatMap(t -> t.queueKeys().stream()).toList(), template,
                    parameterStore);
            String templateText = readTemplateText(options.template());
            boolean simulated = Environment.optional("CONNECT_INSTANCE_ID").isEmpty();
            if (simulated) {
                Environment.setLocally("SIMULATED_ANSWER_RATE", Double.toString(answerRate));
                // What the template gives the dispatcher on AWS: the id of the deployed outbound flow.
                ContactFlows.idOf(templateText, ContactFlows.OUTBOUND_FILE)
                        .ifPresent(id -> Environment.setLocally("OUTBOUND_CONTACT_FLOW_ID", id));
            }
            DevAgentTokens agentTokens = DevAgentTokens.random(java.time.Clock.systemUTC());
            List<DemoSeed.Summary> seeded = new ArrayList<>();
            if (options.seed()) {
                AppContext app = AppContext.get();
                TerritoryImport territoryImport = app.booking().territoryImport(app.voiceMenus(), app.voices().territoryIds());
                territories.forEach(seeding -> seeded.add(DemoSeed.seed(seeding, territoryImport)));
            }
            LambdaInvoker invoker = new LambdaInvoker();
            ExecutorService executor = Executors.newCachedThreadPool();
            started.add(executor::shutdownNow);
            InvokeServer invoke = InvokeServer.start(options.invokePort(), functions, invoker, executor);
            started.add(invoke::stop);
            // The partner events' bus, then the tables' streams that feed it and the message sender.
            LocalEventBridge events = LocalEventBridge.start(template, options.webhook(), functions, invoker);
            started.add(events::stop);
            StreamMappings streams = StreamMappings.start(template, stack.tableNames(), stack.client(),
                    LocalClients.streams(stack.dynamoDb().endpoint()), functions, invoker);
            started.add(streams);
            LocalPhone phone = LocalPhone.of(template, templateText, flowReader(options.template()), functions, invoker, executor, events::emit);
            HttpApiServer http = HttpApiServer.start(options.httpPort(), functions, invoker, executor, agentTokens, phone);
            started.add(http::stop);
            if (simulated) {
                // The simulated citizen's phone: answered callbacks ring it and play the outbound flow.
                Environment.setLocally("SIMULATED_PHONE_URL", "http://" + LOOPBACK + ":" + http.port() + PhoneApi.OUTBOUND);
            }
            LocalControlPlane controlPlane = LocalControlPlane.start(0, template, functions, stack.tableNames(), phone.flows(),
                    "http://" + LOOPBACK + ":" + http.port(), executor);
            started.add(controlPlane::stop);
            LocalStack local = new LocalStack(stack, invoke, http, executor, functions, seeded, parameterStore);
            local.messaging = messaging;
            local.kms = kms;
            local.streams = streams;
            local.phone = phone;
            local.credentials = credentials;
            local.controlPlane = controlPlane;
            local.devAgentToken = agentTokens.issue(DevAgentTokens.Agent.everything("agent-local"), DevAgentTokens.VALIDITY);
            local.agentTokens = agentTokens;
            local.events = events;
            return local;
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

    /** The template's text, from the same place {@link #readTemplate} reads it. */
    private static String readTemplateText(Path path) throws IOException {
        Path file = path != null ? path : Path.of("template.yaml");
        if (Files.exists(file)) {
            return Files.readString(file);
        }
        try (InputStream bundled = LocalStack.class.getClassLoader().getResourceAsStream("template.yaml")) {
            return new String(bundled.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        }
    }

    /** Flow files ("flows/entry.json") next to the template read, else the copies bundled in the jar. */
    private static java.util.function.Function<String, String> flowReader(Path templatePath) {
        Path template = templatePath != null ? templatePath : Path.of("template.yaml");
        return name -> {
            try {
                if (Files.exists(template)) {
                    return Files.readString(template.toAbsolutePath().resolveSibling(name));
                }
                try (InputStream bundled = LocalStack.class.getClassLoader().getResourceAsStream(name)) {
                    if (bundled == null) {
                        throw new IOException(name + " not found");
                    }
                    return new String(bundled.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    /** The territory file chosen by --seed; without it, the repository's seed/ or the copy bundled in the jar. */
    private static InputStream seedFile(Path chosen) throws IOException {
        String name = DemoSeed.TERRITORY;
        if (chosen != null) {
            return Files.newInputStream(chosen);
        }
        Path inRepository = Path.of("seed", name);
        if (Files.exists(inRepository)) {
            return Files.newInputStream(inRepository);
        }
        InputStream bundled = LocalStack.class.getClassLoader().getResourceAsStream("seed/" + name);
        if (bundled == null) {
            throw new UncheckedIOException(new IOException("seed/" + name + " not found"));
        }
        return bundled;
    }

    /**
     * The functions read their configuration as on Lambda; here they share one JVM, so the
     * template's environment is given to all of them, pointing their clients at DynamoDB Local
     * (their credentials: {@link LambdaCredentials}).
     */
    private static void configureFunctions(Functions functions, EmbeddedStack stack, Options options) {
        functions.all().forEach(f -> f.environment().forEach(Environment::setLocally));
        if (options.queueLoad() != null) {
            Environment.setLocally("SIMULATED_QUEUE_LOAD", options.queueLoad());
        }
        if (options.queueAgents() != null) {
            Environment.setLocally("SIMULATED_QUEUE_AGENTS", options.queueAgents());
        }
        if (options.queueCapacity() != null) {
            Environment.setLocally(LocalPhone.QUEUE_CAPACITY, options.queueCapacity());
        }
        if (options.fixedClock() != null) {
            Environment.setLocally("FIXED_CLOCK", options.fixedClock().toString());
        }
        Environment.setLocally("AWS_REGION", LocalClients.REGION.id());
        Environment.setLocally("AWS_ENDPOINT_URL_DYNAMODB", stack.dynamoDb().endpoint().toString());
    }

    Functions functions() {
        return functions;
    }

    LoopbackMessaging messaging() {
        return messaging;
    }

    StreamMappings streams() {
        return streams;
    }

    LocalPhone phone() {
        return phone;
    }

    /** The local EventBridge of the partner events. */
    LocalEventBridge events() {
        return events;
    }

    String devAgentToken() {
        return devAgentToken;
    }

    DevAgentTokens agentTokens() {
        return agentTokens;
    }

    LambdaCredentials credentials() {
        return credentials;
    }

    /** The territories seeded, the stack's own first; empty when nothing was. */
    List<DemoSeed.Summary> seeded() {
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

    int controlPlanePort() {
        return controlPlane.port();
    }

    /** KMS on loopback, where the messages' key is (AWS_ENDPOINT_URL_KMS for the territory command). */
    java.net.URI kmsEndpoint() {
        return kms.endpoint();
    }

    @Override
    public void close() throws Exception {
        streams.close();
        messaging.close();
        kms.close();
        controlPlane.stop();
        httpServer.stop();
        invokeServer.stop();
        executor.shutdownNow();
        if (credentials != null) {
            credentials.close();
        }
        parameterStore.stop();
        stack.close();
    }
}
