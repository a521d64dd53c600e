package fr.accueil.domain.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The agent, coordinator, referent or data protection officer behind an action: the identity provider's
 * subject (stable, unique) and the name shown to people (the user name or email of the token).
 */
public record Actor(String sub, String name) {
    public Actor {
        Objects.requireNonNull(sub, "sub");
        name = name == null || name.isBlank() ? sub : name;
    }

    /** The details a history entry carries about who acted (no citizen data: an agent's identity). */
    public Map<String, String> details() {
        Map<String, String> details = new LinkedHashMap<>();
        details.put("actorSub", sub);
        details.put("actorName", name);
        return details;
    }
}
