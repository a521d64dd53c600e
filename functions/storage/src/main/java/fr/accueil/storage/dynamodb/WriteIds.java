package fr.accueil.storage.dynamodb;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What makes a write safe to retry when DynamoDB applied it but its answer was lost (a timeout, a
 * 500 after the commit): the SDK then sends the same request again, and its condition, checked
 * against the item the first try already changed, fails.
 *
 * <p>A transaction carries a ClientRequestToken derived from its operation's id and try: the SDK's
 * retries send the same request, so the same token, and DynamoDB answers the first result without
 * applying it twice; a new try of the store (after a cancelled transaction) gets a token of its own.
 * A single conditional write stores its operation's id in {@link #ATTRIBUTE}: when its condition
 * fails and the item it finds carries that id, the write is its own, already applied.
 */
final class WriteIds {
    /** The id of the operation that wrote the item last. */
    static final String ATTRIBUTE = "writeId";

    private WriteIds() {
    }

    /** A new operation's id. */
    static String next() {
        return UUID.randomUUID().toString();
    }

    /** The ClientRequestToken of one try of an operation (36 characters, as DynamoDB allows). */
    static String token(String operationId, int attempt) {
        return UUID.nameUUIDFromBytes((operationId + "#" + attempt).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** Whether {@code item} (as found when a condition failed) was written by operation {@code operationId}. */
    static boolean writtenBy(Map<String, AttributeValue> item, String operationId) {
        return item != null && operationId.equals(Items.string(item, ATTRIBUTE));
    }
}
