package fr.accueil.local;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The local runner's stack for the benchmarks: DynamoDB Local with the template's tables, the demo
 * territory seeded and its slots generated, every function configured as the runner configures it
 * (same package, so the runner's own seeding and configuration are reused, not copied).
 */
public final class BenchStack implements AutoCloseable {
    private final LocalStack stack;

    private BenchStack(LocalStack stack) {
        this.stack = stack;
    }

    /**
     * Every port free (0), in memory, seeded.
     *
     * @param queueAgents the agents available per queue (SIMULATED_QUEUE_AGENTS), given at the start: the functions'
     *                    queue figures are read once, when the stack builds them
     */
    public static BenchStack start(String queueAgents) throws Exception {
        return new BenchStack(LocalStack.start(new LocalStack.Options(0, 0, 0, null, true, null, List.of(), null, null,
                null, null, LocalEventBridge.Webhook.none(), queueAgents)));
    }

    /** The template's stream mappings go on from the latest records ({@link StreamMappings#skipToLatest}). */
    public void skipStreamsToLatest() throws InterruptedException {
        stack.streams().skipToLatest(Duration.ofSeconds(30));
    }

    public int dynamoPort() {
        return stack.dynamoPort();
    }

    /** A function's environment as template.yaml declares it (tables resolved to their local names). */
    public Map<String, String> environment(String logicalId) {
        return new LinkedHashMap<>(stack.functions().get(logicalId)
                .orElseThrow(() -> new IllegalArgumentException("no function " + logicalId)).environment());
    }

    @Override
    public void close() throws Exception {
        stack.close();
    }
}
