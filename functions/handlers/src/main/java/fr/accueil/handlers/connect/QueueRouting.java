package fr.accueil.handlers.connect;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.domain.routing.QueueTransfer;
import fr.accueil.domain.routing.RoutingRules;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The answer fields of a transfer to a queue, shared by every Connect function: the queue key,
 * its ARN for the flow's "set working queue", and whether a callback is offered first because
 * the queue is too long (the caller may still choose to wait).
 */
final class QueueRouting {
    static final String GENERAL = "general";

    private final ConnectQueues queues;
    private final QueueLoad load;

    QueueRouting(ConnectQueues queues, QueueLoad load) {
        this.queues = queues;
        this.load = load;
    }

    /** Queue fields after the load check of {@link QueueTransfer}. */
    Map<String, String> to(String queue, RoutingRules rules) {
        QueueTransfer.Decision decision = new QueueTransfer(load, rules.callbackThreshold()).to(queue);
        Map<String, String> fields = straightTo(queue);
        fields.put("callbackOffer", Boolean.toString(decision instanceof QueueTransfer.Decision.OfferCallback));
        return fields;
    }

    /**
     * The safe route of a Connect function: the general queue, without load check, so that a
     * caller reaches a person whatever broke.
     *
     * @param field  the answer's decision field ("route", "action")
     * @param queue  its value meaning "to a queue"
     */
    Map<String, String> safeRoute(String field, String queue) {
        Map<String, String> route = new LinkedHashMap<>();
        route.put(field, queue);
        route.putAll(straightTo(GENERAL));
        return route;
    }

    /** Queue fields without load check: a person after repeated mistakes, the safe route. */
    Map<String, String> straightTo(String queue) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("queue", queue);
        fields.put("queueArn", queues.arn(queue).orElse(""));
        fields.put("callbackOffer", "false");
        return fields;
    }
}
