package fr.accueil.handlers.callback;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.OutboundDialer;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The outbound port without Amazon Connect, for the local runner and tests: a simulated citizen
 * answers with a given probability, and the outcome is recorded through the service exactly as
 * the outbound contact flow would (with the callback id and attempt the call carries).
 * Seeded, so a run of the demo is the same each time.
 */
public final class SimulatedDialer implements OutboundDialer {
    private final CallbackService service;
    private final double answerRate;
    private final Random random;

    /** @param answerRate from 0 (nobody ever answers) to 1 (everybody does) */
    public SimulatedDialer(CallbackService service, double answerRate, long seed) {
        if (!(answerRate >= 0 && answerRate <= 1)) {
            throw new IllegalArgumentException("the answer rate is between 0 and 1, not " + answerRate);
        }
        this.service = service;
        this.answerRate = answerRate;
        this.random = new Random(seed);
    }

    @Override
    public String dial(String destination, String contactFlowId, String queue, Map<String, String> attributes, String clientToken)
            throws PermanentFailure {
        String callbackId = attributes.get("callbackId");
        String attempt = attributes.get("attempt");
        if (callbackId == null || attempt == null) {
            throw new PermanentFailure("the outbound call carries no callback id or attempt", null);
        }
        boolean answered;
        synchronized (random) {
            answered = random.nextDouble() < answerRate;
        }
        // As Connect would: the call is placed, then the flow reports what became of it.
        service.recordOutcome(callbackId, Integer.parseInt(attempt), answered ? CallOutcome.REACHED : CallOutcome.NO_ANSWER);
        return "simulated-" + UUID.nameUUIDFromBytes(clientToken.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
