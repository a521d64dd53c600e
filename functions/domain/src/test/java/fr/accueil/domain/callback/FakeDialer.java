package fr.accueil.domain.callback;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Like Connect: one call per client token; failures scripted ahead, thrown before any call. */
final class FakeDialer implements OutboundDialer {
    final Map<String, String> callsByToken = new LinkedHashMap<>();
    final List<Map<String, String>> requests = new ArrayList<>();
    final Deque<DialFailure> failures = new ArrayDeque<>();

    @Override
    public String dial(String destination, String contactFlowId, String queue, Map<String, String> attributes, String clientToken)
            throws Throttled, TransientFailure, PermanentFailure {
        requests.add(attributes);
        if (!failures.isEmpty()) {
            DialFailure failure = failures.pop();
            if (failure instanceof Throttled throttled) {
                throw throttled;
            }
            if (failure instanceof TransientFailure transientFailure) {
                throw transientFailure;
            }
            throw (PermanentFailure) failure;
        }
        return callsByToken.computeIfAbsent(clientToken, token -> "contact-" + (callsByToken.size() + 1));
    }
}
