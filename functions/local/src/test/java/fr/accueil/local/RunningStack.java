package fr.accueil.local;

/**
 * The one local stack of a test JVM, shared by the end-to-end classes: LocalStack sets process-wide
 * configuration (system properties, the AppContext singleton), so two stacks in one JVM would mix.
 */
final class RunningStack {
    private static LocalStack stack;

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(new LocalStack.Options(0, 0, 0, null, true, null, null));
            } catch (Exception e) {
                throw new IllegalStateException("cannot start the local stack", e);
            }
            LocalStack started = stack;
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    started.close();
                } catch (Exception ignored) {
                    // the JVM is exiting
                }
            }));
        }
        return stack;
    }
}
