package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.DueWindow;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A callback as an item of CallbacksTable, by hand. The index keys are written only in the
 * status that needs them, so the indexes stay sparse:
 * <ul>
 *   <li>PENDING: {@code duePk = DUE#<shard>, dueSk = <next attempt>#<id>} (the dispatcher's work);</li>
 *   <li>DIALING or CLAIMED: {@code duePk = LEASE#<shard>, dueSk = <lease expiry>#<id>} (lapsed leases);</li>
 *   <li>always: {@code listPk = LIST#<site>#<status>, listSk = <window start>#<id>} (agents' lists).</li>
 * </ul>
 */
final class CallbackItems {
    static final String SK = "CALLBACK";
    static final String DUE = "DUE#";
    static final String LEASE = "LEASE#";
    /**
     * Shards of the Due index's partition key: spreads the writes of a busy territory over several
     * partitions; a reader queries each shard and merges. Changing it strands items in old shards.
     */
    static final int SHARDS = 4;

    /** Fixed width, so that the string order of sort keys is the time order (Instant.toString drops zeros). */
    private static final DateTimeFormatter SORTABLE =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private CallbackItems() {
    }

    static AttributeValue key(String id) {
        return s("CALLBACK#" + id);
    }

    static Map<String, AttributeValue> keyOf(String id) {
        return Map.of(Items.PK, key(id), Items.SK, s(SK));
    }

    static String sortable(Instant at) {
        return SORTABLE.format(at);
    }

    static int shard(String id) {
        return Math.floorMod(id.hashCode(), SHARDS);
    }

    static String listPk(String siteId, CallbackStatus status) {
        return "LIST#" + siteId + "#" + status.name();
    }

    static Map<String, AttributeValue> item(Callback c, Instant expiresAt) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, key(c.id()));
        item.put(Items.SK, s(SK));
        item.put("id", s(c.id()));
        item.put("phone", s(c.phone()));
        item.put("themeId", s(c.themeId()));
        item.put("siteId", s(c.siteId()));
        item.put("queue", s(c.queue()));
        putIfPresent(item, "contactRef", c.contactRef());
        item.put("requestedAt", s(c.requestedAt().toString()));
        item.put("windowFrom", s(c.window().from().toString()));
        item.put("windowTo", s(c.window().to().toString()));
        item.put("zone", s(c.window().zone().getId()));
        item.put("status", s(c.status().name()));
        item.put("attempts", Items.n(c.attempts()));
        putIfPresent(item, "lastAttemptAt", c.lastAttemptAt());
        putIfPresent(item, "nextAttemptAt", c.nextAttemptAt());
        putIfPresent(item, "outcome", c.outcome() == null ? null : c.outcome().name());
        putIfPresent(item, "failureReason", c.failureReason());
        putIfPresent(item, "claimedBy", c.claimedBy());
        putIfPresent(item, "claimExpiresAt", c.claimExpiresAt());
        putIfPresent(item, "dialingExpiresAt", c.dialingExpiresAt());
        putIfPresent(item, "contactId", c.contactId());
        putIfPresent(item, "note", c.note());
        item.put("version", Items.n(c.version()));
        item.put(Items.EXPIRES_AT, Items.n(expiresAt.getEpochSecond()));
        if (c.status() == CallbackStatus.PENDING) {
            item.put("duePk", s(DUE + shard(c.id())));
            item.put("dueSk", s(sortable(c.nextAttemptAt()) + "#" + c.id()));
        } else if (c.leaseExpiresAt() != null) {
            item.put("duePk", s(LEASE + shard(c.id())));
            item.put("dueSk", s(sortable(c.leaseExpiresAt()) + "#" + c.id()));
        }
        item.put("listPk", s(listPk(c.siteId(), c.status())));
        item.put("listSk", s(sortable(c.window().from()) + "#" + c.id()));
        return item;
    }

    static Callback callback(Map<String, AttributeValue> item) {
        String outcome = string(item, "outcome");
        return new Callback(
                string(item, "id"),
                string(item, "phone"),
                string(item, "themeId"),
                string(item, "siteId"),
                string(item, "queue"),
                string(item, "contactRef"),
                instant(item, "requestedAt"),
                new DueWindow(instant(item, "windowFrom"), instant(item, "windowTo"), ZoneId.of(string(item, "zone"))),
                CallbackStatus.valueOf(string(item, "status")),
                Items.integer(item, "attempts", 0),
                instant(item, "lastAttemptAt"),
                instant(item, "nextAttemptAt"),
                outcome == null ? null : CallOutcome.valueOf(outcome),
                string(item, "failureReason"),
                string(item, "claimedBy"),
                instant(item, "claimExpiresAt"),
                instant(item, "dialingExpiresAt"),
                string(item, "contactId"),
                string(item, "note"),
                Long.parseLong(item.get("version").n()));
    }

    /** The page token: where the next page of a list starts, bound to that list. Opaque to clients. */
    static String pageToken(String listPk, Map<String, AttributeValue> lastKey) {
        String raw = listPk + "\n" + lastKey.get("listSk").s() + "\n" + lastKey.get(Items.PK).s();
        return java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws IllegalArgumentException a token not made by {@link #pageToken} for that list */
    static Map<String, AttributeValue> startKey(String listPk, String token) {
        String[] parts;
        try {
            parts = new String(java.util.Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", -1);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("page token is not valid");
        }
        if (parts.length != 3 || !parts[0].equals(listPk) || !parts[2].startsWith("CALLBACK#")) {
            throw new IllegalArgumentException("page token is not valid for this list");
        }
        return Map.of("listPk", s(listPk), "listSk", s(parts[1]), Items.PK, s(parts[2]), Items.SK, s(SK));
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String value = string(item, name);
        return value == null ? null : Instant.parse(value);
    }

    private static void putIfPresent(Map<String, AttributeValue> item, String name, Object value) {
        if (value != null) {
            item.put(name, s(value.toString()));
        }
    }
}
