package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The contact flows of flows/: well formed, every transition leads somewhere, deployed as they are,
 * and playable by the local phone's interpreter (every action type known, every placeholder resolved).
 */
class FlowsTest {
    private static final Path ROOT = EmbeddedStack.repositoryRoot();
    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z0-9]+)}");

    @Test
    void everyTransitionTargetsAnActionOfItsFlow() throws IOException {
        for (Path file : flowFiles()) {
            Map<String, Object> flow = Json.readObject(Files.readString(file));
            assertEquals("2019-10-30", flow.get("Version"), file.toString());
            List<Map<String, Object>> actions = list(flow.get("Actions"));
            Set<String> ids = new HashSet<>();
            actions.forEach(action -> assertTrue(ids.add((String) action.get("Identifier")), file + ": duplicate " + action.get("Identifier")));
            assertTrue(ids.contains((String) flow.get("StartAction")), file + ": StartAction");
            for (Map<String, Object> action : actions) {
                String where = file.getFileName() + " " + action.get("Identifier");
                Map<String, Object> transitions = map(action.get("Transitions"));
                List<String> targets = new ArrayList<>();
                if (transitions.get("NextAction") != null) {
                    targets.add((String) transitions.get("NextAction"));
                }
                Stream.concat(list(transitions.get("Conditions")).stream(), list(transitions.get("Errors")).stream())
                        .forEach(t -> targets.add((String) t.get("NextAction")));
                targets.forEach(target -> assertTrue(ids.contains(target), where + " leads to unknown " + target));
                boolean ends = Set.of("DisconnectParticipant", "TransferContactToQueue", "TransferToFlow",
                        "TransferParticipantToThirdParty").contains(action.get("Type"));
                assertTrue(ends || !targets.isEmpty(), where + " leads nowhere");
            }
        }
    }

    @Test
    void everyInvokedFunctionIsAConnectFacingFunctionOfTheTemplate() throws IOException {
        Template template = Template.read(ROOT.resolve("template.yaml"));
        Set<String> functions = template.resources("AWS::Serverless::Function").keySet();
        Set<String> permitted = new HashSet<>();
        template.resources("AWS::Lambda::Permission").values().forEach(p -> permitted.add(String.valueOf(p.get("FunctionName"))));
        int invocations = 0;
        for (Path file : flowFiles()) {
            for (Map<String, Object> action : list(Json.readObject(Files.readString(file)).get("Actions"))) {
                if ("InvokeLambdaFunction".equals(action.get("Type"))) {
                    invocations++;
                    String arn = (String) map(action.get("Parameters")).get("LambdaFunctionARN");
                    Matcher placeholder = PLACEHOLDER.matcher(arn);
                    assertTrue(placeholder.matches() && placeholder.group(1).endsWith("Arn"), file + ": " + arn);
                    String function = placeholder.group(1).substring(0, placeholder.group(1).length() - "Arn".length());
                    assertTrue(functions.contains(function), file + " invokes " + function + ", not in template.yaml");
                    assertTrue(permitted.stream().anyMatch(p -> p.contains(function)), function + " has no Lambda permission for Connect");
                }
            }
        }
        assertTrue(invocations >= 3);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTemplateDeploysTheFilesAsTheyAreWithEveryPlaceholderDefined() throws IOException {
        String template = Files.readString(ROOT.resolve("template.yaml"));
        assertEquals(template, FlowSync.sync(template, ROOT),
                "template.yaml's contact flows differ from flows/: run java -cp functions/local/target/accueil-local.jar fr.accueil.local.FlowSync");
        Map<String, Map<String, Object>> flows = Template.read(ROOT.resolve("template.yaml")).resources("AWS::Connect::ContactFlow");
        assertEquals(flowFiles().size(), flows.size(), "one AWS::Connect::ContactFlow per file of flows/");
        flows.forEach((id, properties) -> {
            List<Object> sub = (List<Object>) map(properties.get("Content")).get("Fn::Sub");
            Set<String> defined = map(sub.get(1)).keySet();
            Set<String> used = new HashSet<>();
            Matcher placeholders = PLACEHOLDER.matcher((String) sub.get(0));
            while (placeholders.find()) {
                used.add(placeholders.group(1));
            }
            assertEquals(defined, used, id + ": Fn::Sub variables and the flow's placeholders");
        });
    }

    @Test
    void theLocalPhoneInterpreterPlaysEveryFlowWithEveryPlaceholderResolved() throws Exception {
        ContactFlows flows = load(name -> read(ROOT.resolve(name)));
        assertEquals(flowFiles().size(), flows.all().size());
        assertEquals(ContactFlows.ENTRY_FILE, flows.entry().file());
        assertTrue(flows.byId(ContactFlows.idOf(Files.readString(ROOT.resolve("template.yaml")), ContactFlows.OUTBOUND_FILE).orElseThrow())
                .isPresent(), "the outbound flow is deployed and found by its id");
    }

    /** Connect takes a GetParticipantInput's time limit only as a fixed number ("Must be defined statically"). */
    @Test
    void everyInputWaitsAFixedNumberOfSeconds() throws IOException {
        for (Path file : flowFiles()) {
            for (Map<String, Object> action : list(Json.readObject(Files.readString(file)).get("Actions"))) {
                if ("GetParticipantInput".equals(action.get("Type"))) {
                    Object limit = map(action.get("Parameters")).get("InputTimeLimitSeconds");
                    assertTrue(limit instanceof String text && text.matches("[1-9][0-9]{0,2}") && Integer.parseInt(text) <= 180,
                            file.getFileName() + " " + action.get("Identifier") + ": InputTimeLimitSeconds « " + limit + " »");
                }
            }
        }
    }

    /** The menu format accepts exactly the waits the menu loop plays, one identical input block per wait. */
    @Test
    void theMenuLoopPlaysEveryWaitTheMenuFormatAccepts() throws IOException {
        Map<String, Map<String, Object>> actions = new java.util.LinkedHashMap<>();
        list(Json.readObject(Files.readString(ROOT.resolve("flows/menu-loop.json"))).get("Actions"))
                .forEach(action -> actions.put((String) action.get("Identifier"), action));
        Map<String, Object> choose = actions.values().stream().filter(a -> "Compare".equals(a.get("Type"))
                && "$.Attributes.timeout".equals(map(a.get("Parameters")).get("ComparisonValue"))).findFirst().orElseThrow();
        Set<String> waits = new java.util.TreeSet<>();
        Set<Object> shapes = new HashSet<>();
        List<String> targets = new ArrayList<>();
        for (Map<String, Object> condition : list(map(choose.get("Transitions")).get("Conditions"))) {
            String seconds = String.valueOf(((List<?>) map(condition.get("Condition")).get("Operands")).get(0));
            waits.add(seconds);
            Map<String, Object> input = actions.get((String) condition.get("NextAction"));
            assertEquals("GetParticipantInput", input.get("Type"), seconds);
            assertEquals(seconds, map(input.get("Parameters")).get("InputTimeLimitSeconds"), "the block of " + seconds + " s");
            targets.add((String) condition.get("NextAction"));
        }
        list(map(choose.get("Transitions")).get("Errors")).forEach(e -> targets.add((String) e.get("NextAction")));
        for (String target : targets) {
            Map<String, Object> input = new java.util.HashMap<>(actions.get(target));
            Map<String, Object> parameters = new java.util.HashMap<>(map(input.get("Parameters")));
            parameters.remove("InputTimeLimitSeconds");
            input.put("Parameters", parameters);
            input.remove("Identifier");
            shapes.add(input);
        }
        assertEquals(1, shapes.size(), "the input blocks differ only by their wait: " + shapes);
        assertEquals(fr.accueil.domain.menu.MenuFormat.TIMEOUTS_SECONDS.stream().map(String::valueOf).collect(java.util.stream.Collectors.toSet()),
                waits, "MenuFormat.TIMEOUTS_SECONDS and the waits of flows/menu-loop.json");
    }

    /** As on Connect, a stored input without InputTerminationSequence ends at #: a lone # arrives as an empty input. */
    @Test
    void aStoredInputEndsAtHashUnlessTheFlowNamesItsTerminator() throws IOException {
        Map<String, Object> menuInput = list(Json.readObject(Files.readString(ROOT.resolve("flows/menu-loop.json"))).get("Actions"))
                .stream().filter(a -> "GetParticipantInput".equals(a.get("Type"))).findFirst().orElseThrow();
        Map<String, Object> parameters = map(menuInput.get("Parameters"));
        assertFalse(map(parameters.get("DTMFConfiguration")).containsKey("InputTerminationSequence"));
        assertEquals("#", FlowInterpreter.awaiting(menuInput, parameters, 8).terminator());

        Map<String, Object> starEnds = new java.util.HashMap<>(parameters);
        starEnds.put("DTMFConfiguration", Map.of("InputTerminationSequence", "*", "DisableCancelKey", "True"));
        assertEquals("*", FlowInterpreter.awaiting(menuInput, starEnds, 8).terminator());
        Map<String, Object> choice = Map.of("Transitions", Map.of("Conditions", List.of(Map.of("NextAction", "x",
                "Condition", Map.of("Operator", "Equals", "Operands", List.of("#"))))));
        assertEquals("", FlowInterpreter.awaiting(choice, Map.of("StoreInput", "False"), 8).terminator(),
                "a choice among keys (StoreInput False) takes # as a key");
    }

    @Test
    void anUnknownActionTypeIsNamed() {
        ContactFlows.InvalidFlowsException e = assertThrows(ContactFlows.InvalidFlowsException.class, () -> load(name ->
                edited(name, "flows/closed.json", "\"Type\": \"DisconnectParticipant\"", "\"Type\": \"StartMediaStreaming\"")));
        assertTrue(e.problems().contains("flows/closed.json Disconnect: action type « StartMediaStreaming » not supported by the local phone"
                + " (supported: " + String.join(", ", FlowInterpreter.TYPES) + ")"), e.problems().toString());
    }

    @Test
    void aBrokenFlowIsRefusedWithEveryProblem() {
        ContactFlows.InvalidFlowsException e = assertThrows(ContactFlows.InvalidFlowsException.class, () -> load(name -> {
            String text = read(ROOT.resolve(name));
            text = edited(text, name, "flows/menu-loop.json", "\"NextAction\": \"KeepStep\"", "\"NextAction\": \"Nowhere\"");
            text = edited(text, name, "flows/entry.json", "${ConnectEntryFunctionArn}", "${ConnectExitFunctionArn}");
            return edited(text, name, "flows/closed.json", "$.Attributes.promptSsml", "$.Contact.promptSsml");
        }));
        List<String> problems = e.problems();
        assertTrue(problems.contains("flows/menu-loop.json Step: leads to « Nowhere », not an action of the flow"), problems.toString());
        assertTrue(problems.contains("flows/entry.json: the placeholder ${ConnectExitFunctionArn} is not a variable of its Fn::Sub"), problems.toString());
        assertTrue(problems.contains("flows/closed.json SayClosed: unknown reference « $.Contact.promptSsml »"), problems.toString());
    }

    private static ContactFlows load(java.util.function.Function<String, String> readFile) throws Exception {
        Template template = Template.read(ROOT.resolve("template.yaml"));
        return ContactFlows.load(Files.readString(ROOT.resolve("template.yaml")), template, readFile,
                Functions.from(template, Map.of()), LocalConnect.parameters(template, ""));
    }

    private static String edited(String name, String file, String from, String to) {
        return edited(read(ROOT.resolve(name)), name, file, from, to);
    }

    private static String edited(String text, String name, String file, String from, String to) {
        if (!name.equals(file)) {
            return text;
        }
        assertTrue(text.contains(from), file + " has no " + from);
        return text.replace(from, to);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static List<Path> flowFiles() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("flows"))) {
            List<Path> flows = files.filter(f -> f.toString().endsWith(".json")).sorted().toList();
            assertFalse(flows.isEmpty());
            return flows;
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object value) {
        return value instanceof List ? (List<Map<String, Object>>) value : List.of();
    }
}
