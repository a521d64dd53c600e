package fr.accueil.local;

import fr.accueil.domain.phone.PhoneNumbers;
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
 * STRING_MAP; a failure, a timeout or another answer takes the error branch. A call in queue goes on,
 * when the agent hangs up first, in the flow its CustomerRemaining event hook names.
 *
 * <p>{@link #check} validates a flow with the same rules before any call.
 */
final class FlowInterpreter {
    /** What a stored input holds after the caller's silence, as on Connect. */
    static final String STORED_TIMEOUT = "Timeout";
    /** The actions this interpreter plays. */
    static final Set<String> TYPES = new TreeSet<>(Set.of(
            "MessageParticipant", "GetParticipantInput", "InvokeLambdaFunction", "UpdateContactAttributes",
            "Compare", "CheckHoursOfOperation", "UpdateContactTargetQueue", "TransferContactToQueue",
            "TransferToFlow", "TransferParticipantToThirdParty", "DisconnectParticipant",
            "UpdateFlowLoggingBehavior", "UpdateContactEventHooks"));
    private static final Set<String> ENDING = Set.of("DisconnectParticipant", "TransferContactToQueue",
            "TransferToFlow", "TransferParticipantToThirdParty");
    private static final Set<String> OPERATORS = Set.of("Equals", "NumberGreaterThan", "NumberGreaterOrEqualTo",
            "NumberLessThan", "NumberLessOrEqualTo", "TextContains", "TextStartsWith", "TextEndsWith");
    private static final Pattern REFERENCE = Pattern.compile(
            "\\$\\.(Attributes\\.[A-Za-z0-9_.-]+|External\\.[A-Za-z0-9_.-]+|StoredCustomerInput|ContactId|Channel"
                    + "|InitiationMethod|CustomerEndpoint\\.Address|SystemEndpoint\\.Address|Queue\\.ARN|Queue\\.Name)");
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
    private final java.time.Clock clock;

    FlowInterpreter(ContactFlows flows, Functions functions, LambdaInvoker invoker, ExecutorService executor,
                    Map<String, String> queueKeysByArn, HoursOfOperation hours, QueueCapacity capacity, java.time.Clock clock) {
        this.flows = flows;
        this.functions = functions;
        this.invoker = invoker;
        this.executor = executor;
        this.queueKeysByArn = Map.copyOf(queueKeysByArn);
        this.hours = hours;
        this.capacity = capacity;
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
        if ((digits == null || digits.isEmpty()) && stored) {
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
                    call.end(PhoneCall.Outcome.inQueue(queue));
                    next = null;
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
                    next = errorBranch(call, action, "CallFailed");
                }
            }
            case "UpdateContactEventHooks" -> {
                // The flow a caller goes on to when the agent hangs up first (the satisfaction survey).
                Object hook = map(parameters.get("EventHooks")).get("CustomerRemaining");
                Optional<ContactFlows.Flow> target = hook == null ? Optional.empty() : flows.byArn(resolve(call, hook));
                if (target.isPresent()) {
                    call.customerRemaining = target.get();
                    next = nextAction(call, action);
                } else {
                    next = errorBranch(call, action, "NoMatchingError");
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

    private PhoneCall.Prompt prompt(PhoneCall call, Map<String, Object> parameters) {
        if (parameters.containsKey("SSML")) {
            String ssml = resolve(call, parameters.get("SSML"));
            return new PhoneCall.Prompt(Ssml.text(ssml), ssml);
        }
        String text = resolve(call, parameters.get("Text"));
        return new PhoneCall.Prompt(text, Ssml.of(text));
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
                    if (!arn.startsWith("$.") && flows.byArn(arn).isEmpty()) {
                        problems.add(where + ": transfers to « " + arn + " », no flow of template.yaml");
                    }
                }
                case "UpdateContactEventHooks" -> {
                    Map<String, Object> hooks = map(parameters.get("EventHooks"));
                    if (hooks.isEmpty()) {
                        problems.add(where + ": no EventHooks");
                    }
                    hooks.forEach((event, arn) -> {
                        if (!"CustomerRemaining".equals(event)) {
                            problems.add(where + ": event hook « " + event + " » not supported by the local phone");
                        } else if (!String.valueOf(arn).startsWith("$.") && flows.byArn(String.valueOf(arn)).isEmpty()) {
                            problems.add(where + ": hooks « " + arn + " », no flow of template.yaml");
                        }
                    });
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

    private static void prompted(Map<String, Object> parameters, String where, List<String> problems) {
        if (!(parameters.get("Text") instanceof String) && !(parameters.get("SSML") instanceof String)) {
            problems.add(where + ": neither Text nor SSML");
        }
    }

    private static void references(Object value, String where, List<String> problems) {
        if (value instanceof String text && text.startsWith("$.") && !REFERENCE.matcher(text).matches()) {
            problems.add(where + ": unknown reference « " + text + " »");
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
