package fr.accueil.storage.dynamodb;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Reading and writing item attributes by hand: no reflection, so nothing to warm up. */
final class Items {
    static final String PK = "pk";
    static final String SK = "sk";
    /** TTL attribute (epoch seconds) of every table. */
    static final String EXPIRES_AT = "expiresAt";

    private Items() {
    }

    static AttributeValue s(String value) {
        return AttributeValue.fromS(value);
    }

    static AttributeValue n(long value) {
        return AttributeValue.fromN(Long.toString(value));
    }

    static AttributeValue strings(List<String> values) {
        return AttributeValue.fromL(values.stream().map(AttributeValue::fromS).toList());
    }

    static String string(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null ? null : value.s();
    }

    static int integer(Map<String, AttributeValue> item, String name, int fallback) {
        AttributeValue value = item.get(name);
        return value == null || value.n() == null ? fallback : Integer.parseInt(value.n());
    }

    static List<String> stringList(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasL() ? List.of() : value.l().stream().map(AttributeValue::s).toList();
    }

    static Optional<Map<String, AttributeValue>> map(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        return value == null || !value.hasM() ? Optional.empty() : Optional.of(value.m());
    }

    /**
     * DynamoDB deletes expired items only eventually (DynamoDB Local never does), so every read
     * treats an item past its TTL as absent.
     */
    static boolean live(Map<String, AttributeValue> item, Instant now) {
        AttributeValue expiresAt = item.get(EXPIRES_AT);
        return expiresAt == null || expiresAt.n() == null || Long.parseLong(expiresAt.n()) > now.getEpochSecond();
    }
}
