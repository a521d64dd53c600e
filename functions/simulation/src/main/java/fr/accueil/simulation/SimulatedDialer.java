package fr.accueil.simulation;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The outbound port without Amazon Connect, for the local runner and tests: a simulated citizen
 * answers with a given probability. Seeded, so a run of the demo is the same each time.
 *
 * <p>The call is played as Connect would play it: when the local runner's phone is there
 * ({@code SIMULATED_PHONE_URL}, its {@code POST /api/phone/outbound-calls}), the call rings it; the call's id is
 * the contact id. Answered, the outbound contact flow runs through the flow interpreter, reporting the outcome
 * itself through ConnectCallbackOutcomeFunction; unanswered, no flow runs (as on Connect) and the phone's contact
 * events tell EventsContactFunction, which records the no-answer. Without the phone (handler tests), the outcome
 * is recorded through the service, with the callback id and attempt the call carries.
 */
public final class SimulatedDialer implements OutboundDialer {
    private static final Duration RING_TIMEOUT = Duration.ofSeconds(30);

    private final CallbackService service;
    private final double answerRate;
    private final Random random;
    private final Supplier<Optional<URI>> phone;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** @param answerRate from 0 (nobody ever answers) to 1 (everybody does) */
    public SimulatedDialer(CallbackService service, double answerRate, long seed) {
        this(service, answerRate, seed, Optional::empty);
    }

    /** @param phone where the local phone takes outbound calls, read at each call (it starts after the functions) */
    public SimulatedDialer(CallbackService service, double answerRate, long seed, Supplier<Optional<URI>> phone) {
        if (!(answerRate >= 0 && answerRate <= 1)) {
            throw new IllegalArgumentException("the answer rate is between 0 and 1, not " + answerRate);
        }
        this.service = service;
        this.answerRate = answerRate;
        this.random = new Random(seed);
        this.phone = phone;
    }

    @Override
    public String dial(String destination, String contactFlowId, String queue, Map<String, String> attributes, String clientToken)
            throws TransientFailure, PermanentFailure {
        String callbackId = attributes.get("callbackId");
        String attempt = attributes.get("attempt");
        if (callbackId == null || attempt == null) {
            throw new PermanentFailure("the outbound call carries no callback id or attempt", null);
        }
        boolean answered;
        synchronized (random) {
            answered = random.nextDouble() < answerRate;
        }
        Optional<URI> line = phone.get();
        if (line.isPresent()) {
            return ring(line.get(), destination, contactFlowId, attributes, answered);
        }
        // Without the phone: the call is placed, then what became of it is recorded as its report would.
        service.recordOutcome(callbackId, Integer.parseInt(attempt), answered ? CallOutcome.REACHED : CallOutcome.NO_ANSWER);
        return "simulated-" + UUID.nameUUIDFromBytes(clientToken.getBytes(StandardCharsets.UTF_8));
    }

    /** The local phone rings the citizen (and plays the outbound flow if they answer); its call id is the contact id. */
    private String ring(URI line, String destination, String contactFlowId, Map<String, String> attributes, boolean answered)
            throws TransientFailure, PermanentFailure {
        Map<String, Object> call = new LinkedHashMap<>();
        call.put("to", destination);
        call.put("contactFlowId", contactFlowId);
        call.put("attributes", attributes);
        call.put("answered", answered);
        try {
            HttpResponse<String> answer = http.send(HttpRequest.newBuilder(line).timeout(RING_TIMEOUT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(call))).build(), HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() >= 400 && answer.statusCode() < 500) {
                // As Connect's refusals (unknown flow, bad number): trying again will not help.
                throw new PermanentFailure("the local phone refused the call to " + PhoneNumbers.mask(destination) + ": "
                        + answer.statusCode(), null);
            }
            if (answer.statusCode() != 201) {
                throw new TransientFailure("the local phone failed the call to " + PhoneNumbers.mask(destination) + ": "
                        + answer.statusCode(), null);
            }
            return String.valueOf(Json.readObject(answer.body()).get("callId"));
        } catch (IOException e) {
            throw new TransientFailure("the local phone is unreachable", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TransientFailure("interrupted while ringing", e);
        }
    }
}
