package fr.accueil.handlers;

import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.OutboundDialer;
import java.time.Clock;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * What the local runner puts in place of AWS: a clock it can set and a citizen who answers callbacks. Its one
 * implementation (functions/simulation) is found through {@link ServiceLoader} on the runner's class path; no
 * deployment package holds it, so on Lambda the functions decide by the system clock and dial through Connect or
 * not at all.
 */
public interface Simulation {
    /** The time the functions decide by. */
    Clock clock();

    /** The simulated citizen's dialer, when the runner simulates one. */
    Optional<OutboundDialer> dialer(CallbackService service);

    /** The simulation on the class path, if any. */
    static Optional<Simulation> installed() {
        return ServiceLoader.load(Simulation.class, Simulation.class.getClassLoader()).findFirst();
    }
}
