package fr.accueil.local;

import fr.accueil.connect.ConnectQueues;
import fr.accueil.storage.Environment;
import fr.accueil.embedded.Template;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The Amazon Connect instance the local phone stands in for: its ARN, and an ARN for each queue
 * key of the territory, so that the contact flows' "set working queue" has something to set and
 * the end of a call can name its queue. Real ARNs carry a queue id; here the id is the key.
 */
final class LocalConnect {
    static final String INSTANCE_ARN = "arn:aws:connect:eu-central-1:000000000000:instance/accueil-local";
    private static final String QUEUE_PREFIX = INSTANCE_ARN + "/queue/";
    /** The queue of calls no rule routes elsewhere, as the Connect functions name it. */
    static final String GENERAL_QUEUE = ConnectQueues.GENERAL;
    /** The template's parameter of the queues an operator gives. */
    static final String QUEUE_PARAMETERS = "QueueParameters";
    private static final String FLOW_PREFIX = INSTANCE_ARN + "/contact-flow/";

    private LocalConnect() {
    }

    static String queueArn(String key) {
        return QUEUE_PREFIX + key;
    }

    /** The queue key of a local queue ARN; empty for anything else (a blank, another instance's queue). */
    static Optional<String> queueKey(String arn) {
        if (arn == null || !arn.startsWith(QUEUE_PREFIX) || arn.length() == QUEUE_PREFIX.length()) {
            return Optional.empty();
        }
        return Optional.of(arn.substring(QUEUE_PREFIX.length()));
    }

    static String flowArn(String resourceId) {
        return FLOW_PREFIX + resourceId;
    }

    static String functionArn(String logicalId) {
        return "arn:aws:lambda:eu-central-1:000000000000:function:" + logicalId + ":live";
    }

    /**
     * Gives the functions the queue ARNs of this instance the way the stack does on AWS: the
     * template's QueueParameters, as an operator giving every key's queue (GeneralQueueArn and
     * ThemeQueueArns) would have it, in the local Parameter Store the functions' SSM client is
     * pointed at. Not with a real instance (CONNECT_INSTANCE_ID): its parameters are on AWS.
     */
    static void configureQueues(Collection<String> keys, Template template, LocalParameterStore store) {
        if (Environment.optional("CONNECT_INSTANCE_ID").isPresent()) {
            return;
        }
        TreeSet<String> all = new TreeSet<>(keys);
        all.add(GENERAL_QUEUE);
        Object name = template.resources("AWS::SSM::Parameter").get(QUEUE_PARAMETERS).get("Name");
        store.put(Functions.resolve(name, template.parameterDefaults()),
                all.stream().map(k -> k + "=" + queueArn(k)).collect(Collectors.joining(",")));
        Environment.setLocally("AWS_ENDPOINT_URL_SSM", store.endpoint().toString());
    }

    /** The template parameters' values on this instance: their defaults, and the general queue's ARN. */
    static Map<String, String> parameters(Template template, String generalArn) {
        Map<String, String> values = new LinkedHashMap<>(template.parameterDefaults());
        values.put("GeneralQueueArn", generalArn.isBlank() ? queueArn(GENERAL_QUEUE) : generalArn);
        return values;
    }
}
