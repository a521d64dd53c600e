package fr.accueil.local;

import fr.accueil.connect.QueueLoads;
import fr.accueil.storage.Environment;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar accueil-local.jar [options]}: starts the local stack on loopback and
 * serves until Ctrl-C.
 */
public final class Main {
    private static final String USAGE = """
            Usage: java -jar functions/local/target/accueil-local.jar [options]
                   java -jar functions/local/target/accueil-local.jar phone --from +33612345678 [options]

            Starts Accueil on this machine, on 127.0.0.1 only: DynamoDB Local with the tables of
            template.yaml, the Lambda Invoke endpoint, the HTTP API and the web pages (the softphone:
            /telephone.html). "phone" takes a call in the terminal instead (phone --help).

            Options:
              --http-port N       HTTP API and web pages (default 3000)
              --invoke-port N     Lambda Invoke endpoint, like `sam local start-lambda` (default 3001)
              --dynamodb-port N   DynamoDB Local (default 8000)
              --data-dir DIR      keep DynamoDB Local's data in DIR across restarts (default: in memory)
              --no-seed           do not seed the demo territory
              --seed FILE         import the territory file FILE (default seed/demo-territory.json) and serve
                                  its territory; a file with problems: each printed, exit code 2. Repeated
                                  (--seed A --seed B) or A,B: one regional number for those territories,
                                  callers routed by postcode; the first is the stack's own (TerritoryId)
              --territory-id ID   with --no-seed, serve territory ID with nothing imported, as a stack just
                                  deployed with TerritoryId=ID (import it with accueil-territory.jar, docs/operations.md)
              --template FILE     the SAM template to read (default ./template.yaml, else the bundled copy)
              --answer-rate R     without Connect, share of automatic callbacks the simulated citizen
                                  answers, from 0 to 1 (default 0.8)
              --queue-load LOADS  simulated Connect queue load, e.g. retraite=8,emploi=0/600 (callers waiting,
                                  optionally /seconds the oldest has waited); above the routing rules'
                                  callbackAbove the menu offers a callback (default: every queue empty)
              --queue-agents A    simulated agents available per queue, e.g. retraite=0,general=1: the
                                  dispatcher dials a queue's callbacks only while it has a free agent
                                  (default: 2 in every queue)
              --queue-capacity C  simulated Connect queues' maximum contacts, e.g. emploi=3,general=50: a
                                  transfer to a queue whose load has reached it takes QueueAtCapacity
                                  (default: no limit)
              --fixed-clock T     take the ISO instant T (2026-12-25T10:00:00Z) as now, to hear the
                                  closed message or a holiday at any hour (default: the real time)
              --webhook URL       deliver the partner events (docs/events.md) to URL, as the PartnerWebhookUrl
                                  parameter does on AWS: POST, header X-Accueil-Webhook-Key, retried
                                  (default: none; GET /api/dev/events lists them anyway)
              --webhook-partners IDS  only these partners' events, e.g. carsat,cpam (default: all)
              --webhook-themes IDS    only these themes' events, e.g. retraite (default: all)
              --webhook-key KEY   the X-Accueil-Webhook-Key value (default: a random key, printed)
              --help              print this help
            """;

