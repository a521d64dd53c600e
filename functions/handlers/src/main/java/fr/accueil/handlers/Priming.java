package fr.accueil.handlers;

import java.time.Duration;
import java.util.Map;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming. Lambda runs {@link #beforeCheckpoint} once per published version, then snapshots
 * the JVM, so what it loads is there in every container restored from the snapshot: it waits for the
 * {@link Warmup}, then reads the territory's voice data the way a call does (the SDK's request path,
 * the item mappers, the holiday calendars of the sites' départements). The values it caches expire by
 * the clock like any others, so a snapshot restored hours later reads them again. On a JVM without
 * CRaC, as locally, the resource is registered and never called.
 */
final class Priming implements Resource {
    private final AppContext app;

    private Priming(AppContext app) {
        this.app = app;
    }

    /** Registers the container's priming; the caller keeps the reference (contexts may hold resources weakly). */
    static Priming register(AppContext app) {
        Priming priming = new Priming(app);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws InterruptedException {
        Warmup.await(Duration.ofSeconds(60));
        try {
            app.voice().prime(app.calendar(), app.clock().instant());
        } catch (RuntimeException e) {
            // A territory without its menu yet: the snapshot is still good, calls read it when it comes.
            Log.error("priming.failed", Map.of(), e);
        }
    }

    @Override
    public void afterRestore(Context<? extends Resource> context) {
        // Nothing to redo: cached values expire by the clock, connections are reopened by the SDK.
    }
}
