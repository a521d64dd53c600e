package fr.accueil.handlers.api;

import fr.accueil.domain.callback.Callback;
import java.util.LinkedHashMap;
import java.util.Map;

/** A callback as agents see it: the number in full (they call it), times in ISO-8601. */
final class CallbackJson {
    private CallbackJson() {
    }

    static Map<String, Object> of(Callback c) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", c.id());
        json.put("phone", c.phone());
        json.put("siteId", c.siteId());
        json.put("themeId", c.themeId());
        json.put("status", c.status().name());
        json.put("requestedAt", c.requestedAt().toString());
        json.put("window", Map.of(
                "from", c.window().localFrom().toOffsetDateTime().toString(),
                "to", c.window().localTo().toOffsetDateTime().toString()));
        json.put("attempts", c.attempts());
        putIfPresent(json, "nextAttemptAt", c.nextAttemptAt());
        putIfPresent(json, "lastAttemptAt", c.lastAttemptAt());
        if (c.outcome() != null) {
            json.put("outcome", c.outcome().name());
            json.put("outcomeLabel", c.outcome().label());
        }
        putIfPresent(json, "failureReason", c.failureReason());
        putIfPresent(json, "claimedBy", c.claimedBy());
        putIfPresent(json, "claimExpiresAt", c.claimExpiresAt());
        putIfPresent(json, "note", c.note());
        json.put("version", c.version());
        return json;
    }

    private static void putIfPresent(Map<String, Object> json, String name, Object value) {
        if (value != null) {
            json.put(name, value.toString());
        }
    }
}