    private Main() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && "phone".equals(args[0])) {
            PhoneTerminal.main(java.util.Arrays.copyOfRange(args, 1, args.length));
            return;
        }
        LocalStack.Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println();
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        LocalStack stack;
        try {
            stack = LocalStack.start(options, answerRate(args));
        } catch (LocalStack.PortTakenException e) {
            System.err.println(e.getMessage());
            System.exit(1);
            return;
        } catch (LocalStack.BadTerritoryException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Accueil…");
            try {
                stack.close();
            } catch (Exception e) {
                System.err.println("while stopping: " + e);
            }
            stopped.countDown();
        }));
        banner(stack, options);
        stopped.await();
    }

    private static void banner(LocalStack stack, LocalStack.Options options) {
        String base = "http://" + LocalStack.LOOPBACK + ":";
        StringBuilder text = new StringBuilder();
        text.append("Accueil is running on loopback (Ctrl-C stops it).\n");
        text.append("  DynamoDB Local   ").append(base).append(stack.dynamoPort())
                .append(options.dataDir() == null ? "  (in memory)" : "  (data in " + options.dataDir() + ")").append('\n');
        text.append("  Lambda Invoke    ").append(base).append(stack.invokePort())
                .append("  functions: ").append(String.join(", ", stack.functions().all().stream().map(FunctionSpec::logicalId).toList())).append('\n');
        text.append("  HTTP API, pages  ").append(base).append(stack.httpPort()).append('\n');
        text.append("  CloudFormation   ").append(base).append(stack.controlPlanePort()).append("  stack ")
                .append(LocalControlPlane.STACK_NAME).append(" (territory and smoke commands: --cloudformation-endpoint)\n");
        text.append("  KMS              ").append(stack.kmsEndpoint()).append("  the messages' key (territory command: AWS_ENDPOINT_URL_KMS)\n");
        text.append("  Credentials      ").append(stack.credentials() == null
                ? "access-key variables (no function has SnapStart)"
                : stack.credentials().uri() + "  (SnapStart: the functions' container credentials endpoint)").append('\n');
        stack.functions().all().forEach(f -> f.routes().forEach(r ->
                text.append("      ").append(r.routeKey()).append("  → ").append(f.logicalId()).append('\n')));
        for (DemoSeed.Summary s : stack.seeded()) {
            text.append("  Seeded territory '").append(s.territoryId()).append("': ").append(s.sites()).append(" sites, ")
                    .append(s.partners()).append(" partners, ").append(s.themes()).append(" themes, ")
                    .append(s.permanences()).append(" permanences\n");
        }
        if (!options.webhook().url().isEmpty()) {
            text.append("  Partner events   → ").append(options.webhook().url()).append("  X-Accueil-Webhook-Key: ")
                    .append(options.webhook().key()).append('\n');
        }
        text.append("  Dev agent token (12 h, every role, every site):\n      ").append(stack.devAgentToken()).append('\n');
        text.append("  Tokens of other roles and scopes: ").append(base).append(stack.httpPort()).append(DevAgentTokens.MINT_PATH)
                .append("?groups=agents&site=metz-borny (groups: agents, managers, coordinators, referents, data-protection;")
                .append(" site: ids separated by commas, or *; partner: a referent's)\n");
        text.append("Try: curl ").append(base).append(stack.httpPort()).append("/api/sites\n");
        text.append("     curl -H \"Authorization: Bearer $TOKEN\" '").append(base).append(stack.httpPort())
                .append("/api/agent/callbacks?site=metz-borny'\n");
        System.out.print(text);
        System.out.flush();
    }

    /** The options, or null when help was asked for. */
    static LocalStack.Options parse(String[] args) {
        LocalStack.Options o = LocalStack.Options.defaults();
        int http = o.httpPort(), invoke = o.invokePort(), dynamo = o.dynamoPort();
        Path dataDir = null, template = null;
        List<Path> seedFiles = new ArrayList<>();
        String queueLoad = null, queueCapacity = null, queueAgents = null;
        Instant fixedClock = null;
        boolean seed = true;
        String territoryId = null;
        String webhookUrl = "", webhookPartners = "", webhookThemes = "", webhookKey = LocalEventBridge.Webhook.randomKey();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--http-port" -> http = port(arg, value(args, ++i, arg));
                case "--invoke-port" -> invoke = port(arg, value(args, ++i, arg));
                case "--dynamodb-port" -> dynamo = port(arg, value(args, ++i, arg));
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, arg));
                case "--no-seed" -> seed = false;
                case "--seed" -> Arrays.stream(value(args, ++i, arg).split(",")).map(Path::of).forEach(seedFiles::add);
                case "--territory-id" -> territoryId = territoryId(arg, value(args, ++i, arg));
                case "--template" -> template = Path.of(value(args, ++i, arg));
                case "--answer-rate" -> rate(arg, value(args, ++i, arg));
                case "--queue-load" -> queueLoad = queueLoad(arg, value(args, ++i, arg));
                case "--queue-agents" -> queueAgents = queueAgents(arg, value(args, ++i, arg));
                case "--queue-capacity" -> queueCapacity = queueCapacity(arg, value(args, ++i, arg));
                case "--fixed-clock" -> fixedClock = instant(arg, value(args, ++i, arg));
                case "--webhook" -> webhookUrl = webhookUrl(arg, value(args, ++i, arg));
                case "--webhook-partners" -> webhookPartners = ids(arg, value(args, ++i, arg));
                case "--webhook-themes" -> webhookThemes = ids(arg, value(args, ++i, arg));
                case "--webhook-key" -> webhookKey = value(args, ++i, arg);
                default -> throw new IllegalArgumentException("Unknown option: " + arg);
            }
        }
        if (territoryId != null && seed) {
            throw new IllegalArgumentException("--territory-id goes with --no-seed (a seeded runner serves its file's territory)");
        }
        return new LocalStack.Options(http, invoke, dynamo, dataDir, seed, template, seedFiles, queueLoad, fixedClock, queueCapacity,
                territoryId, new LocalEventBridge.Webhook(webhookUrl, webhookPartners, webhookThemes, webhookKey), queueAgents);
    }

    /** As the template's TerritoryId parameter allows it. */
    private static String territoryId(String option, String value) {
        if (!value.matches("[a-z0-9-]{2,40}")) {
            throw new IllegalArgumentException(option + " takes 2 to 40 lower-case letters, digits and hyphens, not " + value);
        }
        return value;
    }

    /** As the PartnerWebhookUrl parameter, but plain http is accepted locally (a receiver on loopback). */
    private static String webhookUrl(String option, String value) {
        if (!value.matches("https?://[^\\s]+")) {
            throw new IllegalArgumentException(option + " takes an http(s) URL, not " + value);
        }
        return value;
    }

    /** As the PartnerWebhookPartnerIds and PartnerWebhookThemeIds parameters: ids separated by commas. */
    private static String ids(String option, String value) {
        if (!value.matches("[a-z0-9-]+(,[a-z0-9-]+)*")) {
            throw new IllegalArgumentException(option + " takes ids separated by commas (a-z, 0-9, -), not " + value);
        }
        return value;
    }

    private static String queueCapacity(String option, String value) {
        java.util.Map<String, String> pairs = Environment.pairsOf(value);
        if (pairs.isEmpty() || !pairs.values().stream().allMatch(n -> n.matches("\\d{1,6}"))) {
            throw new IllegalArgumentException(option + " takes queue=maximum pairs separated by commas, not " + value);
        }
        return value;
    }

    private static String queueLoad(String option, String value) {
        try {
            QueueLoads.simulated(Environment.pairsOf(value), java.util.Map.of());
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " takes queue=callers[/seconds] pairs separated by commas, not " + value);
        }
    }

    private static String queueAgents(String option, String value) {
        try {
            java.util.Map<String, String> pairs = Environment.pairsOf(value);
            QueueLoads.simulated(java.util.Map.of(), pairs);
            if (pairs.isEmpty()) {
                throw new IllegalArgumentException("no pair");
            }
            return value;
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(option + " takes queue=agents pairs separated by commas, not " + value);
        }
    }

    private static Instant instant(String option, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(option + " takes an ISO instant such as 2026-12-25T10:00:00Z, not " + value);
        }
    }

    /** The --answer-rate given, else the default; parse() has checked it. */
    static double answerRate(String[] args) {
        for (int i = 0; i < args.length - 1; i++) {
            if ("--answer-rate".equals(args[i])) {
                return rate("--answer-rate", args[i + 1]);
            }
        }
        return LocalStack.DEFAULT_ANSWER_RATE;
    }

    private static double rate(String option, String value) {
        try {
            double rate = Double.parseDouble(value);
            if (!(rate >= 0 && rate <= 1)) {
                throw new NumberFormatException();
            }
            return rate;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a rate from 0 to 1, not " + value);
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[i];
    }

    private static int port(String option, String value) {
        try {
            int port = Integer.parseInt(value);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " takes a port number from 0 to 65535, not " + value);
        }
    }
}
