package fr.accueil.local;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A function whose answer comes after its flow's InvocationTimeLimitSeconds, as after a long cold start or
 * pause: Connect does not wait for it (FlowInterpreterTest). Public, with a public constructor: the runtime
 * builds it.
 */
public final class LateFunction implements RequestStreamHandler {
    static final Duration TAKES = Duration.ofSeconds(2);

    @Override
    public void handleRequest(InputStream input, OutputStream output, Context context) throws java.io.IOException {
        try {
            Thread.sleep(TAKES.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        output.write("{\"route\":\"late\"}".getBytes(StandardCharsets.UTF_8));
    }
}
