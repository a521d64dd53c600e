package fr.accueil.local;

import java.util.List;
import java.util.Map;

/**
 * The event pattern language EventBridge rules and Lambda's event filters share (EventBridge User Guide,
 * "Event patterns"), as far as template.yaml uses it: a field matches one of the values listed, a nested
 * object matches field by field, and {@code {"prefix": …}} and {@code {"exists": …}} match as on AWS. A field
 * of the pattern absent from the event fails the match, unless the pattern only asks that it does not exist.
 */
final class EventPatterns {
    private EventPatterns() {
    }

    @SuppressWarnings("unchecked")
    static boolean matches(Map<String, Object> pattern, Map<String, Object> event) {
        for (Map.Entry<String, Object> field : pattern.entrySet()) {
            Object value = event == null ? null : event.get(field.getKey());
            if (field.getValue() instanceof Map<?, ?> nested) {
                if (!(value instanceof Map<?, ?> inner) || !matches((Map<String, Object>) nested, (Map<String, Object>) inner)) {
                    return false;
                }
            } else if (field.getValue() instanceof List<?> allowed) {
                if (allowed.stream().noneMatch(rule -> accepts(rule, value))) {
                    return false;
                }
            } else {
                throw new IllegalArgumentException("an event pattern lists the values of " + field.getKey());
            }
        }
        return true;
    }

    /** One value of a pattern's list against the event's value (a list in the event matches if any item does). */
    private static boolean accepts(Object rule, Object value) {
        if (value instanceof List<?> values && !(rule instanceof Map<?, ?> m && m.containsKey("exists"))) {
            return values.stream().anyMatch(v -> accepts(rule, v));
        }
        if (rule instanceof Map<?, ?> operator) {
            if (operator.get("prefix") instanceof String prefix) {
                return value instanceof String text && text.startsWith(prefix);
            }
            if (operator.get("exists") instanceof Boolean exists) {
                return exists == (value != null);
            }
            throw new IllegalArgumentException("event pattern operator not modelled locally: " + operator.keySet());
        }
        if (value == null) {
            return false;
        }
        if (rule instanceof Number n && value instanceof Number v) {
            return n.doubleValue() == v.doubleValue();
        }
        return String.valueOf(rule).equals(String.valueOf(value));
    }
}
