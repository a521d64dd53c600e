package fr.accueil.local;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.phone.PhoneNumbers;
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
 * ({@link FlowInterpreter}), with the real functions behind them. When a call ends, its outcome
 * and menu path go into the caller's history (a "call-ended" interaction, through the
 * ContactStore port), next to the "call" the entry function recorded.
 */
final class LocalPhone {
    /** Calls kept in memory; the oldest ended ones go first. */
    private static final int MAX_CALLS = 500;
    private static final Pattern KEYS = Pattern.compile("[0-9*#]{1,32}");
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
    private final ContactStore contacts;
    private final Clock clock;
    private final String territoryNumber;
    private final Set<String> functionIds;
    private final Map<String, PhoneCall> calls = new ConcurrentHashMap<>();

    LocalPhone(FlowInterpreter interpreter, ContactStore contacts, Clock clock, String territoryNumber, Collection<String> functionIds) {
        this.interpreter = interpreter;
        this.contacts = contacts;
        this.clock = clock;
        this.territoryNumber = territoryNumber;
        this.functionIds = Set.copyOf(functionIds);
    }

    /** The number callers dial when the template gives none (TerritoryPhoneNumber is empty locally). */
    static final String LOCAL_NUMBER = "+33970000000";

    /**
     * The phone of the local stack: the flows template.yaml deploys, resolved against its functions
     * and the queues the functions were given; hours of operation are the territory's sites' hours.
     */
    static LocalPhone of(Template template, String templateText, java.util.function.Function<String, String> readFlow,
                         Functions functions, LambdaInvoker invoker, java.util.concurrent.ExecutorService executor)
            throws ContactFlows.InvalidFlowsException {
        ContactFlows flows = ContactFlows.load(templateText, template, readFlow, functions, LocalConnect.parameters(template));
        ConnectQueues queues = ConnectQueues.fromEnvironment();
        Map<String, String> queueKeys = new LinkedHashMap<>();
        queues.arnsByKey().forEach((key, arn) -> queueKeys.put(arn, key));
        if (!queues.generalArn().isBlank()) {
            queueKeys.putIfAbsent(queues.generalArn(), LocalConnect.GENERAL_QUEUE);
        }
        AppContext app = AppContext.get();
        FlowInterpreter.HoursOfOperation hours = (hoursId, at) -> app.voice().sites().stream()
                .filter(site -> hoursId == null || hoursId.isBlank() || site.id().equals(hoursId))
                .anyMatch(site -> app.calendar().isOpen(site, at));
        FlowInterpreter interpreter = new FlowInterpreter(flows, functions, invoker, executor, queueKeys, hours, app.clock());
        String number = Environment.optional("TERRITORY_PHONE_NUMBER")
                .orElse(template.parameterDefaults().getOrDefault("TerritoryPhoneNumber", ""));
        return new LocalPhone(interpreter, app.contacts(), app.clock(), number.isBlank() ? LOCAL_NUMBER : number,
                functions.all().stream().map(FunctionSpec::logicalId).toList());
    }

    String territoryNumber() {
        return territoryNumber;
    }

    /**
     * A call from {@code from} (E.164, or blank / "anonymous" for a withheld number) to {@code to}
     * (blank: the territory's number).
     *
     * @param failing template functions whose invocations fail in this call (fault injection)
     */
    Turn call(String from, String to, Collection<String> failing) throws PhoneException {
        String caller = from == null || from.isBlank() || WITHHELD.equalsIgnoreCase(from.strip()) ? WITHHELD : e164("from", from);
        String dialled = to == null || to.isBlank() ? territoryNumber : e164("to", to);
        for (String function : failing) {
            if (!functionIds.contains(function)) {
                throw new PhoneException(400, "failFunctions : « " + function + " » n'est pas une fonction de template.yaml");
            }
        }
        PhoneCall call = new PhoneCall(UUID.randomUUID().toString(), caller, dialled, clock.instant(), Set.copyOf(failing));
        synchronized (call) {
            evictIfFull();
            calls.put(call.id, call);
            List<PhoneCall.Prompt> heard = play(call, () -> interpreter.start(call));
            return new Turn(call, heard);
        }
    }

    /** The caller's keys at the awaited prompt; {@code digits} null is a silence until the time limit. */
    Turn input(String callId, String digits) throws PhoneException {
        if (digits != null && !KEYS.matcher(digits).matches()) {
            throw new PhoneException(400, "digits : de 1 à 32 touches parmi 0-9, * et # attendues");
        }
        PhoneCall call = find(callId);
        synchronized (call) {
            if (call.ended()) {
                throw new PhoneException(409, "L'appel est terminé (" + call.outcome.description() + ").");
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
                interpreter.hangUp(call);
                endIfOver(call);
            }
            return new Turn(call, List.of());
        }
    }

    /** A turn of the flow; a defect of the flow ends the call and is reported, never hidden. */
    private List<PhoneCall.Prompt> play(PhoneCall call, java.util.function.Supplier<List<PhoneCall.Prompt>> turn) throws PhoneException {
        try {
            List<PhoneCall.Prompt> heard = turn.get();
            endIfOver(call);
            return heard;
        } catch (FlowInterpreter.FlowException e) {
            call.awaiting = null;
            call.outcome = PhoneCall.Outcome.hangUp("appel coupé : erreur du flux (" + e.getMessage() + ")");
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

    private void endIfOver(PhoneCall call) {
        if (!call.ended()) {
            return;
        }
        Optional<String> phone = PhoneNumbers.toE164(call.from);
        Map<String, String> details = new LinkedHashMap<>();
        details.put("contactId", call.contactId);
        details.put("outcome", call.outcome.type());
        Optional.ofNullable(call.outcome.queue()).ifPresent(q -> details.put("queue", q));
        Optional.ofNullable(call.outcome.number()).ifPresent(n -> details.put("number", n));
        Optional.ofNullable(call.callbackId).ifPresent(id -> details.put("callbackId", id));
        details.put("menuPath", String.join("/", call.menuPath));
        phone.ifPresent(p -> {
            try {
                contacts.record(new Interaction(UUID.randomUUID().toString(), p, clock.instant(), "phone", "call-ended", details));
            } catch (RuntimeException e) {
                Log.error("phone.history.not-recorded", Map.of("caller", PhoneNumbers.mask(p)), e);
            }
        });
        Log.info("phone.call.ended", Map.of("caller", phone.map(PhoneNumbers::mask).orElse("withheld"),
                "outcome", call.outcome.type(), "menuPath", details.get("menuPath")));
    }

    private void evictIfFull() {
        if (calls.size() < MAX_CALLS) {
            return;
        }
        List<PhoneCall> ended = new ArrayList<>(calls.values().stream().filter(PhoneCall::ended).toList());
        ended.sort(java.util.Comparator.comparing(c -> c.startedAt));
        ended.stream().limit(Math.max(1, ended.size() / 2)).forEach(c -> calls.remove(c.id));
        if (calls.size() >= MAX_CALLS) {
            // Only calls in progress are left: the oldest is hung up, as a carrier would after a long silence.
            calls.values().stream().min(java.util.Comparator.comparing(c -> c.startedAt)).ifPresent(c -> calls.remove(c.id));
        }
    }

    private static String e164(String field, String number) throws PhoneException {
        return PhoneNumbers.toE164(number).orElseThrow(() ->
                new PhoneException(400, field + " : numéro de téléphone invalide (format +33… attendu)"));
    }
}
