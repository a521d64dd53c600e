package fr.accueil.handlers;

import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.phone.PhoneNumbers;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.time.Duration;
import java.time.Year;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Work a fresh container would otherwise do on its first caller's time, done on daemon threads from
 * the moment a function's class is loaded: it overlaps the main thread's own start (the SDK client,
 * the first requests). With SnapStart it is over before the snapshot ({@link Priming} waits for it).
 * A step only fills caches that calls fill anyway, so a failed step costs the time it took, nothing else.
 */
public final class Warmup {
    private static final List<Thread> STARTED = new CopyOnWriteArrayList<>();
    private static final Set<String> NAMES = ConcurrentHashMap.newKeySet();

    private Warmup() {
    }

    /**
     * The JVM's TLS trust store, which the HTTP client parses when the SDK client is built (a hundred
     * and more certificates): parsed here while the main thread resolves the client's configuration.
     */
    static void tls() {
        start("tls", () -> {
            try {
                TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm()).init((KeyStore) null);
                SSLContext.getInstance("TLS");
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    /** What every voice call needs before it can be routed: the phone number metadata and the holiday calendars. */
    public static void voice() {
        start("voice", () -> {
            PhoneNumbers.toE164("01 00 00 00 00");
            FrenchHolidays.preload(Year.now().getValue());
        });
    }

    /** Waits for the steps started so far (SnapStart must not snapshot a half-loaded cache). */
    static void await(Duration atMost) throws InterruptedException {
        long deadline = System.nanoTime() + atMost.toNanos();
        for (Thread step : STARTED) {
            step.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
        }
    }

    /** Once per JVM: the local runner loads every function's class, and each voice function asks. */
    private static void start(String name, Runnable step) {
        if (!NAMES.add(name)) {
            return;
        }
        Thread thread = new Thread(() -> {
            try {
                step.run();
            } catch (RuntimeException | LinkageError e) {
                Log.error("warmup.failed", Map.of("step", name), e);
            }
        }, "warmup-" + name);
        thread.setDaemon(true);
        STARTED.add(thread);
        thread.start();
    }
}
