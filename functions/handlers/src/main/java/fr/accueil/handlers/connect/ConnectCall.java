package fr.accueil.handlers.connect;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What a contact flow tells a function about the call, read leniently from the
 * ContactFlowEvent: any part may be missing or of the wrong type.
 *
 * @param customerNumber the caller's number as Connect gives it (null when withheld)
 * @param attributes     the contact attributes (strings only)
 * @param parameters     the parameters the flow passes to this invocation (strings only)
 */
public record ConnectCall(String contactId, String customerNumber, Map<String, String> attributes,
                          Map<String, String> parameters) {

    @SuppressWarnings("unchecked")
    static ConnectCall from(Map<String, Object> event) {
        Map<String, Object> details = object(event, "Details");
        Map<String, Object> contact = object(details, "ContactData");
        return new ConnectCall(
                text(contact.get("ContactId")),
                text(object(contact, "CustomerEndpoint").get("Address")),
                strings(object(contact, "Attributes")),
                strings(object(details, "Parameters")));
    }

    public String parameter(String name) {
        return parameters.get(name);
    }

    public String attribute(String name) {
        return attributes.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Map<String, Object> parent, String name) {
        Object value = parent.get(name);
        return value instanceof Map ? (Map<String, Object>) value : Map.of();
    }

    private static Map<String, String> strings(Map<String, Object> values) {
        Map<String, String> strings = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String text = text(v);
            if (k != null && text != null) {
                strings.put(k, text);
            }
        });
        return strings;
    }

    private static String text(Object value) {
        return value instanceof String || value instanceof Number || value instanceof Boolean ? String.valueOf(value) : null;
    }
}
