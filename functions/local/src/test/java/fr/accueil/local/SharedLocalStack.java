package fr.accueil.local;

/**
 * One local stack per test JVM: LocalStack sets process-wide configuration (system properties,
 * AppContext), so every end-to-end test class shares the one started here, on free ports. The
 * simulated citizen always answers, so outcomes are deterministic.
 */
final class SharedLocalStack {
    private static LocalStack stack;

    private SharedLocalStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(new LocalStack.Options(0, 0, 0, null, true, null, null), 1.0);
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the local stack", e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception e) {
                    // the JVM is ending anyway
                }
            }));
        }
        return stack;
    }
}
