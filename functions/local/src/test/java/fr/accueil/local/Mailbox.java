package fr.accueil.local;

import fr.accueil.handlers.Json;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** What the runner's loopback SNS and SES received ({@code /dev/mailbox.json}): messages leave after the request. */
final class Mailbox {
    /** MessageSenderFunction runs from the stream within a second; a shared machine may take longer. */
    private static final long WAIT_MILLIS = 20_000;

    private Mailbox() {
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> messages() throws Exception {
        return (List<Map<String, Object>>) Json.readObject(Citizen.get(DevMailbox.JSON_PATH).body()).get("messages");
    }

    /** The messages matching, once at least {@code count} have arrived. */
    static List<Map<String, Object>> await(int count, Predicate<Map<String, Object>> matching) throws Exception {
        long until = System.currentTimeMillis() + WAIT_MILLIS;
        List<Map<String, Object>> found;
        do {
            found = messages().stream().filter(matching).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(100);
        } while (System.currentTimeMillis() < until);
        throw new AssertionError("expected " + count + " messages, found " + found.size() + " among " + messages());
    }

    /** Those sent to a number or an address. */
    static Predicate<Map<String, Object>> to(String recipient) {
        return message -> recipient.equals(message.get("to"));
    }
}
