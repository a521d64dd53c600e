package fr.accueil.connect;

import fr.accueil.domain.routing.LiveQueues;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import fr.accueil.storage.Environment;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * The queue load the functions use: Amazon Connect's when {@code CONNECT_INSTANCE_ID} is
 * configured (on AWS), else a simulated one set by {@code SIMULATED_QUEUE_LOAD}
 * ("retraite=8,emploi=0/600": callers waiting, optionally "/" the oldest one's wait in seconds) and
 * {@code SIMULATED_QUEUE_AGENTS} ("retraite=0,general=1": agents available; a queue not named has
 * {@value SimulatedQueueLoad#DEFAULT_AGENTS}).
 */
public final class QueueLoads {
    /**
     * A caller is waiting on this answer, and the whole function has 3 s (the flows' InvocationTimeLimitSeconds):
     * better an unknown load (then a transfer) than a slow one. The answer is cached a few seconds, so most calls
     * do not wait at all.
     */
    static final Duration METRICS_TIMEOUT = Duration.ofMillis(400);

    private QueueLoads() {
    }

    /** @param warn where Connect's failures are told (the functions' JSON log) */
    public static LiveQueues fromEnvironment(ConnectQueues queues, BiConsumer<String, Map<String, String>> warn) {
        Optional<String> instance = Environment.optional("CONNECT_INSTANCE_ID");
        if (instance.isPresent()) {
            return new ConnectQueueLoad(connectClient(), instance.get(), queues, warn);
        }
        return simulated(Environment.pairs("SIMULATED_QUEUE_LOAD"), Environment.pairs("SIMULATED_QUEUE_AGENTS"));
    }

    /** No retry: a throttled or failed request is an unknown load, and a retry would only delay the caller. */
    static AwsJsonClient connectClient() {
        return connectClient(METRICS_TIMEOUT);
    }

    static AwsJsonClient connectClient(Duration timeout) {
        return AwsJsonClient.fromEnvironment(AwsJsonClient.Service.CONNECT, AwsJsonClient.Bounds.once(timeout));
    }

    /** @throws IllegalArgumentException on a load that is not "N" or "N/S", or agents that are not a number */
    public static SimulatedQueueLoad simulated(Map<String, String> loads, Map<String, String> agents) {
        SimulatedQueueLoad simulated = new SimulatedQueueLoad();
        agents.forEach((queue, available) -> {
            if (!available.matches("[0-9]{1,4}")) {
                throw new IllegalArgumentException("SIMULATED_QUEUE_AGENTS: « " + queue + "=" + available
                        + " » : nombre d'agents disponibles attendu");
            }
            simulated.setAgents(queue, Integer.parseInt(available));
        });
        loads.forEach((queue, load) -> {
            if (!load.matches("[0-9]{1,4}(/[0-9]{1,6})?")) {
                throw new IllegalArgumentException("SIMULATED_QUEUE_LOAD: « " + queue + "=" + load
                        + " » : nombre d'appelants en attente, éventuellement /secondes d'attente du plus ancien, attendu");
            }
            String[] parts = load.split("/");
            simulated.set(queue, new QueueMetrics(Integer.parseInt(parts[0]),
                    Duration.ofSeconds(parts.length > 1 ? Long.parseLong(parts[1]) : 0)));
        });
        return simulated;
    }
}
