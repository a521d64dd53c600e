package fr.accueil.local;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.storage.Environment;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The local phone: calls to the territory's number played through the deployed contact flows
 * ({@link FlowInterpreter}), with the real functions behind them, and the outbound calls of automatic
 * callbacks. When a call has ended, its outcome and menu path go into the citizen's history (one
 * "call-ended" interaction, through the ContactStore port), next to the "call" the entry function recorded.
 */
final class LocalPhone {
    /** Calls kept in memory; the oldest ended ones go first. */
    private static final int MAX_CALLS = 500;
    private static final Pattern KEYS = Pattern.compile("[0-9*#]{1,32}");
    /** Connect's rule for attribute keys: alphanumeric, dash and underscore. */
    private static final Pattern ATTRIBUTE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    static final String WITHHELD = "anonymous";

    /** A request the phone refuses, with its French explanation. */
    static final class PhoneException extends Exception {
        private final int status;

        PhoneException(int status, String message) {
            super(message);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** What one turn of a call gives: the call, and what the caller heard during the turn. */
    record Turn(PhoneCall call, List<PhoneCall.Prompt> heard) {
    }

    private final FlowInterpreter interpreter;
    private final ContactFlows flows;
    private final ContactStore contacts;
    private final Clock clock;
    private final String territoryNumber;
    private final Set<String> functionIds;
    private final Map<String, PhoneCall> calls = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong started = new java.util.concurrent.atomic.AtomicLong();
    /** Ended calls whose history entry is written (once per call). */
    private final Set<String> recorded = ConcurrentHashMap.newKeySet();
    /** Where Amazon Connect's contact events go: the default bus of the local EventBridge. */
    private final ContactEventsSink events;

    /** The default bus, as Amazon Connect puts its events on it: source, detail-type, resources, detail. */
    interface ContactEventsSink {
        void emit(String source, String detailType, List<String> resources, Map<String, Object> detail);
    }

    LocalPhone(FlowInterpreter interpreter, ContactFlows flows, ContactStore contacts, Clock clock, String territoryNumber,
               Collection<String> functionIds, ContactEventsSink events) {
        this.events = events;
        this.interpreter = interpreter;
        this.flows = flows;
        this.contacts = contacts;
        this.clock = clock;
        this.territoryNumber = territoryNumber;
        this.functionIds = Set.copyOf(functionIds);
    }

    /** The flows the template deploys, as this phone plays them. */
    ContactFlows flows() {
        return flows;
    }

    /** The number callers dial when the template gives none (TerritoryPhoneNumber is empty locally). */
    static final String LOCAL_NUMBER = "+33970000000";
    /** Local only: the "maximum contacts in queue" of queues, as {@code key=n,key=n} (no limit when absent). */
    static final String QUEUE_CAPACITY = "SIMULATED_QUEUE_CAPACITY";

    /**
     * The phone of the local stack: the flows template.yaml deploys, resolved against its functions
     * and the queues the functions were given; hours of operation are the territory's sites' hours;
     * a queue is at capacity when the queue load reaches its configured capacity.
     */
    static LocalPhone of(Template template, String templateText, java.util.function.Function<String, String> readFlow,
                         Functions functions, LambdaInvoker invoker, java.util.concurrent.ExecutorService executor,
                         ContactEventsSink events)
            throws ContactFlows.InvalidFlowsException {
        AppContext app = AppContext.get();
        ConnectQueues queues = app.queues();
        ContactFlows flows = ContactFlows.load(templateText, template, readFlow, functions,
                LocalConnect.parameters(template, queues.generalArn()));
        Map<String, String> queueKeys = new LinkedHashMap<>();
        queues.arnsByKey().forEach((key, arn) -> queueKeys.put(arn, key));
        if (!queues.generalArn().isBlank()) {
            queueKeys.putIfAbsent(queues.generalArn(), LocalConnect.GENERAL_QUEUE);
        }
        FlowInterpreter interpreter = new FlowInterpreter(flows, functions, invoker, executor, queueKeys,
                hoursOf(() -> app.voices().territoryIds().stream().flatMap(id -> app.voices().of(id).sites().stream()).toList(),
                        app.calendar()), queue -> atCapacity(queue, app.queueLoad()), app.queueLoad(), app.clock());
        String number = Environment.optional("TERRITORY_PHONE_NUMBER")
                .orElse(template.parameterDefaults().getOrDefault("TerritoryPhoneNumber", ""));
        return new LocalPhone(interpreter, flows, app.contacts(), app.clock(), number.isBlank() ? LOCAL_NUMBER : number,
                functions.all().stream().map(FunctionSpec::logicalId).toList(), events);
    }

    /**
     * CheckHoursOfOperation locally: open when one of the sites is open at that instant (weekly hours,
     * closures and public holidays, in the site's zone), or the site whose id the flow names.
     */
    static FlowInterpreter.HoursOfOperation hoursOf(java.util.function.Supplier<List<Site>> sites, SiteCalendar calendar) {
        return (hoursId, at) -> sites.get().stream()
                .filter(site -> hoursId == null || hoursId.isBlank() || site.id().equals(hoursId))
                .anyMatch(site -> calendar.isOpen(site, at));
    }

    /** A queue whose load (callers waiting) has reached its {@link #QUEUE_CAPACITY}; read at each transfer. */
    static boolean atCapacity(String queue, QueueLoad load) {
        String capacity = Environment.pairs(QUEUE_CAPACITY).get(queue);
        if (capacity == null || !capacity.matches("\\d{1,6}")) {
            return false;
        }
        return load.current(queue).map(QueueMetrics::contactsInQueue).orElse(0) >= Integer.parseInt(capacity);
    }

    String territoryNumber() {
        return territoryNumber;
    }

    /**
     * A call from {@code from} (E.164, or blank / "anonymous" for a withheld number) to {@code to}
     * (blank: the territory's number).
     *
     * @param faults template function → fault ({@link FunctionFault#parse}) in this call (fault injection)
     */
    Turn call(String from, String to, Map<String, String> faults) throws PhoneException {
        String caller = from == null || from.isBlank() || WITHHELD.equalsIgnoreCase(from.strip()) ? WITHHELD : e164("from", from);
        String dialled = to == null || to.isBlank() ? territoryNumber : e164("to", to);
        PhoneCall call = new PhoneCall(UUID.randomUUID().toString(), started.incrementAndGet(), PhoneCall.Direction.INBOUND, caller, dialled,
                clock.instant(), faults(faults));
        return begin(call, () -> interpreter.start(call));
    }

    /**
     * An outbound call, as StartOutboundVoiceContact places it: the territory's number calls {@code to},
     * who answers (or not: {@code answered} false); the flow {@code contactFlowId} plays with the contact attributes given.
     */
    Turn outbound(String to, String contactFlowId, Map<String, String> attributes, boolean answered) throws PhoneException {
        String citizen = e164("to", to == null ? "" : to);
        ContactFlows.Flow flow = flows.byId(contactFlowId).orElseThrow(() ->
                new PhoneException(400, "contactFlowId : « " + contactFlowId + " » n'est pas un flux déployé par template.yaml"));
        for (Map.Entry<String, String> attribute : attributes.entrySet()) {
            if (!ATTRIBUTE.matcher(attribute.getKey()).matches() || attribute.getValue() == null || attribute.getValue().length() > 256) {
                throw new PhoneException(400, "attributes : des noms en lettres, chiffres, - et _ et des valeurs de 256 caractères au plus");
            }
        }
        PhoneCall call = new PhoneCall(UUID.randomUUID().toString(), started.incrementAndGet(), PhoneCall.Direction.OUTBOUND, citizen, territoryNumber,
                clock.instant(), Map.of());
        call.attributes.putAll(attributes);
        if (!answered) {
            // Nobody picks up: on Connect no flow runs, the contact ends never CONNECTED_TO_SYSTEM.
            call.disconnectReason = null;
            call.end(PhoneCall.Outcome.hangUp("pas de réponse"));
            return begin(call, List::of);
        }
        call.connectedToSystemAt = clock.instant();
        return begin(call, () -> interpreter.start(call, flow));
    }

    private Turn begin(PhoneCall call, java.util.function.Supplier<List<PhoneCall.Prompt>> first) throws PhoneException {
        synchronized (call) {
            evictIfFull();
            calls.put(call.id, call);
            emit(call, "INITIATED");
            if (call.connectedToSystemAt != null) {
                emit(call, "CONNECTED_TO_SYSTEM");
            }
            return new Turn(call, play(call, first));
        }
    }

    /** The caller's keys at the awaited prompt; {@code digits} null is a silence until the time limit. */
    Turn input(String callId, String digits) throws PhoneException {
        if (digits != null && !KEYS.matcher(digits).matches()) {
            throw new PhoneException(400, "digits : de 1 à 32 touches parmi 0-9, * et # attendues");
        }
        PhoneCall call = find(callId);
        synchronized (call) {
            if (call.awaiting == null) {
                throw new PhoneException(409, call.inQueue
                        ? "L'appel est en file d'attente, avec un conseiller : aucune touche n'est attendue."
                        : "L'appel est terminé (" + description(call) + ").");
            }
            if (call.awaiting.looping() && digits != null) {
                throw new PhoneException(409, "L'attente en file est en cours : aucune touche n'est attendue, seulement le temps qui passe (silence).");
            }
            List<PhoneCall.Prompt> heard = play(call, () -> interpreter.input(call, digits));
            return new Turn(call, heard);
        }
    }

    /** The caller hangs up; hanging up an ended call changes nothing. */
    Turn hangUp(String callId) throws PhoneException {
        PhoneCall call = find(callId);
        synchronized (call) {
            if (!call.ended()) {
                call.disconnectReason = "CUSTOMER_DISCONNECT";
                interpreter.hangUp(call);
                endIfOver(call);
            }
            return new Turn(call, List.of());
        }
    }

    /** The agent hangs up first, the caller still on the line: the call goes on in the hooked flow, if any. */
    Turn agentHangUp(String callId) throws PhoneException {
        PhoneCall call = find(callId);
        synchronized (call) {
            if (!call.inQueue) {
                throw new PhoneException(409, call.ended()
                        ? "L'appel est terminé (" + description(call) + ")."
                        : "Aucun conseiller n'est en ligne : l'appel n'a pas été mis en file d'attente.");
            }
            if (call.connectedToAgentAt == null) {
                // The agent answered (the local phone has no agent's softphone: answering and hanging up come together).
                call.connectedToAgentAt = clock.instant();
                emit(call, "CONNECTED_TO_AGENT");
            }
            return new Turn(call, play(call, () -> interpreter.agentHangsUp(call)));
        }
    }

    /** The calls of a number (the citizen's, whichever way they go), newest first. */
    List<PhoneCall> callsOf(String number) throws PhoneException {
        String citizen = WITHHELD.equalsIgnoreCase(number == null ? "" : number.strip()) ? WITHHELD : e164("number", number == null ? "" : number);
        return calls.values().stream().filter(c -> c.customer.equals(citizen))
                .sorted(java.util.Comparator.comparingLong((PhoneCall c) -> c.sequence).reversed()).toList();
    }

    /** A turn of the flow; a defect of the flow ends the call and is reported, never hidden. */
    private List<PhoneCall.Prompt> play(PhoneCall call, java.util.function.Supplier<List<PhoneCall.Prompt>> turn) throws PhoneException {
        try {
            List<PhoneCall.Prompt> heard = turn.get();
            if (call.enqueuedAt != null) {
                emit(call, "QUEUED");
            }
            endIfOver(call);
            return heard;
        } catch (FlowInterpreter.FlowException e) {
            call.inQueue = false;
            call.end(PhoneCall.Outcome.hangUp("appel coupé : erreur du flux (" + e.getMessage() + ")"));
            endIfOver(call);
            throw new PhoneException(500, "Le flux de contact ne peut pas continuer : " + e.getMessage());
        }
    }

    PhoneCall find(String callId) throws PhoneException {
        PhoneCall call = callId == null ? null : calls.get(callId);
        if (call == null) {
            throw new PhoneException(404, "Aucun appel en cours ne porte cet identifiant.");
        }
        return call;
    }

    /** How the call ended, in French: after the agent if the call went on, else how it was routed. */
    static String description(PhoneCall call) {
        return call.afterAgent != null ? call.outcome.description() + " ; " + call.afterAgent.description()
                : call.outcome == null ? "" : call.outcome.description();
    }

    private Map<String, FunctionFault> faults(Map<String, String> requested) throws PhoneException {
        Map<String, FunctionFault> faults = new LinkedHashMap<>();
        for (Map.Entry<String, String> entry : requested.entrySet()) {
            if (!functionIds.contains(entry.getKey())) {
                throw new PhoneException(400, "faults : « " + entry.getKey() + " » n'est pas une fonction de template.yaml");
            }
            FunctionFault fault = FunctionFault.parse(entry.getValue()).orElseThrow(() -> new PhoneException(400,
                    "faults : « " + entry.getValue() + " » n'est pas une panne connue (" + FunctionFault.NAMES + ")"));
            if (fault.kind() == FunctionFault.Kind.ANSWERED_BY && !functionIds.contains(fault.answeredBy())) {
                throw new PhoneException(400, "faults : « " + fault.answeredBy() + " » n'est pas une fonction de template.yaml");
            }
            faults.put(entry.getKey(), fault);
        }
        return faults;
    }

    /** Once the call has ended: its outcome and menu path in the citizen's history (once). */
    private void endIfOver(PhoneCall call) {
        if (!call.ended() || !recorded.add(call.id)) {
            return;
        }
        emit(call, "DISCONNECTED");
        emit(call, "COMPLETED");
        Optional<String> phone = PhoneNumbers.toE164(call.customer);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("contactId", call.contactId);
        details.put("direction", call.direction == PhoneCall.Direction.INBOUND ? "inbound" : "outbound");
        details.put("outcome", call.outcome.type());
        Optional.ofNullable(call.outcome.queue()).ifPresent(q -> details.put("queue", q));
        Optional.ofNullable(call.outcome.number()).ifPresent(n -> details.put("number", n));
        Optional.ofNullable(call.outcome.callbackId()).ifPresent(id -> details.put("callbackId", id));
        Optional.ofNullable(call.afterAgent).ifPresent(after -> details.put("afterAgent", after.type()));
        details.put("menuPath", String.join("/", call.menuPath));
        phone.ifPresent(p -> {
            try {
                contacts.record(new Interaction(UUID.randomUUID().toString(), p, clock.instant(), "phone", "call-ended", details));
            } catch (RuntimeException e) {
                Log.error("phone.history.not-recorded", Map.of("caller", PhoneNumbers.mask(p)), e);
            }
        });
        Log.info("phone.call.ended", Map.of("caller", phone.map(PhoneNumbers::mask).orElse("withheld"),
                "outcome", call.outcome.type(), "afterAgent", call.afterAgent == null ? "" : call.afterAgent.type(),
                "menuPath", details.get("menuPath")));
    }

    /**
     * One of Amazon Connect's contact events about the call, once per type, shaped as the Administrator Guide's
     * "Amazon Connect contact events" (Contact events data model) gives it: each step's timestamp once it happened.
     */
    private void emit(PhoneCall call, String eventType) {
        if (!call.eventsEmitted.add(eventType)) {
            return;
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("eventType", eventType);
        detail.put("contactId", call.contactId);
        detail.put("initialContactId", call.contactId);
        detail.put("channel", "VOICE");
        detail.put("instanceArn", LocalConnect.INSTANCE_ARN);
        detail.put("initiationMethod", call.direction.initiationMethod);
        detail.put("initiationTimestamp", call.startedAt.toString());
        Optional.ofNullable(call.connectedToSystemAt).ifPresent(at -> detail.put("connectedToSystemTimestamp", at.toString()));
        if (call.enqueuedAt != null) {
            detail.put("queueInfo", Map.of("queueArn", call.queueArn, "queueType", "STANDARD",
                    "enqueueTimestamp", call.enqueuedAt.toString()));
        }
        if (call.connectedToAgentAt != null) {
            detail.put("agentInfo", Map.of("agentArn", LocalConnect.INSTANCE_ARN + "/agent/local-agent",
                    "connectedToAgentTimestamp", call.connectedToAgentAt.toString()));
        }
        if (eventType.equals("DISCONNECTED") || eventType.equals("COMPLETED")) {
            detail.put("disconnectTimestamp", clock.instant().toString());
            Optional.ofNullable(call.disconnectReason).ifPresent(reason -> detail.put("disconnectReason", reason));
        }
        try {
            events.emit("aws.connect", "Amazon Connect Contact Event", List.of(LocalConnect.INSTANCE_ARN + "/contact/" + call.contactId), detail);
        } catch (RuntimeException e) {
            // Best effort, as Amazon Connect's own delivery of its events.
            Log.error("phone.contact-event.not-sent", Map.of("eventType", eventType), e);
        }
    }

    private void evictIfFull() {
        if (calls.size() < MAX_CALLS) {
            return;
        }
        List<PhoneCall> ended = new ArrayList<>(calls.values().stream().filter(PhoneCall::ended).toList());
        ended.sort(java.util.Comparator.comparingLong(c -> c.sequence));
        ended.stream().limit(Math.max(1, ended.size() / 2)).forEach(c -> {
            calls.remove(c.id);
            recorded.remove(c.id);
        });
        if (calls.size() >= MAX_CALLS) {
            // Only calls in progress are left: the oldest is hung up, as a carrier would after a long silence.
            calls.values().stream().min(java.util.Comparator.comparingLong(c -> c.sequence)).ifPresent(c -> calls.remove(c.id));
        }
    }

    private static String e164(String field, String number) throws PhoneException {
        return PhoneNumbers.toE164(number).orElseThrow(() ->
                new PhoneException(400, field + " : numéro de téléphone invalide (format +33… attendu)"));
    }
}
