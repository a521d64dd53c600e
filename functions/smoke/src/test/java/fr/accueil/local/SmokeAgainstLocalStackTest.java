package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.smoke.Smoke;
import fr.accueil.smoke.SmokeClients;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * The smoke tier's checks, the very code an operator runs against a deployed stack, run against the local runner:
 * its CloudFormation and Connect answers (LocalControlPlane), DynamoDB Local, the Invoke endpoint and the HTTP API,
 * each reached by overriding the SDK clients' endpoints as AWS_ENDPOINT_URL_<SERVICE> does.
 * Unseeded (a quicker start): the test permanence is then the territory's only one. In the package of the runner,
 * whose start is package-private.
 */
class SmokeAgainstLocalStackTest {
    private static LocalStack stack;
    private static SmokeClients clients;

    @BeforeAll
    static void start() throws Exception {
        stack = LocalStack.start(new LocalStack.Options(0, 0, 0, null, false, null, null, null, null), 1.0);
        clients = clients(stack.controlPlanePort());
    }

    /** Clients of the local stack, their Connect calls answered on the given port. */
    private static SmokeClients clients(int connectPort) {
        Map<String, URI> endpoints = Map.of(
                "CLOUDFORMATION", local(stack.controlPlanePort()),
                "CONNECT", local(connectPort),
                "DYNAMODB", local(stack.dynamoPort()),
                "LAMBDA", local(stack.invokePort()));
        return SmokeClients.of(Region.EU_CENTRAL_1, StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                service -> Optional.ofNullable(endpoints.get(service)));
    }

    private static URI local(int port) {
        return URI.create("http://127.0.0.1:" + port);
    }

    @AfterAll
    static void stop() throws Exception {
        clients.close();
        stack.close();
    }

    @Test
    void everyCheckPassesOnTheLocalStackAndLeavesNothingBehind() {
        List<Smoke.Result> results = new Smoke(clients, LocalControlPlane.STACK_NAME, Clock.systemUTC()).run();
        results.forEach(System.out::println);
        assertEquals(List.of("stack", "tables", "api", "booking", "connect"), results.stream().map(Smoke.Result::check).toList());
        results.forEach(result -> assertEquals(Smoke.Outcome.PASSED, result.outcome(), result.toString()));
        // A second run finds nothing left by the first, and books again.
        List<Smoke.Result> again = new Smoke(clients, LocalControlPlane.STACK_NAME, Clock.systemUTC()).run();
        again.forEach(result -> assertEquals(Smoke.Outcome.PASSED, result.outcome(), result.toString()));
        assertTrue(again.get(3).detail().startsWith("booked smoke-test#"), again.get(3).detail());
        assertTrue(stack.functions().get("ApiReadSitesFunction").isPresent());
    }

    /** The control plane of a template whose survey integration associates another function: Connect's view of it. */
    @Test
    void aFlowInvokingAFunctionNotAssociatedFailsTheConnectCheck() throws Exception {
        String text = Files.readString(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
        String survey = "IntegrationArn: !Ref ConnectSurveyFunction.Alias";
        assertTrue(text.contains(survey));
        Template unassociated = Template.read(new ByteArrayInputStream(
                text.replace(survey, "IntegrationArn: !Ref ConnectMenuFunction.Alias").getBytes(StandardCharsets.UTF_8)));
        LocalControlPlane connect = LocalControlPlane.start(0, unassociated, stack.functions(), Map.of(), stack.phone().flows(),
                "http://127.0.0.1:" + stack.httpPort(), null);
        try (SmokeClients otherConnect = clients(connect.port())) {
            Smoke.Result result = new Smoke(otherConnect, LocalControlPlane.STACK_NAME, Clock.systemUTC()).run().get(4);
            assertEquals(Smoke.Outcome.FAILED, result.outcome(), result.toString());
            assertTrue(result.detail().contains("invokes " + LocalConnect.functionArn("ConnectSurveyFunction") + ", not associated"),
                    result.detail());
        } finally {
            connect.stop();
        }
    }

    @Test
    void anUnknownStackFailsTheFirstCheckAndStops() {
        List<Smoke.Result> results = new Smoke(clients, "no-such-stack", Clock.systemUTC()).run();
        assertEquals(1, results.size());
        assertEquals(Smoke.Outcome.FAILED, results.get(0).outcome());
        assertTrue(results.get(0).detail().contains("does not exist"), results.get(0).detail());
    }
}
