package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.handlers.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The runner's three ports, as a new user and the aws CLI talk to them. */
class LocalStackEnd2EndTest {

    @Test
    void dynamoDbLocalServesTheTablesOfTheTemplate() {
        try (DynamoDbClient client = LocalClients.dynamo(URI.create("http://127.0.0.1:" + RunningStack.get().dynamoPort()))) {
            assertTrue(client.listTables().tableNames()
                    .containsAll(List.of("ContactsTable", "DirectoryTable", "BookingTable", "CallbacksTable")));
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void theHttpApiListsTheSeededSites() throws Exception {
        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/sites")).build());

        assertEquals(200, response.statusCode());
        List<Map<String, Object>> sites = (List<Map<String, Object>>) Json.readObject(response.body()).get("sites");
        assertTrue(sites.size() >= 4);
        assertTrue(sites.stream().anyMatch(s -> "Indian/Reunion".equals(s.get("timeZone"))), "an overseas site");
        assertTrue(sites.stream().anyMatch(s -> ((Map<String, Object>) s.get("address")).get("postcode").toString().startsWith("57")),
                "a site in Alsace-Moselle");
    }

    @Test
    void aRouteWithAPathParameterReachesItsFunction() throws Exception {
        HttpResponse<String> site = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/sites/metz-borny")).build());
        HttpResponse<String> unknown = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/sites/nulle-part")).build());

        assertEquals(200, site.statusCode());
        assertEquals("France Services Metz-Borny", Json.readObject(site.body()).get("name"));
        assertEquals(404, unknown.statusCode());
        assertTrue(unknown.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    }

    @Test
    void unknownApiPathsAre404AndPagesAreServedWithSecurityHeaders() throws Exception {
        HttpResponse<String> api = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/nothing-here")).build());
        HttpResponse<String> page = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/")).build());

        assertEquals(404, api.statusCode());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("<html lang=\"fr\">"));
        assertTrue(page.headers().firstValue("Content-Security-Policy").orElse("").contains("default-src 'self'"));
    }

    static Stream<Path> sampleEvents() throws Exception {
        try (Stream<Path> files = Files.list(EmbeddedStack.repositoryRoot().resolve("events"))) {
            return files.filter(f -> f.toString().endsWith(".json")).sorted().toList().stream();
        }
    }

    /** Every sample event runs its function (named by the file: {@code <LogicalId>[.variant].json}) without a function error. */
    @ParameterizedTest
    @MethodSource("sampleEvents")
    void everySampleEventRunsItsFunction(Path event) throws Exception {
        String function = event.getFileName().toString().split("\\.")[0];
        assertTrue(RunningStack.get().functions().get(function).isPresent(), "no function " + function + " in template.yaml");

        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke(function))
                .POST(HttpRequest.BodyPublishers.ofFile(event)).build());

        assertEquals(200, response.statusCode());
        assertFalse(response.headers().firstValue("X-Amz-Function-Error").isPresent(), response.body());
    }

    /** Refusals before any function runs still reach a client that sent a body (the body is read first). */
    @Test
    void anAnswerGivenBeforeAnyFunctionRunsReachesAClientSendingABody() throws Exception {
        String body = "{\"name\":\"" + "é".repeat(200_000) + "\"}";
        for (int i = 0; i < 20; i++) {
            HttpResponse<String> unknown = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/nothing-here"))
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(404, unknown.statusCode());
            HttpResponse<String> anonymous = RunningStack.send(HttpRequest.newBuilder(RunningStack.http("/api/agent/contacts/+33612345678"))
                    .method("DELETE", HttpRequest.BodyPublishers.ofString(body)).build());
            assertEquals(401, anonymous.statusCode());
        }
    }

    @Test
    void everyFunctionHasASampleEvent() throws Exception {
        List<String> withEvents = sampleEvents().map(p -> p.getFileName().toString().split("\\.")[0]).distinct().toList();
        RunningStack.get().functions().all().forEach(f ->
                assertTrue(withEvents.contains(f.logicalId()), "no sample event in events/ for " + f.logicalId()));
    }

    @Test
    void anUnknownFunctionIsResourceNotFound() throws Exception {
        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("NoSuchFunction"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build());

        assertEquals(404, response.statusCode());
        assertEquals("ResourceNotFoundException", response.headers().firstValue("x-amzn-ErrorType").orElse(""));
    }

    @Test
    void aHandlerExceptionIsAFunctionError() throws Exception {
        // An API function given a JSON array cannot even read its event, as on Lambda.
        HttpResponse<String> response = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("ApiReadSitesFunction"))
                .POST(HttpRequest.BodyPublishers.ofString("[1, 2]")).build());

        assertEquals(200, response.statusCode());
        assertEquals("Unhandled", response.headers().firstValue("X-Amz-Function-Error").orElse(""));
        Map<String, Object> error = Json.readObject(response.body());
        assertTrue(error.containsKey("errorType") && error.containsKey("errorMessage"), response.body());
    }

    @Test
    void aTakenPortIsRefusedWithAClearMessage() {
        int taken = RunningStack.get().httpPort();
        LocalStack.PortTakenException e = assertThrows(LocalStack.PortTakenException.class,
                () -> LocalStack.start(new LocalStack.Options(taken, 0, 0, null, false, null, null, null, null)));
        assertTrue(e.getMessage().contains(Integer.toString(taken)));
    }

    /** The real aws CLI, as README tells a new user to use it (the CLI ships with this kind of machine). */
    @Test
    void theAwsCliTalksToTheStack(@TempDir Path dir) throws Exception {
        assumeTrue(onPath("aws"), "aws CLI not installed");
        Path out = dir.resolve("out.json");
        Path event = EmbeddedStack.repositoryRoot().resolve("events/ConnectEntryFunction.json");
        String invoke = run("aws", "lambda", "invoke", "--endpoint-url", "http://127.0.0.1:" + RunningStack.get().invokePort(),
                "--region", "eu-central-1", "--function-name", "ConnectEntryFunction", "--payload", "fileb://" + event, out.toString());
        String tables = run("aws", "dynamodb", "list-tables", "--endpoint-url",
                "http://127.0.0.1:" + RunningStack.get().dynamoPort(), "--region", "eu-central-1");

        assertTrue(invoke.contains("\"StatusCode\": 200"), invoke);
        assertTrue(Files.readString(out).contains("\"route\""));
        assertTrue(tables.contains("DirectoryTable"), tables);
    }

    private static boolean onPath(String command) {
        return Stream.of(System.getenv("PATH").split(":")).anyMatch(dir -> Files.isExecutable(Path.of(dir, command)));
    }

    private static String run(String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("AWS_ACCESS_KEY_ID", "local");
        builder.environment().put("AWS_SECRET_ACCESS_KEY", "local");
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertEquals(0, process.waitFor(), output);
        return output;
    }
}
