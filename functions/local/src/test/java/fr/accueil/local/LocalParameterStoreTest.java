package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.connect.AwsJsonClient;
import fr.accueil.connect.ConnectQueues;
import fr.accueil.storage.Environment;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The queues by key as the functions read them: Parameter Store's paths and pages, locally as on AWS. */
class LocalParameterStoreTest {
    private static final String PATH = "/accueil/test/demo/connect-queues";
    private LocalParameterStore store;
    private AwsJsonClient ssm;

    @BeforeEach
    void start() throws Exception {
        store = LocalParameterStore.start();
        ssm = new AwsJsonClient(AwsJsonClient.Service.SSM, store.endpoint(), Region.EU_CENTRAL_1,
                StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")),
                AwsJsonClient.Bounds.once(Duration.ofSeconds(5)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        store.stop();
    }

    @Test
    void queuesOfEveryPageWithTheCreatedQueueWinningOverTheGivenOne() {
        store.put(PATH + "/given", "general=arn:general,retraite=arn:given-retraite,social=arn:social");
        for (int i = 0; i < 25; i++) {
            store.put(PATH + "/stack/" + i, "site-" + i + "=arn:site-" + i);
        }
        store.put(PATH + "/stack/99", "retraite=arn:created-retraite");
        store.put("/accueil/test/other/connect-queues/given", "emploi=arn:another-territory");

        ConnectQueues queues = ConnectQueues.fromParameters(ssm, PATH);

        assertEquals(27, queues.arnsByKey().size(), "25 sites, retraite, social: every page read");
        assertEquals(Optional.of("arn:site-24"), queues.arn("site-24"));
        assertEquals(Optional.of("arn:created-retraite"), queues.arn("retraite"));
        assertEquals("arn:general", queues.generalArn());
        assertEquals(Optional.of("arn:general"), queues.arn("emploi"), "another path's queue is not this territory's");
    }

    @Test
    void aReloadReadsTheParametersAgain() {
        store.put(PATH + "/given", "general=");
        ConnectQueues queues = ConnectQueues.fromParameters(ssm, PATH);
        assertEquals(Optional.empty(), queues.arn("retraite"));

        store.put(PATH + "/stack/retraite", "retraite=arn:retraite");
        queues.reload();

        assertEquals(Optional.of("arn:retraite"), queues.arn("retraite"));
    }

    @Test
    void pagesAreOfTenAtMostAsOnAws() {
        AwsJsonClient.Failure refused = assertThrows(AwsJsonClient.Failure.class, () -> ssm.call("GetParametersByPath", "POST", "/",
                Map.of("Path", PATH, "MaxResults", LocalParameterStore.MAX_RESULTS + 1)));
        assertEquals("ValidationException", refused.errorCode());
        store.put(PATH + "/given", "general=arn:general");
        store.put(PATH + "/stack/retraite", "retraite=arn:retraite");
        assertEquals(1, ((List<?>) ssm.call("GetParametersByPath", "POST", "/", Map.of("Path", PATH)).get("Parameters")).size(),
                "without Recursive, only the path's own parameters");
    }

    /** What the template creates is where the functions read, and only the functions that read may. */
    @Test
    @SuppressWarnings("unchecked")
    void theTemplatesQueueParametersAreUnderThePathTheReadingFunctionsMayRead() throws Exception {
        Template template = Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
        Map<String, String> defaults = template.parameterDefaults();
        String path = Functions.from(template, Map.of()).get("ConnectEntryFunction").orElseThrow()
                .environment().get("CONNECT_QUEUES_PATH");
        assertEquals("/accueil/dev/demo/connect-queues", path);
        Map<String, Map<String, Object>> parameters = template.resources("AWS::SSM::Parameter");
        assertTrue(parameters.size() > 1);
        parameters.forEach((id, parameter) -> assertTrue(
                Functions.resolve(parameter.get("Name"), defaults).startsWith(path + "/"), id));
        template.resources("AWS::Serverless::Function").forEach((id, function) -> {
            boolean mayRead = String.valueOf(function.get("Policies")).contains("ssm:GetParametersByPath");
            assertEquals(READERS.contains(id), mayRead, id);
            if (mayRead) {
                assertTrue(String.valueOf(function.get("Policies")).contains("parameter/accueil/${Stage}/${TerritoryId}/connect-queues}"), id);
            }
        });
    }

    /** Local IAM sees the client's requests as the SDK's: a role that may read the path reads it, another is refused. */
    @Test
    void aFunctionReadsTheQueuesOnlyWhenItsRoleAllowsIt() throws Exception {
        Template template = Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
        Functions functions = Functions.from(template, Map.of());
        String path = functions.get("ConnectEntryFunction").orElseThrow().environment().get("CONNECT_QUEUES_PATH");
        store.put(path + "/given", "general=arn:general");

        ConnectQueues read = IamEnforcement.during(functions.get("ConnectEntryFunction").orElseThrow(),
                () -> ConnectQueues.fromParameters(ssm, path));
        assertEquals("arn:general", read.generalArn());

        AwsJsonClient.Failure refused = assertThrows(AwsJsonClient.Failure.class, () -> IamEnforcement.during(
                functions.get("ApiReadSitesFunction").orElseThrow(), () -> ConnectQueues.fromParameters(ssm, path)));
        assertEquals("AccessDeniedException", refused.errorCode());
        assertEquals(400, refused.status());
    }

    /** The functions whose code reaches AppContext.queues(): the Connect routes and the dispatcher. */
    private static final Set<String> READERS = Set.of("ConnectEntryFunction", "ConnectMenuFunction",
            "ConnectCallbackOutcomeFunction", "ScheduledCallbackDispatcherFunction", "EventsContactFunction",
            "ApiAgentCallbacksFunction");

    @Test
    void theLocalStackServesTheQueuesOfTheTemplatesParameter() {
        RunningStack.get();
        assertTrue(Environment.optional("AWS_ENDPOINT_URL_SSM").isPresent());
        ConnectQueues queues = ConnectQueues.fromEnvironment();
        assertEquals(Optional.of(LocalConnect.queueArn("emploi")), queues.arn("emploi"));
        assertEquals(LocalConnect.queueArn(LocalConnect.GENERAL_QUEUE), queues.generalArn());
    }
}
