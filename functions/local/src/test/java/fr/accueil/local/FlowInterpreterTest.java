package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.embedded.Template;
import fr.accueil.storage.Environment;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The interpreter on small flows written for each action (no function, no database): hours of
 * operation with the real calendar (weekly hours, a public holiday), a queue at its capacity, every
 * Compare operator, the agent's hang-up with and without a CustomerRemaining hook, and the errors a
 * flow the interpreter cannot play gets.
 */
class FlowInterpreterTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final String EMPLOI = LocalConnect.queueArn("emploi");
    private static final ExecutorService EXECUTOR = Executors.newCachedThreadPool();
    /** Metz-like hours: weekdays 9 h to 12 h. */
    private static final Site METZ = new Site("metz", "t", "France Services de test", new Address("1 rue", "57000", "Metz"),
            List.of("57000"), PARIS, new WeeklyHours(Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("09:00-12:00")),
            DayOfWeek.WEDNESDAY, List.of(TimeRange.parse("09:00-12:00")))), List.of(), null, "general");

    private final SimulatedQueueLoad load = new SimulatedQueueLoad();

    @AfterEach
    void noCapacity() {
        System.clearProperty("accueil.env." + LocalPhone.QUEUE_CAPACITY);
    }

    @AfterAll
    static void stop() {
        EXECUTOR.shutdownNow();
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource({
            "2026-11-23T09:30:00Z, open (Monday 10:30 in Metz)",
            "2026-11-23T12:30:00Z, closed (Monday 13:30 in Metz)",
            "2026-11-22T09:30:00Z, closed (Sunday)",
            "2026-11-11T09:30:00Z, closed (Wednesday 11 November, Armistice)",
            "2026-11-18T09:30:00Z, open (the next Wednesday)"})
    void checkHoursOfOperationFollowsTheSitesCalendarHolidaysIncluded(String at, String expected) throws Exception {
        String flow = flow("Hours", action("Hours", "CheckHoursOfOperation", "{\"HoursOfOperationId\": \"metz\"}",
                "\"Conditions\": [" + condition("Equals", "True", "SayOpen") + ", " + condition("Equals", "False", "SayClosed") + "],"
                        + " \"Errors\": [" + error("NoMatchingError", "SayError") + "]"),
                say("SayOpen", "open"), say("SayClosed", "closed"), say("SayError", "error"), disconnect());
        PhoneCall call = call();
        List<PhoneCall.Prompt> heard = interpreter(flow, Instant.parse(at)).start(call);
        assertEquals(expected.substring(0, expected.indexOf(' ')), heard.get(0).text(), expected);
        assertEquals("message", call.outcome.type());
    }

    @Test
    void aQueueAtItsCapacityTakesTheQueueAtCapacityBranch() throws Exception {
        String flow = flow("QueueHook", queueHook("QueueHook", "SetQueue"),
                action("SetQueue", "UpdateContactTargetQueue", "{\"QueueId\": \"" + EMPLOI + "\"}",
                        "\"NextAction\": \"Transfer\", \"Errors\": [" + error("NoMatchingError", "SayError") + "]"),
                action("Transfer", "TransferContactToQueue", "{}",
                        "\"Errors\": [" + error("QueueAtCapacity", "SayFull") + ", " + error("NoMatchingError", "SayError") + "]"),
                say("SayFull", "full"), say("SayError", "error"), disconnect());
        FlowInterpreter interpreter = queuing(flow, Instant.parse("2026-11-23T09:30:00Z"));
        load.set("emploi", new QueueMetrics(3, Duration.ofMinutes(2)));

        PhoneCall unlimited = call();
        interpreter.start(unlimited);
        assertEquals(PhoneCall.Status.IN_QUEUE, unlimited.status(), "no capacity configured: no limit");

        Environment.setLocally(LocalPhone.QUEUE_CAPACITY, "emploi=4");
        PhoneCall room = call();
        interpreter.start(room);
        assertEquals("emploi", room.outcome.queue(), "3 waiting, 4 at most");

        Environment.setLocally(LocalPhone.QUEUE_CAPACITY, "emploi=3,general=10");
        PhoneCall full = call();
        List<PhoneCall.Prompt> heard = interpreter.start(full);
        assertEquals("full", heard.get(0).text());
        assertEquals("message", full.outcome.type());
    }

    @ParameterizedTest(name = "{1} {2} on « {0} »: {3}")
    @CsvSource({
            "abc, Equals, abc, true", "abd, Equals, abc, false", "ABC, Equals, abc, false",
            "5, NumberGreaterThan, 3, true", "3, NumberGreaterThan, 3, false", "x, NumberGreaterThan, 3, false",
            "3, NumberGreaterOrEqualTo, 3, true", "2.5, NumberGreaterOrEqualTo, 3, false",
            "2, NumberLessThan, 3, true", "3, NumberLessThan, 3, false", "'', NumberLessThan, 3, false",
            "3.0, NumberLessOrEqualTo, 3, true", "4, NumberLessOrEqualTo, 3, false",
            "retraite carsat, TextContains, carsat, true", "retraite, TextContains, msa, false",
            "retraite, TextStartsWith, ret, true", "retraite, TextStartsWith, raite, false",
            "retraite, TextEndsWith, raite, true", "retraite, TextEndsWith, ret, false"})
    void compareAppliesEachOperator(String value, String operator, String operand, boolean matches) throws Exception {
        String flow = flow("Keep", action("Keep", "UpdateContactAttributes", "{\"Attributes\": {\"value\": \"" + value + "\"}}",
                        "\"NextAction\": \"Compare\""),
                action("Compare", "Compare", "{\"ComparisonValue\": \"$.Attributes.value\"}",
                        "\"Conditions\": [" + condition(operator, operand, "SayMatch") + "], \"Errors\": ["
                                + error("NoMatchingCondition", "SayNoMatch") + "]"),
                say("SayMatch", "match"), say("SayNoMatch", "no match"), disconnect());
        List<PhoneCall.Prompt> heard = interpreter(flow, Instant.parse("2026-11-23T09:30:00Z")).start(call());
        assertEquals(matches ? "match" : "no match", heard.get(0).text());
    }

    @Test
    void anUnknownOperatorOrActionIsRefusedNamingIt() {
        String operator = flow("Compare", action("Compare", "Compare", "{\"ComparisonValue\": \"1\"}",
                "\"Conditions\": [" + condition("NumberAbout", "1", "Bye") + "], \"Errors\": [" + error("NoMatchingCondition", "Bye") + "]"),
                disconnect("Bye"));
        ContactFlows.InvalidFlowsException e = assertThrows(ContactFlows.InvalidFlowsException.class,
                () -> interpreter(operator, Instant.EPOCH));
        assertEquals(List.of("flows/entry.json Compare: unknown operator « NumberAbout »"), e.problems());

        String action = flow("Wait", action("Wait", "Wait", "{\"TimeoutSeconds\": \"5\"}", "\"NextAction\": \"Bye\""), disconnect("Bye"));
        e = assertThrows(ContactFlows.InvalidFlowsException.class, () -> interpreter(action, Instant.EPOCH));
        assertEquals(List.of("flows/entry.json Wait: action type « Wait » not supported by the local phone (supported: "
                + String.join(", ", FlowInterpreter.TYPES) + ")"), e.problems());
    }

    /**
     * Connect waits InvocationTimeLimitSeconds for a function, then takes the Error branch (Flow language,
     * InvokeLambdaFunction): an answer that comes later is not heard, and the call tells it timed out.
     */
    @Test
    void aFunctionThatAnswersAfterTheInvocationTimeLimitTakesTheErrorBranch() throws Exception {
        String flow = flow("Invoke", action("Invoke", "InvokeLambdaFunction", "{\"LambdaFunctionARN\": \"${LateArn}\","
                        + " \"InvocationTimeLimitSeconds\": \"1\", \"LambdaInvocationAttributes\": {},"
                        + " \"ResponseValidation\": {\"ResponseType\": \"STRING_MAP\"}}",
                        "\"NextAction\": \"SayAnswered\", \"Errors\": [" + error("NoMatchingError", "SayError") + "]"),
                say("SayAnswered", "answered"), say("SayError", "error"), disconnect());
        FlowInterpreter interpreter = interpreter(Map.of("flows/entry.json", flow),
                Map.of("flows/entry.json", "{LateArn: !Ref LateFunction.Alias}"), Instant.parse("2026-11-23T09:30:00Z"));
        PhoneCall call = call();

        List<PhoneCall.Prompt> heard = interpreter.start(call);

        assertEquals("error", heard.get(0).text());
        PhoneCall.Invocation late = call.invocations.get(0);
        assertEquals("LateFunction", late.function());
        assertEquals("timed-out", late.result());
        assertTrue(late.millis() >= 1000 && late.millis() < LateFunction.TAKES.toMillis(), late.toString());
    }

    @Test
    void whenTheAgentHangsUpTheCallGoesOnInTheHookedFlowElseItEnds() throws Exception {
        String entry = hookThenQueue("CustomerRemaining", "AfterFlowArn");
        String after = flow("Thanks", say("Thanks", "merci"), disconnect());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("flows/entry.json", entry);
        files.put("flows/after.json", after);
        files.put("flows/queue.json", WAITING);
        FlowInterpreter interpreter = interpreter(files, Map.of("flows/entry.json",
                        "{AfterFlowArn: !GetAtt AfterFlow.ContactFlowArn, " + QUEUE_FLOW_ARN + "}"),
                Instant.parse("2026-11-23T09:30:00Z"));

        PhoneCall hooked = call();
        interpreter.start(hooked);
        assertEquals(PhoneCall.Status.IN_QUEUE, hooked.status());
        List<PhoneCall.Prompt> heard = interpreter.agentHangsUp(hooked);
        assertEquals("merci", heard.get(0).text());
        assertEquals(PhoneCall.Status.ENDED, hooked.status());
        assertEquals("queue", hooked.outcome.type(), "the routing stays as it was");
        assertEquals("message", hooked.afterAgent.type());
        assertThrows(IllegalStateException.class, () -> interpreter.agentHangsUp(hooked), "no agent any more");

        String plain = hookThenQueue("CustomerQueue", "QueueFlowArn");
        PhoneCall unhooked = call();
        FlowInterpreter noHook = queuing(plain, Instant.parse("2026-11-23T09:30:00Z"));
        noHook.start(unhooked);
        assertEquals(List.of(), noHook.agentHangsUp(unhooked));
        assertEquals(PhoneCall.Status.ENDED, unhooked.status());
        assertEquals("hangup", unhooked.afterAgent.type());
    }

    @Test
    void aTransferToAQueueIsRefusedUntilTheCustomerQueueHookIsSet() throws Exception {
        String unhooked = flow("SetQueue", action("SetQueue", "UpdateContactTargetQueue", "{\"QueueId\": \"" + EMPLOI + "\"}",
                "\"NextAction\": \"Transfer\""), action("Transfer", "TransferContactToQueue", "{}", "\"Errors\": [" + error("NoMatchingError", "Bye") + "]"),
                disconnect("Bye"));
        FlowInterpreter.FlowException e = assertThrows(FlowInterpreter.FlowException.class,
                () -> interpreter(unhooked, Instant.parse("2026-11-23T09:30:00Z")).start(call()));
        assertTrue(e.getMessage().contains("flows/entry.json Transfer: transfers to a queue with no CustomerQueue hook"), e.getMessage());
    }

    @Test
    void promptsAreRefusedUntilAFrenchNeuralVoiceIsSet() throws Exception {
        String unset = bareFlow("Hello", say("Hello", "bonjour"), disconnect());
        FlowInterpreter.FlowException e = assertThrows(FlowInterpreter.FlowException.class,
                () -> interpreter(unset, Instant.EPOCH).start(call()));
        assertTrue(e.getMessage().contains("flows/entry.json Hello: speaks with the contact's voice unset (Connect's default, Joanna, en-US)"), e.getMessage());

        String english = bareFlow("Voice", action("Voice", "UpdateContactTextToSpeechVoice",
                        "{\"TextToSpeechVoice\": \"Joanna\", \"TextToSpeechEngine\": \"Neural\"}",
                        "\"NextAction\": \"Hello\", \"Errors\": [" + error("NoMatchingError", "Hello") + "]"),
                say("Hello", "bonjour"), disconnect());
        e = assertThrows(FlowInterpreter.FlowException.class, () -> interpreter(english, Instant.EPOCH).start(call()));
        assertTrue(e.getMessage().contains("« Joanna » (Neural): set a French neural voice first"), e.getMessage());

        assertEquals("bonjour", interpreter(flow("Hello", say("Hello", "bonjour"), disconnect()), Instant.EPOCH).start(call()).get(0).text());
    }

    @Test
    void aCallInQueueHearsTheCustomerQueueFlowItsCountLoopAndOffer() throws Exception {
        String entry = hookThenQueue("CustomerQueue", "QueueFlowArn");
        String queue = bareFlow("Metrics",
                action("Metrics", "GetMetricData", "{}", "\"NextAction\": \"Count\", \"Errors\": [" + error("NoMatchingError", "Loop") + "]"),
                action("Count", "MessageParticipant", "{\"Text\": \"Il y a $.Metrics.Queue.Size appels en attente.\"}", "\"NextAction\": \"Loop\""),
                action("Loop", "MessageParticipantIteratively", "{\"Messages\": [{\"Text\": \"patientez\"}], \"InterruptFrequencySeconds\": \"60\"}",
                        "\"Conditions\": [" + condition("Equals", "MessagesInterrupted", "Offer") + "]"),
                action("Offer", "GetParticipantInput", "{\"Text\": \"tapez 1\", \"StoreInput\": \"False\", \"InputTimeLimitSeconds\": \"5\"}",
                        "\"Conditions\": [" + condition("Equals", "1", "Thanks") + "], \"Errors\": [" + error("InputTimeLimitExceeded", "Metrics")
                                + ", " + error("NoMatchingError", "Metrics") + "]"),
                say("Thanks", "merci"), disconnect());
        Map<String, String> files = new LinkedHashMap<>();
        files.put("flows/entry.json", entry);
        files.put("flows/queue.json", queue);
        FlowInterpreter interpreter = interpreter(files, Map.of("flows/entry.json", "QueueFlowArn: !GetAtt QueueFlow.ContactFlowArn"),
                Instant.parse("2026-11-23T09:30:00Z"));
        load.set("emploi", new QueueMetrics(4, Duration.ofMinutes(2)));

        PhoneCall call = call();
        List<PhoneCall.Prompt> heard = interpreter.start(call);
        // 4 callers waiting before this one: Connect counts 5 contacts in queue.
        assertEquals(List.of("Il y a 5 appels en attente.", "patientez"), heard.stream().map(PhoneCall.Prompt::text).toList());
        assertEquals(PhoneCall.Status.IN_QUEUE, call.status());
        assertTrue(call.awaiting.looping(), "the loop prompts play until InterruptFrequencySeconds");
        assertEquals("tapez 1", interpreter.input(call, null).get(0).text(), "time passes: the offer");
        assertEquals(PhoneCall.Status.IN_QUEUE, call.status());
        assertEquals("merci", interpreter.input(call, "1").get(0).text());
        assertEquals(PhoneCall.Status.ENDED, call.status());
        assertEquals("message", call.outcome.type(), "the queue flow ended the call before an agent answered");
    }

    /** Each rule of the Flow language reference the checker applies, on a small flow that breaks it. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "UpdateFlowLoggingBehavior has no error | {\"FlowLoggingBehavior\": \"Enabled\"} | UpdateFlowLoggingBehavior | \"NextAction\": \"Bye\", \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingError\"}] | error branch « NoMatchingError » is not one UpdateFlowLoggingBehavior has (Flow language reference: none)",
            "a stored input has no InputTimeLimitExceeded | {\"Text\": \"x\", \"StoreInput\": \"True\", \"InputTimeLimitSeconds\": \"5\", \"InputValidation\": {\"CustomValidation\": {\"MaximumLength\": \"1\"}}} | GetParticipantInput | \"NextAction\": \"Bye\", \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"InputTimeLimitExceeded\"}, {\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingError\"}] | error branch « InputTimeLimitExceeded » is not one GetParticipantInput with StoreInput True has (Flow language reference: NoMatchingError)",
            "a stored input needs InputValidation | {\"Text\": \"x\", \"StoreInput\": \"True\", \"InputTimeLimitSeconds\": \"5\"} | GetParticipantInput | \"NextAction\": \"Bye\", \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingError\"}] | InputValidation is required if and only if StoreInput is True",
            "GetParticipantInput always declares NoMatchingError | {\"Text\": \"x\", \"StoreInput\": \"False\", \"InputTimeLimitSeconds\": \"5\"} | GetParticipantInput | \"Conditions\": [{\"NextAction\": \"Bye\", \"Condition\": {\"Operator\": \"Equals\", \"Operands\": [\"1\"]}}], \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingCondition\"}] | GetParticipantInput must declare a NoMatchingError branch",
            "a choice compares with Equals only | {\"Text\": \"x\", \"StoreInput\": \"False\", \"InputTimeLimitSeconds\": \"5\"} | GetParticipantInput | \"Conditions\": [{\"NextAction\": \"Bye\", \"Condition\": {\"Operator\": \"NumberGreaterThan\", \"Operands\": [\"1\"]}}], \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingError\"}] | a choice's conditions use Equals only (Flow language reference), not « NumberGreaterThan »",
            "a transfer that ends the flow has no CallFailed | {\"ThirdPartyPhoneNumber\": \"+33123456789\", \"ContinueFlowExecution\": \"False\"} | TransferParticipantToThirdParty | \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"CallFailed\"}] | error branch « CallFailed » is not one TransferParticipantToThirdParty without ContinueFlowExecution True has (Flow language reference: NoMatchingError)",
            "Compare has no NoMatchingError | {\"ComparisonValue\": \"$.Attributes.x\"} | Compare | \"Conditions\": [{\"NextAction\": \"Bye\", \"Condition\": {\"Operator\": \"Equals\", \"Operands\": [\"1\"]}}], \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingError\"}] | error branch « NoMatchingError » is not one Compare has (Flow language reference: NoMatchingCondition)",
            "DisconnectParticipant has no error | {} | DisconnectParticipant | \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingError\"}] | error branch « NoMatchingError » is not one DisconnectParticipant has (Flow language reference: none)",
            "an action without results takes no conditions | {\"Attributes\": {\"a\": \"1\"}} | UpdateContactAttributes | \"NextAction\": \"Bye\", \"Conditions\": [{\"NextAction\": \"Bye\", \"Condition\": {\"Operator\": \"Equals\", \"Operands\": [\"1\"]}}] | UpdateContactAttributes takes no Conditions",
            "CheckHoursOfOperation branches on True and False | {} | CheckHoursOfOperation | \"Conditions\": [{\"NextAction\": \"Bye\", \"Condition\": {\"Operator\": \"Equals\", \"Operands\": [\"True\"]}}] | CheckHoursOfOperation takes exactly the conditions [Equals False, Equals True] (Flow language reference), not [Equals True]",
            "one event hook per action | {\"EventHooks\": {}} | UpdateContactEventHooks | \"NextAction\": \"Bye\" | EventHooks must hold exactly one hook (Flow language reference, UpdateContactEventHooks), not 0",
            "the voice names a voice and an engine | {\"TextToSpeechVoice\": \"Lea\"} | UpdateContactTextToSpeechVoice | \"NextAction\": \"Bye\", \"Errors\": [{\"NextAction\": \"Bye\", \"ErrorType\": \"NoMatchingError\"}] | TextToSpeechEngine must be set, statically",
            "the voice declares NoMatchingError | {\"TextToSpeechVoice\": \"Lea\", \"TextToSpeechEngine\": \"Neural\"} | UpdateContactTextToSpeechVoice | \"NextAction\": \"Bye\" | UpdateContactTextToSpeechVoice must declare a NoMatchingError branch",
            "loop prompts only in a queue flow | {\"Messages\": [{\"Text\": \"x\"}], \"InterruptFrequencySeconds\": \"60\"} | MessageParticipantIteratively | \"Conditions\": [{\"NextAction\": \"Bye\", \"Condition\": {\"Operator\": \"Equals\", \"Operands\": [\"MessagesInterrupted\"]}}] | MessageParticipantIteratively is allowed in customer queue and hold flows only (Flow language reference, Restrictions), not in a CONTACT_FLOW"})
    void theCheckerFollowsTheFlowLanguageReference(String rule, String parameters, String type, String transitions, String problem) {
        String broken = bareFlow("Tested", action("Tested", type, parameters, transitions), disconnect("Bye"));
        ContactFlows.InvalidFlowsException e = assertThrows(ContactFlows.InvalidFlowsException.class, () -> interpreter(broken, Instant.EPOCH), rule);
        assertTrue(e.problems().stream().anyMatch(p -> p.startsWith("flows/entry.json Tested: " + problem)), rule + ": " + e.problems());
    }

    @Test
    void aCustomerQueueFlowCannotTransferAndHooksNameFlowsOfTheirType() {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("flows/entry.json", flow("Hook", action("Hook", "UpdateContactEventHooks", "{\"EventHooks\": {\"CustomerQueue\": \"${AfterFlowArn}\"}}",
                "\"NextAction\": \"Bye\""), disconnect("Bye")));
        files.put("flows/after.json", flow("Bye", disconnect("Bye")));
        files.put("flows/queue.json", bareFlow("Out", action("Out", "TransferToFlow", "{\"ContactFlowId\": \"${AfterFlowArn}\"}",
                "\"Errors\": [" + error("NoMatchingError", "Bye") + "]"), disconnect("Bye")));
        Map<String, String> variables = Map.of("flows/entry.json", "AfterFlowArn: !GetAtt AfterFlow.ContactFlowArn",
                "flows/queue.json", "AfterFlowArn: !GetAtt AfterFlow.ContactFlowArn");
        ContactFlows.InvalidFlowsException e = assertThrows(ContactFlows.InvalidFlowsException.class,
                () -> interpreter(files, variables, Instant.EPOCH));
        assertEquals(List.of("flows/entry.json Hook: the CustomerQueue hook names flows/after.json, a CONTACT_FLOW flow, not a CUSTOMER_QUEUE one",
                "flows/queue.json Out: TransferToFlow is not allowed in a customer queue flow (Flow language reference, Restrictions)"), e.problems());
    }

    /** An entry flow that sets one event hook to the flow of that placeholder, then transfers to the emploi queue. */
    /** A flow that sets {@code hook}, and the CustomerQueue hook when it is another (one hook per action), then queues. */
    private static String hookThenQueue(String hook, String placeholder) {
        String first = hook.equals("CustomerQueue") ? "Hook" : "QueueHook";
        return flow(first, queueHook("QueueHook", "Hook"),
                action("Hook", "UpdateContactEventHooks", "{\"EventHooks\": {\"" + hook + "\": \"${" + placeholder + "}\"}}",
                        "\"NextAction\": \"SetQueue\", \"Errors\": [" + error("NoMatchingError", "SetQueue") + "]"),
                action("SetQueue", "UpdateContactTargetQueue", "{\"QueueId\": \"" + EMPLOI + "\"}", "\"NextAction\": \"Transfer\""),
                action("Transfer", "TransferContactToQueue", "{}", "\"Errors\": [" + error("NoMatchingError", "Bye") + "]"),
                disconnect("Bye"));
    }

    private static String queueHook(String id, String next) {
        return action(id, "UpdateContactEventHooks", "{\"EventHooks\": {\"CustomerQueue\": \"${QueueFlowArn}\"}}",
                "\"NextAction\": \"" + next + "\", \"Errors\": [" + error("NoMatchingError", next) + "]");
    }

    /** A customer queue flow that only waits: its loop prompt, again and again. */
    private static final String WAITING = bareFlow("Loop", action("Loop", "MessageParticipantIteratively",
            "{\"Messages\": [{\"Text\": \"patientez\"}], \"InterruptFrequencySeconds\": \"60\"}",
            "\"Conditions\": [" + condition("Equals", "MessagesInterrupted", "Loop") + "]"));

    private static final String QUEUE_FLOW_ARN = "QueueFlowArn: !GetAtt QueueFlow.ContactFlowArn";

    /** An interpreter of this entry flow and the waiting queue flow its CustomerQueue hook names. */
    private FlowInterpreter queuing(String entry, Instant now) throws ContactFlows.InvalidFlowsException {
        Map<String, String> files = new LinkedHashMap<>();
        files.put("flows/entry.json", entry);
        files.put("flows/queue.json", WAITING);
        return interpreter(files, Map.of("flows/entry.json", QUEUE_FLOW_ARN), now);
    }

    private PhoneCall call() {
        return new PhoneCall(java.util.UUID.randomUUID().toString(), 1, PhoneCall.Direction.INBOUND, "+33611990099",
                LocalPhone.LOCAL_NUMBER, Instant.EPOCH, Map.of());
    }

    private FlowInterpreter interpreter(String entry, Instant now) throws ContactFlows.InvalidFlowsException {
        return interpreter(Map.of("flows/entry.json", entry), Map.of(), now);
    }

    /**
     * An interpreter of these flows, loaded as the runner loads the template's (one AWS::Connect::ContactFlow
     * per file, its {@code # Content:} marker, its Fn::Sub variables), with the real calendar of one site and
     * the capacity rule of the local phone.
     */
    private FlowInterpreter interpreter(Map<String, String> files, Map<String, String> variables, Instant now)
            throws ContactFlows.InvalidFlowsException {
        StringBuilder template = new StringBuilder("Resources:\n");
        files.keySet().forEach(file -> {
            String name = file.substring("flows/".length(), file.length() - ".json".length());
            template.append("  ").append(Character.toUpperCase(name.charAt(0))).append(name.substring(1)).append("Flow:\n")
                    .append("    Type: AWS::Connect::ContactFlow\n    Properties:\n")
                    .append("      Type: ").append(file.startsWith("flows/queue") ? "CUSTOMER_QUEUE" : "CONTACT_FLOW").append('\n')
                    .append("      # Content: ").append(file).append('\n')
                    .append("      Content: !Sub\n        - |\n          {}\n")
                    .append("        - ").append(variables.getOrDefault(file, "{}")).append('\n');
        });
        template.append("  LateFunction:\n    Type: AWS::Serverless::Function\n    Properties:\n")
                .append("      Handler: ").append(LateFunction.class.getName()).append("::handleRequest\n");
        String text = template.toString();
        Template parsed = Template.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
        Functions functions = Functions.from(parsed, Map.of());
        ContactFlows flows = ContactFlows.load(text, parsed, files::get, functions, Map.of());
        return new FlowInterpreter(flows, functions, new LambdaInvoker(), EXECUTOR, Map.of(EMPLOI, "emploi"),
                LocalPhone.hoursOf(() -> List.of(METZ), new SiteCalendar(new FrenchHolidays())),
                queue -> LocalPhone.atCapacity(queue, load), load, Clock.fixed(now, ZoneOffset.UTC));
    }

    /** A flow that sets the French voice first (action "Voice"), then starts at {@code start}. */
    private static String flow(String start, String... actions) {
        return bareFlow("Voice", voice("Voice", start), String.join(", ", actions));
    }

    private static String bareFlow(String start, String... actions) {
        return "{\"Version\": \"2019-10-30\", \"StartAction\": \"" + start + "\", \"Actions\": ["
                + String.join(", ", actions) + "]}";
    }

    private static String voice(String id, String next) {
        return action(id, "UpdateContactTextToSpeechVoice", "{\"TextToSpeechVoice\": \"Lea\", \"TextToSpeechEngine\": \"Neural\"}",
                "\"NextAction\": \"" + next + "\", \"Errors\": [" + error("NoMatchingError", next) + "]");
    }

    private static String action(String id, String type, String parameters, String transitions) {
        return "{\"Identifier\": \"" + id + "\", \"Type\": \"" + type + "\", \"Parameters\": " + parameters
                + ", \"Transitions\": {" + transitions + "}}";
    }

    private static String say(String id, String text) {
        return action(id, "MessageParticipant", "{\"Text\": \"" + text + "\"}", "\"NextAction\": \"Disconnect\"");
    }

    private static String disconnect() {
        return disconnect("Disconnect");
    }

    private static String disconnect(String id) {
        return action(id, "DisconnectParticipant", "{}", "");
    }

    private static String condition(String operator, String operand, String next) {
        return "{\"NextAction\": \"" + next + "\", \"Condition\": {\"Operator\": \"" + operator + "\", \"Operands\": [\""
                + operand + "\"]}}";
    }

    private static String error(String type, String next) {
        return "{\"NextAction\": \"" + next + "\", \"ErrorType\": \"" + type + "\"}";
    }
}
