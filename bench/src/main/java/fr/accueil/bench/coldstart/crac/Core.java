package fr.accueil.bench.coldstart.crac;

import java.util.ArrayList;
import java.util.List;

/**
 * The checkpoint and restore of a SnapStart snapshot, as the benchmark models them on a JDK without CRaC.
 * org.crac looks its implementation up by package ({@code -Dorg.crac.Core.Compat=fr.accueil.bench.coldstart.crac}),
 * so the functions' own registrations (Priming, the queues' reload) land here unchanged. {@link #checkpoint} and
 * {@link #restore} run the hooks in the order a CRaC JDK's global context does: beforeCheckpoint from the last registered to the
 * first, afterRestore from the first to the last. The process then goes on as a restored one would, with the heap and
 * the compiled code the hooks left; what it does not model is the restore's own cost (Lambda reports it as the
 * Restore Duration, outside the handler's time).
 */
public final class Core {
    private static final Global GLOBAL = new Global();

    private Core() {
    }

    public static Context<Resource> getGlobalContext() {
        return GLOBAL;
    }

    /** Both in turn; org.crac binds to an implementation only if it has this method (its Core.checkpointRestore). */
    public static void checkpointRestore() throws CheckpointException, RestoreException {
        checkpoint();
        restore();
    }

    /** The snapshot's checkpoint: the beforeCheckpoint hooks (the functions' priming). */
    public static void checkpoint() throws CheckpointException {
        try {
            GLOBAL.beforeCheckpoint(null);
        } catch (Exception e) {
            CheckpointException failed = new CheckpointException();
            failed.addSuppressed(e);
            throw failed;
        }
    }

    /** A restore from it: the afterRestore hooks, which Lambda runs before the first invoke. */
    public static void restore() throws RestoreException {
        try {
            GLOBAL.afterRestore(null);
        } catch (Exception e) {
            RestoreException failed = new RestoreException();
            failed.addSuppressed(e);
            throw failed;
        }
    }

    private static final class Global extends Context<Resource> {
        private final List<Resource> resources = new ArrayList<>();

        @Override
        public synchronized void register(Resource resource) {
            resources.add(resource);
        }

        @Override
        public void beforeCheckpoint(Context<? extends Resource> context) throws Exception {
            List<Resource> reversed = new ArrayList<>(snapshot());
            java.util.Collections.reverse(reversed);
            for (Resource resource : reversed) {
                resource.beforeCheckpoint(this);
            }
        }

        @Override
        public void afterRestore(Context<? extends Resource> context) throws Exception {
            for (Resource resource : snapshot()) {
                resource.afterRestore(this);
            }
        }

        private synchronized List<Resource> snapshot() {
            return List.copyOf(resources);
        }
    }
}
