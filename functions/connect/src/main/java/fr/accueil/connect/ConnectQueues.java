package fr.accueil.connect;

import fr.accueil.storage.Environment;
import java.util.Map;
import java.util.Optional;

/**
 * The territory's Amazon Connect queues by queue key ("retraite", "social", "general"): the menu,
 * themes and sites name keys, the contact flow needs ARNs. A key with no queue of its own is
 * taken by the general queue, the safe route.
 *
 * <p>Configuration: {@code QUEUE_ARNS} ("key=arn,key=arn", template parameter ThemeQueueArns) and
 * {@code GENERAL_QUEUE_ARN}; both empty locally.
 */
public record ConnectQueues(Map<String, String> arnsByKey, String generalArn) {
    public ConnectQueues {
        arnsByKey = Map.copyOf(arnsByKey);
        generalArn = generalArn == null ? "" : generalArn;
    }

    public static ConnectQueues fromEnvironment() {
        return new ConnectQueues(Environment.pairs("QUEUE_ARNS"), Environment.optional("GENERAL_QUEUE_ARN").orElse(""));
    }

    /** The queue's ARN, else the general queue's; empty when neither is configured (locally). */
    public Optional<String> arn(String queueKey) {
        String arn = queueKey == null ? null : arnsByKey.get(queueKey);
        return Optional.ofNullable(arn).filter(a -> !a.isBlank()).or(() -> Optional.of(generalArn).filter(a -> !a.isBlank()));
    }
}
