package fr.accueil.local;

import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.Log;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;

/**
 * Plays Amazon Connect contact flows (Flow language 2019-10-30) for the local phone: the actions
 * the project's flows use, each with its parameters, references ({@code $.Attributes.x},
 * {@code $.External.x}, {@code $.StoredCustomerInput}…), conditions and error branches. Functions
 * are invoked as Connect invokes them: a ContactFlowEvent to the template's function, through the
 * runner's {@link LambdaInvoker}, within InvocationTimeLimitSeconds, the answer validated as a
 * STRING_MAP; a failure, a timeout or another answer takes the error branch. A call in queue hears the
 * customer queue flow its CustomerQueue event hook names, and goes on, when the agent hangs up first, in the
 * flow its CustomerRemaining hook names. Nothing is spoken before a French neural voice is set on the contact.
 *
 * <p>{@link #check} validates a flow with the same rules before any call, and with the Flow language
 * reference's rules on each action's branches and flow types.
 */
final class FlowInterpreter {
    /** What a stored input holds after the caller's silence, as on Connect. */
    static final String STORED_TIMEOUT = "Timeout";
    /** The actions this interpreter plays. */
    static final Set<String> TYPES = new TreeSet<>(Set.of(
            "MessageParticipant", "GetParticipantInput", "InvokeLambdaFunction", "UpdateContactAttributes",
            "Compare", "CheckHoursOfOperation", "UpdateContactTargetQueue", "TransferContactToQueue",
            "TransferToFlow", "TransferParticipantToThirdParty", "DisconnectParticipant",
            "UpdateFlowLoggingBehavior", "UpdateContactEventHooks", "UpdateContactTextToSpeechVoice",
            "GetMetricData", "MessageParticipantIteratively"));
    private static final Set<String> ENDING = Set.of("DisconnectParticipant", "TransferContactToQueue",
            "TransferToFlow", "TransferParticipantToThirdParty");
    /** The flow types of AWS::Connect::ContactFlow the project deploys. */
    static final String CONTACT_FLOW = "CONTACT_FLOW";
    static final String CUSTOMER_QUEUE = "CUSTOMER_QUEUE";
    /**
     * Amazon Polly's French (fr-FR) voices that have a neural engine (Polly developer guide, "Available
     * voices": Léa and Rémi; Céline and Mathieu are standard only). Without UpdateContactTextToSpeechVoice,
     * Connect reads prompts with Joanna, en-US (Flow language reference, UpdateContactTextToSpeechVoice).
     */
    static final Set<String> FRENCH_NEURAL_VOICES = Set.of("Lea", "Remi");
    private static final Set<String> OPERATORS = Set.of("Equals", "NumberGreaterThan", "NumberGreaterOrEqualTo",
            "NumberLessThan", "NumberLessOrEqualTo", "TextContains", "TextStartsWith", "TextEndsWith");
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\.(Attributes\\.[A-Za-z0-9_.-]+|External\\.[A-Za-z0-9_.-]+|StoredCustomerInput|ContactId|Channel"
                    + "|InitiationMethod|CustomerEndpoint\\.Address|SystemEndpoint\\.Address|Queue\\.ARN|Queue\\.Name"
                    + "|Metrics\\.Queue\\.(?:Size|OldestContactAge|Name|ARN))");
    /**
     * The error branches each action may declare, as the Amazon Connect Flow language reference lists them
     * under "Errors" on the action's page (docs.aws.amazon.com/connect/latest/APIReference/, page named after
     * the action, e.g. flow-control-actions-updateflowloggingbehavior.html: "Errors: None"). Connect refuses
     * a flow that declares another one. GetParticipantInput and TransferParticipantToThirdParty narrow theirs
     * further by parameter ({@link #check}).
     */
    private static final Map<String, Set<String>> ERRORS = Map.ofEntries(
            Map.entry("UpdateFlowLoggingBehavior", Set.of()),
            Map.entry("DisconnectParticipant", Set.of()),
            Map.entry("Compare", Set.of("NoMatchingCondition")),
            Map.entry("MessageParticipant", Set.of("NoMatchingError")),
            Map.entry("MessageParticipantIteratively", Set.of("NoMatchingError")),
            Map.entry("GetParticipantInput", Set.of("NoMatchingError", "NoMatchingCondition", "InputTimeLimitExceeded", "InvalidPhoneNumber")),
            Map.entry("InvokeLambdaFunction", Set.of("NoMatchingError")),
            Map.entry("UpdateContactAttributes", Set.of("NoMatchingError")),
            Map.entry("CheckHoursOfOperation", Set.of("NoMatchingError")),
            Map.entry("UpdateContactTargetQueue", Set.of("NoMatchingError")),
            Map.entry("TransferContactToQueue", Set.of("QueueAtCapacity", "NoMatchingError")),
            Map.entry("TransferToFlow", Set.of("NoMatchingError")),
            Map.entry("TransferParticipantToThirdParty", Set.of("ConnectionTimeLimitExceeded", "CallFailed", "NoMatchingError")),
            Map.entry("UpdateContactEventHooks", Set.of("NoMatchingError")),
            Map.entry("UpdateContactTextToSpeechVoice", Set.of("NoMatchingError")),
            Map.entry("GetMetricData", Set.of("NoMatchingError")));
    /** Error branches the reference says "Must always be defined" (GetParticipantInput, UpdateContactTextToSpeechVoice). */
    private static final Set<String> NO_MATCHING_ERROR_REQUIRED = Set.of("GetParticipantInput", "UpdateContactTextToSpeechVoice");
    /** The actions whose results take Conditions (the reference's "Results and conditions"); the others take none. */
    private static final Set<String> CONDITIONAL = Set.of("Compare", "GetParticipantInput", "CheckHoursOfOperation",
            "MessageParticipantIteratively");
    /**
     * Actions the reference's "Restrictions" keep out of customer queue flows (TransferToFlow, UpdateContactTargetQueue,
     * TransferContactToQueue: "not supported in … customer queue flows"), and the one kept in them
     * (MessageParticipantIteratively: "supported in Customer Queue, Customer Hold, and Agent Hold flows").
     */
    private static final Set<String> NOT_IN_QUEUE_FLOWS = Set.of("TransferToFlow", "UpdateContactTargetQueue", "TransferContactToQueue");
    private static final Set<String> ONLY_IN_QUEUE_FLOWS = Set.of("MessageParticipantIteratively");
    /** The event hooks played locally, and the flow type each must name. */
    private static final Map<String, String> HOOKS = Map.of("CustomerRemaining", CONTACT_FLOW, "CustomerQueue", CUSTOMER_QUEUE);
    /** A reference inside a prompt's text ("Il y a $.Metrics.Queue.Size appels…"), as Connect interpolates it. */
    private static final Pattern EMBEDDED = Pattern.compile("\\$\\.[A-Za-z][A-Za-z0-9_-]*(?:\\.[A-Za-z0-9_-]+)*");
    private static final Pattern KEYS = Pattern.compile("[0-9*#]{1,32}");
    /** The key Amazon Connect ends a stored input with when the flow names none: the key itself is not kept. */
    static final String CONNECT_TERMINATOR = "#";
    /**
     * Connect's own limit on a Lambda invocation from a flow (Flow language, InvokeLambdaFunction:
     * InvocationTimeLimitSeconds « no larger than 8 »).
     */
    private static final int MAX_INVOCATION_SECONDS = 8;
    /** How long a {@code slow} function's DynamoDB requests wait: longer than any invocation limit. */
    static final Duration SLOW_REQUEST = Duration.ofSeconds(MAX_INVOCATION_SECONDS + 1L);
    /** Actions played without the caller's input before the flow is deemed to loop. */
    private static final int MAX_STEPS_PER_TURN = 200;

