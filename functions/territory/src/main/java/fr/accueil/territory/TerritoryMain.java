package fr.accueil.territory;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryFormat;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.handlers.Json;
import fr.accueil.smoke.DeployedStack;
import fr.accueil.smoke.SmokeClients;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;

/**
 * {@code java -jar accueil-territory.jar --stack NAME import FILE [--dry-run] | export [--out FILE]}: a territory
 * file (docs/operations.md, Territory file) imported into a deployed stack's tables, or exported from them, with the operator's
 * credentials (the SDK's default chain). The stack's CloudFormation description names the tables and the settings.
 * Exit codes: 0 done, 1 the stack or its tables cannot be read, 2 a bad command line or a bad file (every problem
 * printed with its path in the document and a French message; nothing written).
 */
public final class TerritoryMain {
    private static final String USAGE = """
            Usage: java -jar functions/territory/target/accueil-territory.jar --stack NAME [options] import FILE [--dry-run]
                   java -jar functions/territory/target/accueil-territory.jar --stack NAME [options] export [--out FILE]

            import   checks the territory file whole, then brings the stack's directory, voice menu and routing
                     rules in line with it and regenerates the slots; prints what was created, changed and removed.
                     --dry-run prints the same report and writes nothing.
            export   writes the stack's territory as a territory file (to standard output without --out).

            Options:
              --stack NAME                    the CloudFormation stack (required)
              --region R                      its region (default: AWS_REGION, else eu-central-1)
              --cloudformation-endpoint URL   CloudFormation's endpoint (default: AWS's, or AWS_ENDPOINT_URL_CLOUDFORMATION)
              --aws-endpoint URL              the endpoint of DynamoDB and KMS (default: AWS's); AWS_ENDPOINT_URL_<SERVICE> wins for its service
              --help                          print this help
            Credentials: the SDK's default chain (environment, profile, IAM Identity Center…).
            Exit codes: 0 done, 1 the stack cannot be read, 2 a bad command line or a bad file.
            """;
    private static final JSON PRETTY = JSON.builder().enable(JSON.Feature.PRETTY_PRINT_OUTPUT).build();
    /** The day a file is read on, as the local runner reads it: a mobile site's round starts on it. */
    private static final ZoneId TERRITORY_DAY = ZoneId.of("Europe/Paris");

    /** The command line, read. */
    record Command(String stack, Region region, URI cloudFormationEndpoint, URI awsEndpoint, String action, Path file,
                   boolean dryRun) {
        /** The command, or null when help was asked for. */
        static Command parse(String[] args) {
            String stack = null, action = null;
            Region region = null;
            URI cloudFormation = null, aws = null;
            Path file = null;
            boolean dryRun = false;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                switch (arg) {
                    case "--help", "-h" -> {
                        return null;
                    }
                    case "--stack" -> stack = value(args, ++i, arg);
                    case "--region" -> region = Region.of(value(args, ++i, arg));
                    case "--cloudformation-endpoint" -> cloudFormation = uri(arg, value(args, ++i, arg));
                    case "--aws-endpoint" -> aws = uri(arg, value(args, ++i, arg));
                    case "--dry-run" -> dryRun = true;
                    case "--out" -> file = Path.of(value(args, ++i, arg));
                    case "import" -> {
                        action = arg;
                        file = Path.of(value(args, ++i, "import"));
                    }
                    case "export" -> action = arg;
                    default -> throw new IllegalArgumentException("Unknown argument: " + arg);
                }
            }
            if (stack == null || action == null) {
                throw new IllegalArgumentException("Name the stack (--stack NAME) and the action (import FILE or export).");
            }
            if (dryRun && !action.equals("import")) {
                throw new IllegalArgumentException("--dry-run goes with import.");
            }
            return new Command(stack, region == null ? AwsClients.region() : region, cloudFormation, aws, action, file, dryRun);
        }

