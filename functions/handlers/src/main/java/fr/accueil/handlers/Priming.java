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
 * the item mappers, the holiday calendars of the sites' départements). After a restore the voice data
 * read for it is forgotten (the snapshot may be days old): what stays is loaded classes and warm code,
 * plus the holiday calendars, which do not change. On a JVM without CRaC, as locally, the resource is
 * registered and never called.
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
            app.voices().prime(app.calendar(), app.clock().instant());
        } catch (RuntimeException e) {
            // A territory without its menu yet: the snapshot is still good, calls read it when it comes.
            Log.error("priming.failed", Map.of(), e);
        }
    }

    /** The code paths stay warm; the values read for them go, the first call reads them afresh. */
    @Override
    public void afterRestore(Context<? extends Resource> context) {
        app.voices().forget();
    }
}