    /** Opening hours for CheckHoursOfOperation: an hours id (or null: the territory's), at an instant. */
    @FunctionalInterface
    interface HoursOfOperation {
        boolean open(String hoursId, Instant at);
    }

    /**
     * Whether a queue has reached its "maximum contacts in queue" (TransferContactToQueue then takes
     * QueueAtCapacity), by queue key.
     */
    @FunctionalInterface
    interface QueueCapacity {
        boolean full(String queueKey);
    }

    /** A flow that cannot go on (a missing branch, a loop): a defect of the flow, reported as such. */
    static final class FlowException extends RuntimeException {
        FlowException(String message) {
            super(message);
        }
    }

    private final ContactFlows flows;
    private final Functions functions;
    private final LambdaInvoker invoker;
    private final ExecutorService executor;
    private final Map<String, String> queueKeysByArn;
    private final HoursOfOperation hours;
    private final QueueCapacity capacity;
    private final QueueLoad load;
    private final java.time.Clock clock;

    FlowInterpreter(ContactFlows flows, Functions functions, LambdaInvoker invoker, ExecutorService executor,
                    Map<String, String> queueKeysByArn, HoursOfOperation hours, QueueCapacity capacity, QueueLoad load,
                    java.time.Clock clock) {
        this.flows = flows;
        this.functions = functions;
        this.invoker = invoker;
        this.executor = executor;
        this.queueKeysByArn = Map.copyOf(queueKeysByArn);
        this.hours = hours;
        this.capacity = capacity;
        this.load = load;
        this.clock = clock;
    }

    /** Starts the call at the entry flow; returns what the caller hears until input is awaited or the call ends. */
    List<PhoneCall.Prompt> start(PhoneCall call) {
        return start(call, flows.entry());
    }

    /** Starts the call at this flow (an outbound call: the flow StartOutboundVoiceContact names). */
    List<PhoneCall.Prompt> start(PhoneCall call, ContactFlows.Flow flow) {
        call.flow = flow;
        return run(call, call.flow.startAction());
    }

    /**
     * The caller's keys (or silence: {@code digits} null) at the awaited GetParticipantInput.
     *
     * @throws IllegalStateException when the call is not awaiting input
     */
    List<PhoneCall.Prompt> input(PhoneCall call, String digits) {
        if (call.awaiting == null) {
            throw new IllegalStateException("the call is not waiting for keys");
        }
        Map<String, Object> action = call.flow.action(call.action);
        PhoneCall.Awaiting awaiting = call.awaiting;
        call.awaiting = null;
        String next;
        boolean stored = awaiting.keys().isEmpty();
        if (awaiting.looping()) {
            // The loop prompts played for InterruptFrequencySeconds: the action ends with MessagesInterrupted.
            next = matching(call, action, "MessagesInterrupted").orElseGet(() -> errorBranch(call, action, "NoMatchingError"));
        } else if ((digits == null || digits.isEmpty()) && stored) {
            // Connect's stored input takes silence down the Success branch, the input reading "Timeout".
            call.storedInput = STORED_TIMEOUT;
            next = nextAction(call, action);
        } else if (digits == null || digits.isEmpty()) {
            next = errorBranch(call, action, "InputTimeLimitExceeded");
        } else if (stored) {
            String entry = digits;
            if (!awaiting.terminator().isEmpty() && entry.contains(awaiting.terminator())) {
                entry = entry.substring(0, entry.indexOf(awaiting.terminator()));
            }
            call.storedInput = entry.length() > awaiting.maxDigits() ? entry.substring(0, awaiting.maxDigits()) : entry;
            next = nextAction(call, action);
        } else {
            next = matching(call, action, digits.substring(0, 1)).orElseGet(() -> errorBranch(call, action, "NoMatchingCondition"));
        }
        return run(call, next);
    }

    /** The caller hangs up. */
    void hangUp(PhoneCall call) {
        call.callerHangsUp();
    }

