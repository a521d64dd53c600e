package fr.accueil.local;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * One local stack per test JVM, on free ports, seeded with the demo territory. The stack sets
 * process-wide configuration (as one Lambda container would), so end-to-end tests share it.
 * The simulated citizen always answers automatic callbacks, so outcomes are deterministic.
 */
final class RunningStack {
    private static LocalStack stack;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private RunningStack() {
    }

    static synchronized LocalStack get() {
        if (stack == null) {
            try {
                stack = LocalStack.start(new LocalStack.Options(0, 0, 0, null, true, null, null, null, null), 1.0);
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

    static URI http(String path) {
        return URI.create("http://127.0.0.1:" + get().httpPort() + path);
    }

    static URI invoke(String function) {
        return URI.create("http://127.0.0.1:" + get().invokePort() + "/2015-03-31/functions/" + function + "/invocations");
    }

    static HttpResponse<String> send(HttpRequest request) throws Exception {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    }
}
