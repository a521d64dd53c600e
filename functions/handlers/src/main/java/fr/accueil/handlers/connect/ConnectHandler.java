package fr.accueil.handlers.connect;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestStreamHandler;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.Metrics;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Base of every function a contact flow invokes. It reads the event itself (a stream handler),
 * so that no event, however malformed, can fail before the handler runs; and any failure
 * inside still answers the function's safe route. A caller is never dropped by an exception.
 * The answer is the flat map of strings Connect expects (STRING_MAP), well under 32 KB, and holds
 * every field of {@link #answerFields()}: the flows copy those fields into contact attributes
 * whatever the route, so one left out would be a reference to nothing; unused ones are empty.
 */
public abstract class ConnectHandler implements RequestStreamHandler {
    /** Connect refuses larger answers; stay well below. */
    static final int MAX_ANSWER_BYTES = 16 * 1024;
    /** A real event is a few KB; anything far larger is not from Connect. */
    static final int MAX_EVENT_BYTES = 256 * 1024;

    /**
     * A number for priming calls: in a range ARCEP keeps for fiction (01 99 00 00 00 to 01 99 00 99 99), a valid
     * number (the caller's path, history included) that is nobody's line, so the reads it makes find no contact.
     */
    static final String PRIMING_NUMBER = "+33199000000";

    @Override
    public final void handleRequest(InputStream input, OutputStream output, Context context) throws IOException {
        Map<String, String> answer;
        try {
            byte[] bytes = input.readNBytes(MAX_EVENT_BYTES + 1);
            if (bytes.length > MAX_EVENT_BYTES) {
                throw new IllegalArgumentException("event larger than " + MAX_EVENT_BYTES + " bytes");
            }
            answer = answer(ConnectCall.from(Json.readObject(new String(bytes, StandardCharsets.UTF_8))));
            if (Json.write(answer).getBytes(StandardCharsets.UTF_8).length > MAX_ANSWER_BYTES) {
                throw new IllegalStateException("answer larger than " + MAX_ANSWER_BYTES + " bytes");
            }
        } catch (Exception | StackOverflowError e) {
            // The line is also a SafeRoutes count (Embedded Metric Format), which an alarm watches.
            Log.error("connect." + name() + ".safe-route", Metrics.countOne(Metrics.CONNECT, "SafeRoutes"), e);
            answer = new LinkedHashMap<>(safeRoute());
            answer.put("safeRoute", "true");
        }
        Map<String, String> complete = new LinkedHashMap<>(answer);
        answerFields().forEach(field -> complete.putIfAbsent(field, ""));
        Json.write(complete, output);
    }

    /**
     * Registers the function's SnapStart priming (Priming, from its no-argument constructor, the one Lambda calls):
     * the territory's voice data, then {@link #primingCalls()} answered as calls are, the answers dropped.
     */
    protected final void primeBeforeSnapshot() {
        AppContext.get().primeBeforeSnapshot(() -> {
            primingCalls().forEach(event -> {
                try {
                    handleRequest(new ByteArrayInputStream(Json.write(event).getBytes(StandardCharsets.UTF_8)),
                            OutputStream.nullOutputStream(), null);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            primeUnreachedParts();
        });
    }

    /** Parts of an answer no priming call reaches (they need data only a write would make); none by default. */
    protected void primeUnreachedParts() {
    }

    /**
     * The calls that take, between them, every path of a first call (while priming, writes are answered in the
     * process); none by default.
     */
    protected List<Map<String, Object>> primingCalls() {
        return List.of();
    }

    /** A ContactFlowEvent as Connect sends it, from {@link #PRIMING_NUMBER}, with these attributes and parameters. */
    static Map<String, Object> primingCall(Map<String, String> attributes, Map<String, String> parameters) {
        String contactId = UUID.randomUUID().toString();
        return Map.of("Name", "ContactFlowEvent", "Details", Map.of(
                "ContactData", Map.of("Attributes", attributes, "Channel", "VOICE", "ContactId", contactId,
                        "InitialContactId", contactId, "InitiationMethod", "INBOUND",
                        "CustomerEndpoint", Map.of("Address", PRIMING_NUMBER, "Type", "TELEPHONE_NUMBER")),
                "Parameters", parameters));
    }

    /** The fields the contact flows read of this function's answer ({@code $.External.<field>}); none by default. */
    protected Set<String> answerFields() {
        return Set.of();
    }

    /** The function's short name in logs. */
    protected abstract String name();

    /** The answer to a call, as strings; may throw, the caller then gets {@link #safeRoute()}. */
    protected abstract Map<String, String> answer(ConnectCall call) throws Exception;

    /** Where to send the caller when anything goes wrong: a queue or the callback offer. */
    protected abstract Map<String, String> safeRoute();
}