    /**
     * The agent hangs up while the caller is still on the line: as on Connect, the call goes on at the
     * start of the flow the CustomerRemaining event hook names; without a hook, it ends.
     *
     * @throws IllegalStateException when the call is not with an agent (not in a queue)
     */
    List<PhoneCall.Prompt> agentHangsUp(PhoneCall call) {
        if (!call.inQueue) {
            throw new IllegalStateException("the call is not in a queue");
        }
        call.inQueue = false;
        call.awaiting = null;
        call.agentHungUp = true;
        if (call.customerRemaining == null) {
            call.afterAgent = PhoneCall.Outcome.hangUp("le conseiller a raccroché");
            return List.of();
        }
        // A new part of the contact: what it books or says is its own.
        call.callbackId = null;
        call.spokeLast = false;
        return start(call, call.customerRemaining);
    }

    private List<PhoneCall.Prompt> run(PhoneCall call, String first) {
        List<PhoneCall.Prompt> heard = new ArrayList<>();
        String next = first;
        for (int steps = 0; next != null; steps++) {
            if (steps >= MAX_STEPS_PER_TURN) {
                throw new FlowException(call.flow.file() + ": " + MAX_STEPS_PER_TURN + " actions without waiting for the caller (a loop?), last " + next);
            }
            call.action = next;
            call.steps++;
            next = step(call, call.flow.action(next), heard);
        }
        call.transcript.addAll(heard);
        return heard;
    }

    /** Plays one action; the next action's identifier, or null when the call waits for keys or has ended. */
    private String step(PhoneCall call, Map<String, Object> action, List<PhoneCall.Prompt> heard) {
        if (action == null) {
            throw new FlowException(call.flow.file() + ": no action « " + call.action + " »");
        }
        String type = String.valueOf(action.get("Type"));
        Map<String, Object> parameters = map(action.get("Parameters"));
        boolean spoke = false;
        String next;
        switch (type) {
            case "UpdateFlowLoggingBehavior" -> next = nextAction(call, action);
            case "UpdateContactTextToSpeechVoice" -> {
                call.voice = resolve(call, parameters.get("TextToSpeechVoice"));
                call.voiceEngine = resolve(call, parameters.get("TextToSpeechEngine"));
                next = nextAction(call, action);
            }
            case "GetMetricData" -> {
                // The working queue's real-time metrics (the simulated queue load locally), as $.Metrics.Queue.…
                String queue = call.targetQueueArn == null ? null : queueKeysByArn.get(call.targetQueueArn);
                if (queue == null) {
                    next = errorBranch(call, action, "NoMatchingError");
                } else {
                    QueueMetrics now = load.current(queue).orElse(QueueMetrics.EMPTY);
                    // The load is of the callers already waiting; Connect counts this one among the contacts in queue.
                    call.metrics = Map.of("Size", String.valueOf(now.contactsInQueue() + 1),
                            "OldestContactAge", String.valueOf(now.oldestContactAge().toSeconds()),
                            "Name", queue, "ARN", call.targetQueueArn);
                    next = nextAction(call, action);
                }
            }
            case "MessageParticipantIteratively" -> {
                list(parameters.get("Messages")).forEach(message -> heard.add(prompt(call, message)));
                Optional<Integer> every = integer(resolve(call, parameters.get("InterruptFrequencySeconds")), 1, 3600);
                if (every.isEmpty()) {
                    next = errorBranch(call, action, "NoMatchingError");
                } else {
                    call.awaiting = PhoneCall.Awaiting.loop(every.get());
                    next = null;
                }
                spoke = true;
            }
            case "MessageParticipant" -> {
                heard.add(prompt(call, parameters));
                spoke = true;
                next = nextAction(call, action);
            }
            case "GetParticipantInput" -> {
                heard.add(prompt(call, parameters));
                Optional<Integer> timeout = integer(resolve(call, parameters.get("InputTimeLimitSeconds")), 1, 180);
                if (timeout.isEmpty()) {
                    next = errorBranch(call, action, "NoMatchingError");
                } else {
                    call.awaiting = awaiting(action, parameters, timeout.get());
                    next = null;
                }
                spoke = true;
            }
            case "InvokeLambdaFunction" -> {
                Optional<Map<String, String>> answer = invoke(call, parameters);
                if (answer.isPresent()) {
                    call.external = answer.get();
                    if (answer.get().containsKey("callbackId") && !answer.get().get("callbackId").isBlank()) {
                        call.callbackId = answer.get().get("callbackId");
                    }
                    next = nextAction(call, action);
                } else {
                    next = errorBranch(call, action, "NoMatchingError");
                }
            }
            case "UpdateContactAttributes" -> {
                map(parameters.get("Attributes")).forEach((name, value) -> call.attributes.put(name, resolve(call, value)));
                String node = call.attributes.get("menuNode");
                if (node != null && !node.isBlank() && (call.menuPath.isEmpty() || !call.menuPath.get(call.menuPath.size() - 1).equals(node))) {
                    call.menuPath.add(node);
                }
                next = nextAction(call, action);
            }
            case "Compare" -> {
                String value = resolve(call, parameters.get("ComparisonValue"));
                next = matching(call, action, value).orElseGet(() -> errorBranch(call, action, "NoMatchingCondition"));
            }
            case "CheckHoursOfOperation" -> {
                Object id = parameters.get("HoursOfOperationId");
                boolean open = hours.open(id == null ? null : resolve(call, id), clock.instant());
                next = matching(call, action, open ? "True" : "False").orElseGet(() -> errorBranch(call, action, "NoMatchingCondition"));
            }
            case "UpdateContactTargetQueue" -> {
                String arn = resolve(call, parameters.get("QueueId"));
                if (queueKeysByArn.containsKey(arn)) {
                    call.targetQueueArn = arn;
                    next = nextAction(call, action);
                } else {
                    next = errorBranch(call, action, "NoMatchingError");
                }
            }
            case "TransferContactToQueue" -> {
                String queue = call.targetQueueArn == null ? null : queueKeysByArn.get(call.targetQueueArn);
                if (queue == null) {
                    next = errorBranch(call, action, "NoMatchingError");
                } else if (capacity.full(queue)) {
                    next = errorBranch(call, action, "QueueAtCapacity");
                } else {
                    // While the caller waits, Connect plays the contact's customer queue flow: its default one, in
                    // English, when no CustomerQueue hook is set, so a flow that forgets the hook fails its calls here.
                    if (call.customerQueue == null) {
                        throw new FlowException(call.flow.file() + " " + call.action + ": transfers to a queue with no CustomerQueue"
                                + " hook (the caller would wait with Connect's default queue flow, in English): set it first"
                                + " (UpdateContactEventHooks, EventHooks.CustomerQueue)");
                    }
                    call.end(PhoneCall.Outcome.inQueue(queue));
                    call.enqueuedAt = clock.instant();
                    call.queueArn = call.targetQueueArn;
                    call.flow = call.customerQueue;
                    next = call.customerQueue.startAction();
                }
            }
            case "TransferToFlow" -> {
                Optional<ContactFlows.Flow> target = flows.byArn(resolve(call, parameters.get("ContactFlowId")));
                if (target.isPresent()) {
                    call.flow = target.get();
                    next = target.get().startAction();
                } else {
                    next = errorBranch(call, action, "NoMatchingError");
                }
            }
            case "TransferParticipantToThirdParty" -> {
                String number = resolve(call, parameters.get("ThirdPartyPhoneNumber"));
                Optional<String> e164 = PhoneNumbers.toE164(number).filter(n -> n.equals(number));
                if (e164.isPresent()) {
                    call.end(PhoneCall.Outcome.transferredTo(e164.get()));
                    next = null;
                } else {
                    // CallFailed is a branch only when the flow continues after the transfer (see check).
                    next = errorBranch(call, action, "True".equals(parameters.get("ContinueFlowExecution")) ? "CallFailed" : "NoMatchingError");
                }
            }
            case "UpdateContactEventHooks" -> {
                // CustomerRemaining: where the caller goes on when the agent hangs up first (the satisfaction
                // survey); CustomerQueue: what a caller waiting in a queue hears.
                Map<String, Object> hooks = map(parameters.get("EventHooks"));
                Object remaining = hooks.get("CustomerRemaining");
                Object queued = hooks.get("CustomerQueue");
                Object hook = remaining != null ? remaining : queued;
                Optional<ContactFlows.Flow> target = hook == null ? Optional.empty() : flows.byArn(resolve(call, hook));
                if (target.isEmpty()) {
                    next = errorBranch(call, action, "NoMatchingError");
                } else {
                    if (remaining != null) {
                        call.customerRemaining = target.get();
                    } else {
                        call.customerQueue = target.get();
                    }
                    next = nextAction(call, action);
                }
            }
            case "DisconnectParticipant" -> {
                call.end(call.callbackId != null ? PhoneCall.Outcome.callback(call.callbackId)
                        : call.spokeLast ? PhoneCall.Outcome.message() : PhoneCall.Outcome.hangUp("fin d'appel sans message"));
                next = null;
            }
            default -> throw new FlowException(call.flow.file() + " " + call.action + ": action type « " + type
                    + " » not supported by the local phone (supported: " + String.join(", ", TYPES) + ")");
        }
        if (!"DisconnectParticipant".equals(type)) {
            call.spokeLast = spoke;
        }
        return next;
    }