        /**
         * The endpoint of a service by its name as in AWS_ENDPOINT_URL_<SERVICE>: CloudFormation's option; for the
         * others the service's own variable, else --aws-endpoint (as the SDKs rank AWS_ENDPOINT_URL_<SERVICE> over
         * the global AWS_ENDPOINT_URL).
         */
        Optional<URI> endpoint(String service) {
            if (service.equals("CLOUDFORMATION")) {
                return Optional.ofNullable(cloudFormationEndpoint).or(() -> SmokeClients.environmentEndpoint(service));
            }
            return Environment.optional("AWS_ENDPOINT_URL_" + service).map(URI::create)
                    .or(() -> Optional.ofNullable(awsEndpoint)).or(() -> SmokeClients.environmentEndpoint(service));
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static URI uri(String option, String value) {
            try {
                URI uri = URI.create(value);
                if (uri.getScheme() == null || uri.getHost() == null) {
                    throw new IllegalArgumentException();
                }
                return uri;
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " takes a URL such as http://127.0.0.1:4566, not " + value);
            }
        }
    }

    private TerritoryMain() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        Command command;
        try {
            command = Command.parse(args);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            err.println();
            err.print(USAGE);
            return 2;
        }
        if (command == null) {
            out.print(USAGE);
            return 0;
        }
        LocalDate today = LocalDate.now(TERRITORY_DAY);
        Territory territory = null;
        if (command.action().equals("import")) {
            // Checked before the stack is asked anything: a bad file is told the same whatever the stack.
            try (InputStream file = Files.newInputStream(command.file())) {
                territory = TerritoryFormat.parse(Json.readObject(file), today);
            } catch (InvalidTreeException e) {
                err.println(command.file() + " : " + e.getMessage());
                return 2;
            } catch (NoSuchFileException e) {
                err.println(command.file() + " : fichier introuvable");
                return 2;
            } catch (JsonProcessingException e) {
                err.println(command.file() + " : JSON illisible : " + e.getOriginalMessage());
                return 2;
            } catch (IOException e) {
                err.println(command.file() + " : illisible : " + e.getMessage());
                return 2;
            }
        }
        Function<String, Optional<URI>> endpoint = command::endpoint;
        try (DefaultCredentialsProvider credentials = DefaultCredentialsProvider.builder().build();
             SmokeClients clients = SmokeClients.of(command.region(), credentials, endpoint)) {
            StackTerritory stack;
            try {
                stack = StackTerritory.of(DeployedStack.describe(clients.cloudFormation(), command.stack()), clients.dynamoDb(),
                        command.region(), credentials, endpoint);
            } catch (SdkException | IllegalStateException e) {
                err.println("Pile « " + command.stack() + " » illisible (" + command.region() + ") : " + e.getMessage());
                return 1;
            }
            if (territory != null) {
                TerritoryImport territoryImport = stack.territoryImport();
                try {
                    TerritoryImport.Report report = command.dryRun() ? territoryImport.dryRun(territory) : territoryImport.apply(territory);
                    out.print(report.text());
                    return 0;
                } catch (InvalidTreeException e) {
                    err.println(command.file() + " : " + e.getMessage());
                    return 2;
                }
            }
            Optional<Territory> stored = stack.stored();
            if (stored.isEmpty()) {
                err.println("Le territoire « " + stack.territoryId() + " » de la pile " + command.stack()
                        + " n'a ni menu ni règles de routage : aucun fichier n'y a été importé.");
                return 1;
            }
            String document = PRETTY.asString(TerritoryFormat.toTree(stored.get(), today)) + "\n";
            if (command.file() == null) {
                out.print(document);
            } else {
                Files.writeString(command.file(), document, StandardCharsets.UTF_8);
                err.println("Territoire « " + stack.territoryId() + " » écrit dans " + command.file());
            }
            return 0;
        } catch (SdkException e) {
            err.println("Pile « " + command.stack() + " » : " + e.getMessage());
            return 1;
        } catch (IOException e) {
            err.println(command.file() + " : " + e.getMessage());
            return 1;
        }
    }
}
