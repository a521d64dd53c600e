package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.connect.ConnectEntryHandler;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The functions' credentials as Lambda gives a SnapStart function (every function of template.yaml has
 * SnapStart): no access-key variables, a container credentials endpoint on loopback. The functions answer
 * through it; a token the endpoint refuses leaves them without credentials, and a caller gets the safe route.
 */
class LambdaCredentialsEnd2EndTest {
    private static final Path EVENT = EmbeddedStack.repositoryRoot().resolve("events/ConnectEntryFunction.json");
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([A-Z0-9]+)/");

    @Test
    void theFunctionsHaveOnlyTheContainerVariablesAndAnswerTheirNormalRoute() throws Exception {
        LambdaCredentials endpoint = RunningStack.get().credentials();
        assertTrue(RunningStack.get().functions().all().stream().allMatch(FunctionSpec::snapStart), "SnapStart on every function");
        for (String keyVariable : List.of("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN")) {
            assertTrue(Environment.optional(keyVariable).isEmpty(), keyVariable + " is not given to a SnapStart function");
        }
        assertNull(System.getProperty("aws.accessKeyId"));
        assertNull(System.getProperty("aws.secretAccessKey"));
        assertEquals(endpoint.uri().toString(), System.getProperty("aws.containerCredentialsFullUri"));
        assertEquals(endpoint.token(), System.getProperty("aws.containerAuthorizationToken"));

        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("ConnectEntryFunction"))
                .POST(HttpRequest.BodyPublishers.ofFile(EVENT)).build());

        assertEquals(200, response.statusCode(), response.body());
        Map<String, Object> answer = Json.readObject(response.body());
        assertNotEquals("true", answer.get("safeRoute"), "the entry function read DynamoDB with container credentials: " + answer);
        assertFalse(String.valueOf(answer.get("route")).isEmpty(), response.body());
        assertTrue(endpoint.issued() >= 1, "credentials were fetched from the container endpoint");
    }

    @Test
    void aTokenTheEndpointRefusesLeavesTheFunctionWithoutCredentialsAndTheCallerOnTheSafeRoute() throws Exception {
        LambdaCredentials endpoint = RunningStack.get().credentials();
        for (String token : new String[] {"not-the-token", null}) {
            int refusedBefore = endpoint.refused();
            // Under SnapStart the container's init (and its read of the queues) ran before the snapshot, with
            // its credentials; the refused ones are those the restored container fetches for its first request.
            ConnectEntryHandler restored = entryHandlerOfANewContainer();
            Map<String, String> answer = withToken(token, () -> answerOf(restored));

            assertEquals("true", answer.get("safeRoute"), "token " + token + ": " + answer);
            assertEquals("queue", answer.get("route"), "token " + token + ": " + answer);
            assertTrue(endpoint.refused() > refusedBefore, "token " + token + ": the endpoint refused the request");
        }
    }

    @Test
    void theEndpointAnswersTheContainerCredentialProtocol() throws Exception {
        LambdaCredentials endpoint = RunningStack.get().credentials();
        assertTrue(endpoint.uri().getHost().equals("127.0.0.1"), "http is accepted by the SDK on loopback only");
        SdkClientException elsewhere = withToken(endpoint.token(), () -> {
            System.setProperty("aws.containerCredentialsFullUri", "http://192.0.2.10" + LambdaCredentials.PATH);
            return assertThrows(SdkClientException.class, () -> ContainerCredentialsProvider.builder().build().resolveCredentials());
        });
        assertTrue(String.valueOf(elsewhere.getMessage()).contains("loopback"), elsewhere.getMessage());

        assertEquals(401, get(endpoint.uri(), null).statusCode());
        HttpResponse<String> wrong = get(endpoint.uri(), "Bearer " + endpoint.token());
        assertEquals(403, wrong.statusCode());
        assertEquals("AccessDenied", Json.readObject(wrong.body()).get("code"));

        HttpResponse<String> given = get(endpoint.uri(), endpoint.token());
        assertEquals(200, given.statusCode());
        Map<String, Object> credentials = Json.readObject(given.body());
        assertTrue(((String) credentials.get("AccessKeyId")).startsWith("ASIA"), given.body());
        assertFalse(((String) credentials.get("SecretAccessKey")).isEmpty());
        assertFalse(((String) credentials.get("Token")).isEmpty());
        Instant expiration = Instant.parse((String) credentials.get("Expiration"));
        assertTrue(expiration.isAfter(Instant.now()) && !expiration.isAfter(Instant.now().plus(LambdaCredentials.LIFETIME)), given.body());
    }

    /** Credentials are kept until the SDK's refresh margin, then fetched again before any request uses them expired. */
    @Test
    void expiringCredentialsAreFetchedAgainBeforeTheyExpire() throws Exception {
        try (LambdaCredentials lasting = LambdaCredentials.start(LambdaCredentials.LIFETIME);
             LambdaCredentials brief = LambdaCredentials.start(Duration.ofSeconds(61))) {
            List<String> keys = new CopyOnWriteArrayList<>();
            withEndpoint(lasting, () -> {
                try (DynamoDbClient client = signingClient(keys)) {
                    client.listTables();
                    client.listTables();
                }
                return null;
            });
            assertEquals(1, lasting.issued(), "credentials valid 20 minutes are fetched once");
            assertEquals(keys.get(0), keys.get(1));

            keys.clear();
            withEndpoint(brief, () -> {
                try (DynamoDbClient client = signingClient(keys)) {
                    client.listTables();
                    // The SDK uses no credentials within a minute of their expiration: these are, after a second.
                    Thread.sleep(1_100);
                    client.listTables();
                }
                return null;
            });
            assertEquals(2, brief.issued(), "credentials about to expire are fetched again");
            assertNotEquals(keys.get(0), keys.get(1), "the second request is signed with the new credentials");
        }
    }

    @Test
    void theRunnerGivesAccessKeysWithoutSnapStartAndRefusesAMixedTemplate() throws Exception {
        String function = """
                  %s:
                    Type: AWS::Serverless::Function
                    Properties:
                      Handler: fr.accueil.handlers.connect.ConnectEntryHandler::handleRequest
                """;
        Functions without = Functions.from(Template.read(stream("Resources:\n" + function.formatted("A"))), Map.of());
        String snapStart = "      SnapStart:\n        ApplyOn: PublishedVersions\n";
        Functions mixed = Functions.from(Template.read(stream("Resources:\n" + function.formatted("A") + snapStart
                + function.formatted("B"))), Map.of());

        IllegalStateException refused = assertThrows(IllegalStateException.class, () -> LambdaCredentials.give(mixed, Duration.ofMinutes(1)));
        assertTrue(refused.getMessage().contains("SnapStart on [A], not on [B]"), refused.getMessage());

        Map<String, String> saved = saveCredentialSettings();
        try {
            assertNull(LambdaCredentials.give(without, Duration.ofMinutes(20)));
            assertNull(System.getProperty("aws.containerCredentialsFullUri"));
            assertTrue(Environment.optional("AWS_ACCESS_KEY_ID").orElseThrow().startsWith("ASIA"));
            assertEquals(Environment.optional("AWS_ACCESS_KEY_ID").orElseThrow(), AwsClients.credentials().resolveCredentials().accessKeyId(),
                    "the access-key variables come first");
        } finally {
            restore(saved);
        }
    }

    /** A container started now (its own SDK client and stores) whose entry function answers the sample event. */
    private static ConnectEntryHandler entryHandlerOfANewContainer() {
        AppContext container = AppContext.fromEnvironment(AwsClients.dynamoDb());
        return new ConnectEntryHandler(container.voices(), container.contacts(), container.queues(),
                container.queueLoad(), container.clock());
    }

    private static Map<String, String> answerOf(ConnectEntryHandler handler) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        handler.handleRequest(new ByteArrayInputStream(Files.readAllBytes(EVENT)), out, null);
        Map<String, String> answer = new java.util.LinkedHashMap<>();
        Json.readObject(out.toString(StandardCharsets.UTF_8)).forEach((k, v) -> answer.put(k, String.valueOf(v)));
        return answer;
    }

    /** A DynamoDB client as the functions build it, which notes the access key each request is signed with. */
    private static DynamoDbClient signingClient(List<String> keys) {
        ExecutionInterceptor signedWith = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
                Matcher key = ACCESS_KEY.matcher(context.httpRequest().firstMatchingHeader("Authorization").orElse(""));
                keys.add(key.find() ? key.group(1) : "unsigned");
            }
        };
        return AwsClients.configure(DynamoDbClient.builder(), "DYNAMODB")
                .overrideConfiguration(o -> {
                    AwsClients.dynamoDbBounds(o);
                    o.addExecutionInterceptor(signedWith);
                })
                .build();
    }

    private static <T> T withToken(String token, java.util.concurrent.Callable<T> work) throws Exception {
        Map<String, String> saved = saveCredentialSettings();
        try {
            if (token == null) {
                System.clearProperty("aws.containerAuthorizationToken");
            } else {
                System.setProperty("aws.containerAuthorizationToken", token);
            }
            return work.call();
        } finally {
            restore(saved);
        }
    }

    private static <T> T withEndpoint(LambdaCredentials endpoint, java.util.concurrent.Callable<T> work) throws Exception {
        Map<String, String> saved = saveCredentialSettings();
        try {
            System.setProperty("aws.containerCredentialsFullUri", endpoint.uri().toString());
            System.setProperty("aws.containerAuthorizationToken", endpoint.token());
            return work.call();
        } finally {
            restore(saved);
        }
    }

    private static Map<String, String> saveCredentialSettings() {
        RunningStack.get();
        Map<String, String> saved = new java.util.HashMap<>();
        for (String name : List.of("aws.containerCredentialsFullUri", "aws.containerAuthorizationToken", "accueil.env.AWS_ACCESS_KEY_ID",
                "accueil.env.AWS_SECRET_ACCESS_KEY", "accueil.env.AWS_SESSION_TOKEN")) {
            saved.put(name, System.getProperty(name));
        }
        return saved;
    }

    private static void restore(Map<String, String> saved) {
        saved.forEach((name, value) -> {
            if (value == null) {
                System.clearProperty(name);
            } else {
                System.setProperty(name, value);
            }
        });
    }

    private static HttpResponse<String> get(URI uri, String authorization) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return RunningStack.send(request.build());
    }

    private static java.io.InputStream stream(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }
}