    /** The wait of a GetParticipantInput; a stored input ends at # unless the flow names its terminator, as on Connect. */
    static PhoneCall.Awaiting awaiting(Map<String, Object> action, Map<String, Object> parameters, int timeout) {
        boolean store = "True".equals(parameters.get("StoreInput"));
        String maximum = String.valueOf(map(map(parameters.get("InputValidation")).get("CustomValidation")).get("MaximumLength"));
        int maxDigits = store ? integer(maximum, 1, 20).orElse(20) : 1;
        Object terminator = map(parameters.get("DTMFConfiguration")).get("InputTerminationSequence");
        List<String> keys = store ? List.of() : conditions(action).stream().map(c -> operand(c).orElse("")).toList();
        String ends = terminator != null ? String.valueOf(terminator) : store ? CONNECT_TERMINATOR : "";
        return new PhoneCall.Awaiting(timeout, maxDigits, ends, keys);
    }

    /**
     * What the caller hears. Refused when no French neural voice is set on the contact: Connect would read the
     * French text with its default voice, Joanna (en-US), so a flow that forgets the voice fails its calls here.
     */
    private PhoneCall.Prompt prompt(PhoneCall call, Map<String, Object> parameters) {
        if (call.voice == null || !FRENCH_NEURAL_VOICES.contains(call.voice) || !"Neural".equalsIgnoreCase(call.voiceEngine)) {
            throw new FlowException(call.flow.file() + " " + call.action + ": speaks with the contact's voice "
                    + (call.voice == null ? "unset (Connect's default, Joanna, en-US)" : "« " + call.voice + " » (" + call.voiceEngine + ")")
                    + ": set a French neural voice first (UpdateContactTextToSpeechVoice, TextToSpeechVoice Lea, TextToSpeechEngine Neural)");
        }
        if (parameters.containsKey("SSML")) {
            String ssml = interpolate(call, String.valueOf(parameters.get("SSML")));
            return new PhoneCall.Prompt(Ssml.text(ssml), ssml);
        }
        String text = interpolate(call, String.valueOf(parameters.get("Text")));
        return new PhoneCall.Prompt(text, Ssml.of(text));
    }

