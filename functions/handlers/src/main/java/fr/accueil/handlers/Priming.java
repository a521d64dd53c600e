package fr.accueil.handlers;

import fr.accueil.storage.PrimingGuard;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.crac.Context;
import org.crac.Core;
import org.crac.Resource;

/**
 * SnapStart priming. Lambda runs {@link #beforeCheckpoint} once per published version, then snapshots
 * the JVM, so what it loads is there in every container restored from the snapshot: it waits for the
 * {@link Warmup}, reads the territory's voice data the way a restore does (the SDK's request path,
 * the item mappers, the holiday calendars of the sites' départements), then has the function answer its priming
 * calls ({@link #ROUNDS} times each): the whole path a first call takes (the event's reading, the domain, the
 * requests' marshallers, the responses' unmarshallers, the answer's writing), under {@link PrimingGuard}: only reads
 * leave the process, writes are answered in it with an empty success, no data is written and Amazon Connect is not
 * called. Their log lines are dropped: they are no callers' (nor safe routes to count). (Lambda Developer Guide,
 * « Maximize Lambda SnapStart performance »: priming.) After a restore the voice data read for it is read again
 * (the snapshot may be days old): what stays is loaded classes and warm code, plus the holiday calendars, which do
 * not change. On a JVM without CRaC, as locally, the resource is registered and never called.
 */
final class Priming implements Resource {
    /**
     * Each path is taken this many times, enough for the JIT to compile what a call runs: the functions run C1 alone
     * (template.yaml's JAVA_TOOL_OPTIONS, TieredStopAtLevel=1), which compiles a method after about 200 invocations
     * (Tier3InvocationThreshold), and a path only one priming call takes (a menu key, a branch) is invoked once per
     * round: at 100 rounds such paths stayed interpreted for the first call. Reads only, a few per round, once per
     * published version.
     */
    static final int ROUNDS = 300;
    /** The rounds stop sooner when slow (a throttled table): the snapshot must not wait on them. */
    static final Duration BUDGET = Duration.ofSeconds(30);
    /** The restore's reads take a few ms; a slower table leaves them to the first call, well within the 10 s limit. */
    static final Duration RESTORE_READS = Duration.ofSeconds(2);
    private final AppContext app;
    private final List<Runnable> calls = new CopyOnWriteArrayList<>();

    private Priming(AppContext app) {
        this.app = app;
    }

    /** Registers the container's priming; the caller keeps the reference (contexts may hold resources weakly). */
    static Priming register(AppContext app) {
        Priming priming = new Priming(app);
        Core.getGlobalContext().register(priming);
        return priming;
    }

    /** A function's priming calls, answered after the voice data is read. */
    void add(Runnable functionCalls) {
        calls.add(functionCalls);
    }

    @Override
    public void beforeCheckpoint(Context<? extends Resource> context) throws InterruptedException {
        Warmup.await(Duration.ofSeconds(60));
        long start = System.nanoTime();
        long deadline = start + BUDGET.toNanos();
        try {
            // Read afresh each round, as the restore reads (afterRestore): that code compiled too, not only loaded.
            for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
                if (!app.voices().reload(RESTORE_READS)) {
                    break;
                }
            }
            app.voices().prime(app.calendar(), app.clock().instant());
        } catch (RuntimeException e) {
            // A territory without its menu yet: the snapshot is still good, calls read it when it comes.
            Log.error("priming.failed", Map.of(), e);
        }
        List<RuntimeException> failures = new ArrayList<>();
        // Their lines are printed as a call's are, encoding included, but to nowhere: that code is compiled too (a call's
        // first line printed by code still interpreted cost the menu's first answer several times its warm figure).
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), false, StandardCharsets.UTF_8);
        Consumer<String> output = Log.sendTo(nowhere::println);
        try {
            for (Runnable functionCalls : calls) {
                try {
                    PrimingGuard.run(() -> {
                        for (int round = 0; round < ROUNDS && System.nanoTime() < deadline; round++) {
                            functionCalls.run();
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    failures.add(e);
                }
            }
        } finally {
            Log.sendTo(output);
        }
        // Priming calls answer as calls do, failures included; one that throws left some path cold, not the snapshot bad.
        failures.forEach(e -> Log.error("priming.calls-failed", Map.of(), e));
        // A line of its own, for the version's init log; it also takes the path a call's log lines take.
        Log.info("priming.done", Map.of("functions", calls.size(), "ms", (System.nanoTime() - start) / 1_000_000));
    }

    /**
     * The code paths stay warm; the values read for them may be days old: they are read again, the reads together,
     * before the hook returns. Lambda runs afterRestore hooks in the restore phase, before the first invoke, within
     * its 10-second limit, and the caller waits for it (Restore Duration) (Lambda Developer Guide, « Lambda SnapStart
     * runtime hooks », « SnapStart limits »), so the reads are bounded by {@link #RESTORE_READS}; when one fails or is
     * late the first call reads them, as a call does when the minute is past.
     */
    @Override
    public void afterRestore(Context<? extends Resource> context) throws InterruptedException {
        app.voices().reload(RESTORE_READS);
    }
}
