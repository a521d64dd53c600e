package fr.accueil.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One call on the local phone: the contact as Amazon Connect keeps it (attributes, the last
 * function answer, the stored input, the working queue), where the flow stands, and what the
 * caller heard. Guarded by its own monitor: one input at a time.
 *
 * <p>A call transferred to a queue stays on the line ({@link Status#IN_QUEUE}): the caller waits for,
 * then talks with, an agent. When the agent hangs up first, the call goes on in the flow the contact's
 * CustomerRemaining event hook names (the survey), as on Connect; without a hook it ends.
 */
final class PhoneCall {
    /** Who placed the call: the citizen (INBOUND), or the dispatcher through StartOutboundVoiceContact (API). */
    enum Direction {
        INBOUND("INBOUND"), OUTBOUND("API");

        /** The contact's InitiationMethod as Connect gives it to the functions. */
        final String initiationMethod;

        Direction(String initiationMethod) {
            this.initiationMethod = initiationMethod;
        }
    }

    enum Status {
        AWAITING_INPUT("awaiting-input"), IN_QUEUE("in-queue"), ENDED("ended");

        final String json;

        Status(String json) {
            this.json = json;
        }
    }

    /** What the caller hears: the text spoken, and the SSML the flow played (plain text wrapped). */
    record Prompt(String text, String ssml) {
    }

    /**
     * The caller is asked for keys.
     *
     * @param maxDigits  keys kept at most
     * @param terminator the key that ends the entry, or empty
     * @param keys       the keys the flow branches on (a one-key choice), empty when it stores the entry
     */
    record Awaiting(int timeoutSeconds, int maxDigits, String terminator, List<String> keys) {
        /** Loop prompts in a queue (MessageParticipantIteratively): no key is read, only time passes. */
        static Awaiting loop(int interruptSeconds) {
            return new Awaiting(interruptSeconds, 0, "", List.of());
        }

        boolean looping() {
            return maxDigits == 0;
        }
    }

    /**
     * How the flows left the caller.
     *
     * @param type       "queue", "callback", "transfer", "message" or "hangup"
     * @param queue      the queue key (type queue)
     * @param number     the outside number (type transfer)
     * @param callbackId the callback a function booked during the call (type callback)
     */
    record Outcome(String type, String queue, String number, String callbackId, String description) {
        static Outcome inQueue(String queue) {
            return new Outcome("queue", queue, null, null, "en file d'attente « " + queue + " »");
        }

        static Outcome transferredTo(String number) {
            return new Outcome("transfer", null, number, null, "transféré vers " + number);
        }

        static Outcome callback(String callbackId) {
            return new Outcome("callback", null, null, callbackId, "rappel programmé, fin d'appel");
        }

        static Outcome message() {
            return new Outcome("message", null, null, null, "message, puis fin d'appel");
        }

        static Outcome hangUp(String who) {
            return new Outcome("hangup", null, null, null, who);
        }
    }

    final String id;
    final String contactId;
    final Direction direction;
    /** The citizen's number as the network gives it ("anonymous" when withheld): the contact's CustomerEndpoint. */
    final String customer;
    /** The territory's number: the contact's SystemEndpoint. */
    final String system;
    final Instant startedAt;
    /** Calls are numbered as they start (the clock may be fixed). */
    final long sequence;
    /** Faults of the functions this call invokes, by logical id (scenarios and tests only). */
    final Map<String, FunctionFault> faults;

    final Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> external = Map.of();
    String storedInput = "";
    String targetQueueArn;
    ContactFlows.Flow flow;
    String action;
    Awaiting awaiting;
    /** How the flows routed the call (its first end): set once. */
    Outcome outcome;
    /** Transferred to a queue and still on the line. */
    boolean inQueue;
    /** The agent hung up first; {@link #afterAgent} tells how the hooked flow ended, once it has. */
    boolean agentHungUp;
    Outcome afterAgent;
    /** Amazon Connect's contact events about this call: when it was answered (outbound: null until then, or never). */
    Instant connectedToSystemAt;
    /** The queue it was transferred to (its ARN) and when; when an agent took it. */
    String queueArn;
    Instant enqueuedAt;
    Instant connectedToAgentAt;
    /** Why it ended, as Connect says it (CUSTOMER_DISCONNECT when the caller hangs up; else the flow ended it). */
    String disconnectReason = "CONTACT_FLOW_DISCONNECT";
    /** The contact events already emitted for this call, once each. */
    final java.util.Set<String> eventsEmitted = new java.util.HashSet<>();
    /** The menu nodes the caller went through, in order. */
    final List<String> menuPath = new ArrayList<>();
    /** The callback a function answered during the current part of the call (the flows, or the hooked flow). */
    String callbackId;
    /** The flow set for when the agent hangs up first (UpdateContactEventHooks CustomerRemaining), or null. */
    ContactFlows.Flow customerRemaining;
    /** The flow a caller hears while waiting in a queue (UpdateContactEventHooks CustomerQueue), or null. */
    ContactFlows.Flow customerQueue;
    /** The contact's text-to-speech voice and engine (UpdateContactTextToSpeechVoice), or null: Connect's default, Joanna. */
    String voice;
    String voiceEngine;
    /** What the last GetMetricData loaded ($.Metrics.Queue.…), empty before. */
    Map<String, String> metrics = Map.of();
    /** Whether the last thing the flow did before ending was to speak. */
    boolean spokeLast;
    final List<Prompt> transcript = new ArrayList<>();
    /** The functions the flows invoked, in order, as Connect's flow logs tell them. */
    final List<Invocation> invocations = new ArrayList<>();
    int steps;

    /**
     * A function invocation from a flow.
     *
     * @param result    {@code answered} (the function's own answer, within the limit), {@code timed-out} (no answer
     *                  within InvocationTimeLimitSeconds: Connect takes the Error branch), {@code function-error},
     *                  {@code invalid-answer} (not what ResponseValidation asks)
     * @param millis    how long the flow waited
     * @param safeRoute whether the answer is the function's safe route ({@code safeRoute} "true")
     */
    record Invocation(String function, String result, long millis, boolean safeRoute) {
    }

    PhoneCall(String id, long sequence, Direction direction, String customer, String system, Instant startedAt,
              Map<String, FunctionFault> faults) {
        this.sequence = sequence;
        this.id = id;
        this.contactId = id;
        this.direction = direction;
        this.customer = customer;
        this.system = system;
        this.startedAt = startedAt;
        this.faults = Map.copyOf(faults);
    }

    Status status() {
        // In a queue, the customer queue flow may await keys or time: the call is still in queue.
        if (inQueue) {
            return Status.IN_QUEUE;
        }
        if (awaiting != null) {
            return Status.AWAITING_INPUT;
        }
        // Neither routed nor done after the agent: a flow is playing (only seen under the call's monitor).
        return outcome == null || (agentHungUp && afterAgent == null) ? Status.AWAITING_INPUT : Status.ENDED;
    }

    boolean ended() {
        return status() == Status.ENDED;
    }

    /** The flow ends the current part of the call: the routing, or what follows the agent's hang-up. */
    void end(Outcome end) {
        awaiting = null;
        if (inQueue) {
            // The customer queue flow ends the call before an agent answers (a callback taken from the queue).
            outcome = end;
            inQueue = false;
        } else if (outcome == null) {
            outcome = end;
            inQueue = "queue".equals(end.type());
        } else if (agentHungUp && afterAgent == null) {
            afterAgent = end;
        }
    }

    /** The caller hangs up: a call in queue keeps how it was routed; one in a flow ends there. */
    void callerHangsUp() {
        if (inQueue) {
            inQueue = false;
            awaiting = null;
        } else if (!ended()) {
            end(Outcome.hangUp("l'appelant a raccroché"));
        }
    }

    /** The number the call is from and the one it is to, as the caller's phone shows them. */
    String from() {
        return direction == Direction.INBOUND ? customer : system;
    }

    String to() {
        return direction == Direction.INBOUND ? system : customer;
    }
}