    /** A prompt with its references resolved, the whole text or each one inside it. */
    private String interpolate(PhoneCall call, String text) {
        if (REFERENCE.matcher(text).matches()) {
            return resolve(call, text);
        }
        java.util.regex.Matcher references = EMBEDDED.matcher(text);
        StringBuilder out = new StringBuilder();
        while (references.find()) {
            references.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(resolve(call, references.group())));
        }
        references.appendTail(out);
        return out.toString();
    }

    /**
     * The function's answer, or empty when the invocation fails, times out or answers no flat map of
     * strings. A fault of the call for this function ({@link FunctionFault}) is applied to the invocation
     * itself: the function runs and fails, or another function answers.
     */
    private Optional<Map<String, String>> invoke(PhoneCall call, Map<String, Object> parameters) {
        Optional<FunctionSpec> function = flows.function(String.valueOf(parameters.get("LambdaFunctionARN"))).flatMap(functions::get);
        Optional<Integer> limit = integer(String.valueOf(parameters.get("InvocationTimeLimitSeconds")), 1, MAX_INVOCATION_SECONDS);
        if (function.isEmpty() || limit.isEmpty()) {
            return Optional.empty();
        }
        FunctionFault fault = call.faults.get(function.get().logicalId());
        FunctionSpec invoked = fault != null && fault.kind() == FunctionFault.Kind.ANSWERED_BY
                ? functions.get(fault.answeredBy()).orElseThrow(() -> new FlowException("no function " + fault.answeredBy()))
                : function.get();
        Map<String, String> invocationParameters = new LinkedHashMap<>();
        map(parameters.get("LambdaInvocationAttributes")).forEach((name, value) -> invocationParameters.put(name, resolve(call, value)));
        byte[] event = Json.write(event(call, invocationParameters)).getBytes(StandardCharsets.UTF_8);
        long started = System.nanoTime();
        Future<LambdaInvoker.Result> pending = executor.submit(() -> FunctionFaults.during(fault, SLOW_REQUEST, () -> invoker.invoke(invoked, event)));
        LambdaInvoker.Result result;
        try {
            result = pending.get(limit.get(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            // Connect stops waiting and takes the Error branch; the function's answer, if it comes, is not heard.
            pending.cancel(true);
            return failed(call, invoked, started, "timed-out", "no answer within InvocationTimeLimitSeconds " + limit.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(call, invoked, started, "function-error", "interrupted");
        } catch (ExecutionException e) {
            return failed(call, invoked, started, "function-error", "invocation error " + e.getCause());
        }
        if (result.failed()) {
            return failed(call, invoked, started, "function-error", "function error " + result.errorType());
        }
        String type = String.valueOf(map(parameters.get("ResponseValidation")).get("ResponseType"));
        Optional<Map<String, String>> answer = stringMap(result.payload(), type);
        if (answer.isEmpty()) {
            return failed(call, invoked, started, "invalid-answer", "the answer is no " + ("JSON".equals(type) ? "JSON object" : "STRING_MAP"));
        }
        call.invocations.add(new PhoneCall.Invocation(invoked.logicalId(), "answered", millisSince(started),
                "true".equals(answer.get().get("safeRoute"))));
        return answer;
    }

    /** An invocation that takes the error branch, and why (what Connect's flow logs would say). */
    private static Optional<Map<String, String>> failed(PhoneCall call, FunctionSpec function, long started, String result, String why) {
        call.invocations.add(new PhoneCall.Invocation(function.logicalId(), result, millisSince(started), false));
        Log.info("phone.function.failed", Map.of("flow", call.flow.file(), "action", call.action,
                "function", function.logicalId(), "reason", why));
        return Optional.empty();
    }

    private static long millisSince(long started) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
    }

    /** STRING_MAP: a flat object of strings; JSON: any object, its top-level values as text. */
    private static Optional<Map<String, String>> stringMap(byte[] payload, String responseType) {
        Map<String, Object> answer;
        try {
            answer = Json.readObject(new String(payload, StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Map<String, String> strings = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : answer.entrySet()) {
            if (entry.getValue() instanceof String text) {
                strings.put(entry.getKey(), text);
            } else if ("JSON".equals(responseType) && entry.getValue() != null) {
                strings.put(entry.getKey(), String.valueOf(entry.getValue()));
            } else if (!"JSON".equals(responseType)) {
                return Optional.empty();
            }
        }
        return Optional.of(strings);
    }

    /** The ContactFlowEvent Amazon Connect sends a function. */
    private Map<String, Object> event(PhoneCall call, Map<String, String> parameters) {
        Map<String, Object> contact = new LinkedHashMap<>();
        contact.put("Attributes", new LinkedHashMap<>(call.attributes));
        contact.put("Channel", "VOICE");
        contact.put("ContactId", call.contactId);
        contact.put("CustomerEndpoint", endpoint(call.customer));
        contact.put("Description", null);
        contact.put("InitialContactId", call.contactId);
        contact.put("InitiationMethod", call.direction.initiationMethod);
        contact.put("InstanceARN", LocalConnect.INSTANCE_ARN);
        contact.put("LanguageCode", "fr-FR");
        contact.put("MediaStreams", Map.of("Customer", Map.of("Audio", Map.of())));
        contact.put("Name", null);
        contact.put("PreviousContactId", call.contactId);
        contact.put("Queue", call.targetQueueArn == null ? null
                : Map.of("ARN", call.targetQueueArn, "Name", queueKeysByArn.get(call.targetQueueArn)));
        contact.put("References", Map.of());
        contact.put("SystemEndpoint", endpoint(call.system));
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("ContactData", contact);
        details.put("Parameters", parameters);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("Details", details);
        event.put("Name", "ContactFlowEvent");
        return event;
    }

    private static Map<String, Object> endpoint(String address) {
        Map<String, Object> endpoint = new LinkedHashMap<>();
        endpoint.put("Address", address);
        endpoint.put("Type", "TELEPHONE_NUMBER");
        return endpoint;
    }

    /** A parameter's value: a reference resolved (an absent attribute or answer field is empty), else the text. */
    private String resolve(PhoneCall call, Object value) {
        String text = value == null ? "" : String.valueOf(value);
        if (!text.startsWith("$.")) {
            return text;
        }
        String path = text.substring(2);
        if (path.startsWith("Attributes.")) {
            return call.attributes.getOrDefault(path.substring("Attributes.".length()), "");
        }
        if (path.startsWith("External.")) {
            return call.external.getOrDefault(path.substring("External.".length()), "");
        }
        return switch (path) {
            case "StoredCustomerInput" -> call.storedInput;
            case "ContactId" -> call.contactId;
            case "Channel" -> "VOICE";
            case "InitiationMethod" -> call.direction.initiationMethod;
            case "CustomerEndpoint.Address" -> call.customer;
            case "SystemEndpoint.Address" -> call.system;
            case "Queue.ARN" -> call.targetQueueArn == null ? "" : call.targetQueueArn;
            case "Queue.Name" -> call.targetQueueArn == null ? "" : queueKeysByArn.get(call.targetQueueArn);
            case "Metrics.Queue.Size", "Metrics.Queue.OldestContactAge", "Metrics.Queue.Name", "Metrics.Queue.ARN" ->
                    call.metrics.getOrDefault(path.substring("Metrics.Queue.".length()), "");
            default -> throw new FlowException(call.flow.file() + " " + call.action + ": unknown reference " + text);
        };
    }

    private static Optional<String> matching(PhoneCall call, Map<String, Object> action, String value) {
        for (Map<String, Object> condition : conditions(action)) {
            Map<String, Object> test = map(condition.get("Condition"));
            String operand = operand(condition).orElse("");
            String operator = String.valueOf(test.get("Operator"));
            if (!OPERATORS.contains(operator)) {
                throw new FlowException(call.flow.file() + " " + call.action + ": unknown operator « " + operator + " »");
            }
            if (holds(operator, value, operand)) {
                return Optional.of(String.valueOf(condition.get("NextAction")));
            }
        }
        return Optional.empty();
    }

    private static boolean holds(String operator, String value, String operand) {
        return switch (operator) {
            case "Equals" -> value.equals(operand);
            case "TextContains" -> value.contains(operand);
            case "TextStartsWith" -> value.startsWith(operand);
            case "TextEndsWith" -> value.endsWith(operand);
            default -> {
                Optional<BigDecimal> a = number(value), b = number(operand);
                if (a.isEmpty() || b.isEmpty()) {
                    yield false;
                }
                int order = a.get().compareTo(b.get());
                yield switch (operator) {
                    case "NumberGreaterThan" -> order > 0;
                    case "NumberGreaterOrEqualTo" -> order >= 0;
                    case "NumberLessThan" -> order < 0;
                    case "NumberLessOrEqualTo" -> order <= 0;
                    default -> false;
                };
            }
        };
    }

    private static String nextAction(PhoneCall call, Map<String, Object> action) {
        Object next = map(action.get("Transitions")).get("NextAction");
        if (next == null) {
            throw new FlowException(call.flow.file() + " " + call.action + ": no NextAction");
        }
        return String.valueOf(next);
    }

    /** The branch of an error: its own, else NoMatchingError's. */
    private static String errorBranch(PhoneCall call, Map<String, Object> action, String errorType) {
        List<Map<String, Object>> errors = list(map(action.get("Transitions")).get("Errors"));
        for (String type : List.of(errorType, "NoMatchingError")) {
            for (Map<String, Object> error : errors) {
                if (type.equals(error.get("ErrorType"))) {
                    return String.valueOf(error.get("NextAction"));
                }
            }
        }
        throw new FlowException(call.flow.file() + " " + call.action + ": no branch for the error " + errorType);
    }

    /**
     * Every problem of a flow that would stop a call: an action type this interpreter does not
     * play, a transition to no action, an action that leads nowhere, a missing or malformed
     * parameter, an unknown reference, a function or flow ARN that resolves to nothing.
     */
    static void check(ContactFlows.Flow flow, ContactFlows flows, List<String> problems) {
        flow.actions().forEach((id, action) -> {
            String where = flow.file() + " " + id;
            String type = String.valueOf(action.get("Type"));
            if (!TYPES.contains(type)) {
                problems.add(where + ": action type « " + type + " » not supported by the local phone (supported: "
                        + String.join(", ", TYPES) + ")");
                return;
            }
            Map<String, Object> transitions = map(action.get("Transitions"));
            Map<String, Object> parameters = map(action.get("Parameters"));
            List<String> targets = new ArrayList<>();
            if (transitions.get("NextAction") != null) {
                targets.add(String.valueOf(transitions.get("NextAction")));
            }
            conditions(action).forEach(c -> targets.add(String.valueOf(c.get("NextAction"))));
            list(transitions.get("Errors")).forEach(e -> targets.add(String.valueOf(e.get("NextAction"))));
            targets.stream().filter(t -> !flow.actions().containsKey(t))
                    .forEach(t -> problems.add(where + ": leads to « " + t + " », not an action of the flow"));
            if (!ENDING.contains(type) && targets.isEmpty()) {
                problems.add(where + ": leads nowhere");
            }
            references(parameters, where, problems);
            referenceRules(flow, type, action, parameters, where, problems);
            conditions(action).forEach(c -> {
                String operator = String.valueOf(map(c.get("Condition")).get("Operator"));
                if (!OPERATORS.contains(operator)) {
                    problems.add(where + ": unknown operator « " + operator + " »");
                }
                if (operand(c).isEmpty()) {
                    problems.add(where + ": a condition without its one operand");
                }
            });
            switch (type) {
                case "MessageParticipant" -> prompted(parameters, where, problems);
                case "GetParticipantInput" -> {
                    prompted(parameters, where, problems);
                    if (!parameters.containsKey("InputTimeLimitSeconds")) {
                        problems.add(where + ": no InputTimeLimitSeconds");
                    }
                    boolean store = "True".equals(parameters.get("StoreInput"));
                    if (store && transitions.get("NextAction") == null) {
                        problems.add(where + ": StoreInput True without NextAction");
                    }
                    if (!store && conditions(action).isEmpty()) {
                        problems.add(where + ": a choice (StoreInput False) without Conditions");
                    }
                    conditions(action).forEach(c -> operand(c).filter(k -> !KEYS.matcher(k).matches() || k.length() != 1)
                            .ifPresent(k -> problems.add(where + ": « " + k + " » is not one key")));
                }
                case "InvokeLambdaFunction" -> {
                    String arn = String.valueOf(parameters.get("LambdaFunctionARN"));
                    if (flows.function(arn).isEmpty()) {
                        problems.add(where + ": invokes « " + arn + " », no function of template.yaml");
                    }
                    if (integer(String.valueOf(parameters.get("InvocationTimeLimitSeconds")), 1, MAX_INVOCATION_SECONDS).isEmpty()) {
                        problems.add(where + ": InvocationTimeLimitSeconds from 1 to " + MAX_INVOCATION_SECONDS + " expected");
                    }
                    Object response = map(parameters.get("ResponseValidation")).get("ResponseType");
                    if (!"STRING_MAP".equals(response) && !"JSON".equals(response)) {
                        problems.add(where + ": ResponseValidation.ResponseType STRING_MAP or JSON expected");
                    }
                    if (transitions.get("NextAction") == null) {
                        problems.add(where + ": no NextAction");
                    }
                }
                case "UpdateContactAttributes" -> {
                    if (map(parameters.get("Attributes")).isEmpty()) {
                        problems.add(where + ": no Attributes");
                    }
                }
                case "Compare" -> {
                    if (!parameters.containsKey("ComparisonValue")) {
                        problems.add(where + ": no ComparisonValue");
                    }
                }
                case "TransferToFlow" -> {
                    String arn = String.valueOf(parameters.get("ContactFlowId"));
                    Optional<ContactFlows.Flow> target = flows.byArn(arn);
                    if (!arn.startsWith("$.") && target.isEmpty()) {
                        problems.add(where + ": transfers to « " + arn + " », no flow of template.yaml");
                    } else if (target.isPresent() && !CONTACT_FLOW.equals(target.get().type())) {
                        // flow-control-actions-transfertoflow / transfer-to-flow block: an inbound or transfer flow only.
                        problems.add(where + ": transfers to " + target.get().file() + ", a " + target.get().type() + " flow, not a CONTACT_FLOW");
                    }
                }
                case "UpdateContactEventHooks" -> {
                    Map<String, Object> hooks = map(parameters.get("EventHooks"));
                    // contact-actions-updatecontacteventhooks: "Only one entry may be present in this map."
                    if (hooks.size() != 1) {
                        problems.add(where + ": EventHooks must hold exactly one hook (Flow language reference, UpdateContactEventHooks), not " + hooks.size());
                    }
                    hooks.forEach((event, arn) -> {
                        String flowType = HOOKS.get(event);
                        Optional<ContactFlows.Flow> target = flows.byArn(String.valueOf(arn));
                        if (flowType == null) {
                            problems.add(where + ": event hook « " + event + " » not supported by the local phone (supported: "
                                    + String.join(", ", new TreeSet<>(HOOKS.keySet())) + ")");
                        } else if (!String.valueOf(arn).startsWith("$.") && target.isEmpty()) {
                            problems.add(where + ": hooks « " + arn + " », no flow of template.yaml");
                        } else if (target.isPresent() && !flowType.equals(target.get().type())) {
                            problems.add(where + ": the " + event + " hook names " + target.get().file() + ", a " + target.get().type()
                                    + " flow, not a " + flowType + " one");
                        }
                    });
                }
                case "UpdateContactTextToSpeechVoice" -> {
                    // contact-actions-updatecontacttexttospeechvoice: voice and engine, "Must be defined statically".
                    for (String name : List.of("TextToSpeechVoice", "TextToSpeechEngine")) {
                        if (!(parameters.get(name) instanceof String value) || value.isBlank() || value.startsWith("$.")) {
                            problems.add(where + ": " + name + " must be set, statically");
                        }
                    }
                }
                case "MessageParticipantIteratively" -> {
                    List<Map<String, Object>> messages = list(parameters.get("Messages"));
                    if (messages.isEmpty()) {
                        problems.add(where + ": no Messages");
                    }
                    messages.forEach(m -> prompted(m, where, problems));
                    if (integer(String.valueOf(parameters.get("InterruptFrequencySeconds")), 1, 3600).isEmpty()) {
                        problems.add(where + ": InterruptFrequencySeconds, a number of seconds, expected (the local phone waits for it)");
                    }
                }
                case "UpdateContactTargetQueue" -> {
                    String queue = String.valueOf(parameters.get("QueueId"));
                    if (!queue.startsWith("$.") && !queue.startsWith("arn:")) {
                        problems.add(where + ": QueueId « " + queue + " » is neither a reference nor a queue ARN");
                    }
                }
                case "TransferParticipantToThirdParty" -> {
                    if (!parameters.containsKey("ThirdPartyPhoneNumber")) {
                        problems.add(where + ": no ThirdPartyPhoneNumber");
                    }
                }
                default -> {
                    // the others take no parameter the interpreter depends on
                }
            }
        });
    }

    /**
     * The Flow language reference's rules on an action's branches and where it may run: the error types it
     * declares (its page's "Errors"), the conditions it may take ("Results and conditions") and the flow types
     * that accept it ("Restrictions").
     */
    private static void referenceRules(ContactFlows.Flow flow, String type, Map<String, Object> action, Map<String, Object> parameters,
                                       String where, List<String> problems) {
        Set<String> allowed = new TreeSet<>(ERRORS.getOrDefault(type, Set.of()));
        String why = "";
        if ("GetParticipantInput".equals(type)) {
            // participant-actions-getparticipantinput: NoMatchingCondition and InputTimeLimitExceeded only when
            // StoreInput is False (a stored input takes silence down Success, reading "Timeout"); InvalidPhoneNumber
            // only when it is True with PhoneNumberValidation; InputValidation "required if and only if StoreInput is True".
            boolean store = "True".equals(parameters.get("StoreInput"));
            boolean phoneValidation = map(parameters.get("InputValidation")).containsKey("PhoneNumberValidation");
            if (store) {
                allowed.removeAll(Set.of("NoMatchingCondition", "InputTimeLimitExceeded"));
                why = " with StoreInput True";
                if (!conditions(action).isEmpty()) {
                    problems.add(where + ": a GetParticipantInput with StoreInput True takes no Conditions (Flow language reference)");
                }
            } else {
                why = " with StoreInput False";
                conditions(action).stream().map(c -> String.valueOf(map(c.get("Condition")).get("Operator")))
                        .filter(o -> !"Equals".equals(o)).distinct()
                        .forEach(o -> problems.add(where + ": a choice's conditions use Equals only (Flow language reference), not « " + o + " »"));
            }
            if (!(store && phoneValidation)) {
                allowed.remove("InvalidPhoneNumber");
            }
            if (store != parameters.containsKey("InputValidation")) {
                problems.add(where + ": InputValidation is required if and only if StoreInput is True (Flow language reference)");
            }
        }
        if ("TransferParticipantToThirdParty".equals(type) && !"True".equals(parameters.get("ContinueFlowExecution"))) {
            // participant-actions-transferparticipanttothirdparty: CallFailed and ConnectionTimeLimitExceeded are
            // "only supported when ContinueFlowExecution is True".
            allowed.removeAll(Set.of("CallFailed", "ConnectionTimeLimitExceeded"));
            why = " without ContinueFlowExecution True";
        }
        String branches = why;
        List<String> declared = list(map(action.get("Transitions")).get("Errors")).stream().map(e -> String.valueOf(e.get("ErrorType"))).toList();
        declared.stream().filter(e -> !allowed.contains(e)).forEach(e -> problems.add(where + ": error branch « " + e + " » is not one "
                + type + branches + " has (Flow language reference: " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)) + ")"));
        if (NO_MATCHING_ERROR_REQUIRED.contains(type) && !declared.contains("NoMatchingError")) {
            problems.add(where + ": " + type + " must declare a NoMatchingError branch (Flow language reference: \"Must always be defined\")");
        }
        if (!CONDITIONAL.contains(type) && !conditions(action).isEmpty()) {
            problems.add(where + ": " + type + " takes no Conditions (Flow language reference)");
        }
        // flow-control-actions-checkhoursofoperation: "a Condition for Equals True and a Condition for Equals False,
        // and no other conditions"; participant-actions-messageparticipantiteratively: Equals MessagesInterrupted only.
        List<String> expected = switch (type) {
            case "CheckHoursOfOperation" -> List.of("False", "True");
            case "MessageParticipantIteratively" -> List.of("MessagesInterrupted");
            default -> null;
        };
        if (expected != null) {
            List<String> operands = conditions(action).stream().map(c -> String.valueOf(map(c.get("Condition")).get("Operator")) + " "
                    + operand(c).orElse("")).sorted().toList();
            if (!operands.equals(expected.stream().map(o -> "Equals " + o).toList())) {
                problems.add(where + ": " + type + " takes exactly the conditions " + expected.stream().map(o -> "Equals " + o).toList()
                        + " (Flow language reference), not " + operands);
            }
        }
        if (CUSTOMER_QUEUE.equals(flow.type()) && NOT_IN_QUEUE_FLOWS.contains(type)) {
            problems.add(where + ": " + type + " is not allowed in a customer queue flow (Flow language reference, Restrictions)");
        }
        if (!CUSTOMER_QUEUE.equals(flow.type()) && ONLY_IN_QUEUE_FLOWS.contains(type)) {
            problems.add(where + ": " + type + " is allowed in customer queue and hold flows only (Flow language reference, Restrictions), not in a "
                    + flow.type());
        }
    }

    private static void prompted(Map<String, Object> parameters, String where, List<String> problems) {
        if (!(parameters.get("Text") instanceof String) && !(parameters.get("SSML") instanceof String)) {
            problems.add(where + ": neither Text nor SSML");
        }
    }

    private static void references(Object value, String where, List<String> problems) {
        if (value instanceof String text && text.startsWith("$.") && !REFERENCE.matcher(text).matches()) {
            problems.add(where + ": unknown reference « " + text + " »");
        } else if (value instanceof String text) {
            java.util.regex.Matcher embedded = EMBEDDED.matcher(text);
            while (embedded.find()) {
                if (!REFERENCE.matcher(embedded.group()).matches()) {
                    problems.add(where + ": unknown reference « " + embedded.group() + " » in « " + text + " »");
                }
            }
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> references(v, where, problems));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> references(v, where, problems));
        }
    }

    private static List<Map<String, Object>> conditions(Map<String, Object> action) {
        return list(map(action.get("Transitions")).get("Conditions"));
    }

    private static Optional<String> operand(Map<String, Object> condition) {
        List<?> operands = map(condition.get("Condition")).get("Operands") instanceof List<?> l ? l : List.of();
        return operands.size() == 1 ? Optional.of(String.valueOf(operands.get(0))) : Optional.empty();
    }

    private static Optional<Integer> integer(String text, int min, int max) {
        try {
            int value = Integer.parseInt(text.strip());
            return value >= min && value <= max ? Optional.of(value) : Optional.empty();
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<BigDecimal> number(String text) {
        try {
            return Optional.of(new BigDecimal(text.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
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
