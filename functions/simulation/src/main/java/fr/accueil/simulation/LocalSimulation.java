package fr.accueil.simulation;

import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.handlers.Simulation;
import fr.accueil.storage.Environment;
import java.net.URI;
import java.time.Clock;
import java.util.Optional;

/**
 * The local runner's simulation: the clock {@code FIXED_CLOCK} sets, and the citizen {@code SIMULATED_ANSWER_RATE}
 * (with {@code SIMULATED_SEED}) makes answer, rung on the runner's phone at {@code SIMULATED_PHONE_URL}.
 */
public final class LocalSimulation implements Simulation {
    @Override
    public Clock clock() {
        return new ConfiguredClock();
    }

    @Override
    public Optional<OutboundDialer> dialer(CallbackService service) {
        return Environment.optional("SIMULATED_ANSWER_RATE").map(rate -> new SimulatedDialer(service,
                Double.parseDouble(rate), Environment.optional("SIMULATED_SEED").map(Long::parseLong).orElse(42L),
                () -> Environment.optional("SIMULATED_PHONE_URL").map(URI::create)));
    }
}
