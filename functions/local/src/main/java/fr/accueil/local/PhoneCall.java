package fr.accueil.local;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One call on the local phone: the contact as Amazon Connect keeps it (attributes, the last
 * function answer, the stored input, the working queue), where the flow stands, and what the
 * caller heard. Guarded by its own monitor: one input at a time.
 */
final class PhoneCall {
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
    }

    /**
     * How the call ended.
     *
     * @param type   "queue", "callback", "transfer", "message" or "hangup"
     * @param queue  the queue key (type queue)
     * @param number the outside number (type transfer)
     */
    record Outcome(String type, String queue, String number, String description) {
        static Outcome inQueue(String queue) {
            return new Outcome("queue", queue, null, "en file d'attente « " + queue + " »");
        }

        static Outcome transferredTo(String number) {
            return new Outcome("transfer", null, number, "transféré vers " + number);
        }

        static Outcome callback() {
            return new Outcome("callback", null, null, "rappel programmé, fin d'appel");
        }

        static Outcome message() {
            return new Outcome("message", null, null, "message, puis fin d'appel");
        }

        static Outcome hangUp(String who) {
            return new Outcome("hangup", null, null, who);
        }
    }

    final String id;
    final String contactId;
    /** The caller's number as the network gives it ("anonymous" when withheld). */
    final String from;
    final String to;
    final Instant startedAt;
    /** Functions whose invocations fail in this call (fault injection, scenarios and tests only). */
    final Set<String> failing;

    final Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> external = Map.of();
    String storedInput = "";
    String targetQueueArn;
    ContactFlows.Flow flow;
    String action;
    Awaiting awaiting;
    Outcome outcome;
    /** The menu nodes the caller went through, in order. */
    final List<String> menuPath = new ArrayList<>();
    String callbackId;
    /** The flow set for when the agent hangs up first (UpdateContactEventHooks CustomerRemaining), or null. */
    ContactFlows.Flow customerRemaining;
    /** Whether the last thing the flow did before ending was to speak. */
    boolean spokeLast;
    final List<Prompt> transcript = new ArrayList<>();
    int steps;

    PhoneCall(String id, String from, String to, Instant startedAt, Set<String> failing) {
        this.id = id;
        this.contactId = id;
        this.from = from;
        this.to = to;
        this.startedAt = startedAt;
        this.failing = Set.copyOf(failing);
    }

    boolean ended() {
        return outcome != null;
    }
}
