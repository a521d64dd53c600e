package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.booking.Outgoing;
import fr.accueil.storage.messaging.KmsMessageSeal;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Messages to citizens queued in MessagesTable, sent by MessageSenderFunction from the table's stream: the
 * request that causes a message only writes it, so a failing SMS or email service never fails a booking.
 *
 * <p>The text is stored encrypted ({@link KmsMessageSeal}): it holds the management link.
 *
 * <p>pk = &lt;message id&gt;; status QUEUED → SENDING (claimed with a lease) → SENT, or back to QUEUED after a failed
 * attempt, FAILED after {@link #MAX_ATTEMPTS}. A sent or failed message loses its recipient and text; its id stays
 * a week, so a scheduled run repeated (its messages keyed by {@link BookingMessages.Message#once}) queues nothing
 * twice. appointmentId (index ByAppointment) lets an erasure find a person's queued messages.
 */
public final class DynamoMessageQueue implements MessageQueue {
    /** The index an erasure finds an appointment's messages by (keys only). */
    public static final String BY_APPOINTMENT = "ByAppointment";
    /** Three attempts: the event source mapping's first try and its two retries (MaximumRetryAttempts 2). */
    public static final int MAX_ATTEMPTS = 3;
    /** Longer than an attempt (the SDK's messaging call timeout is 4 s): a lapsed lease means its sender died. */
    public static final Duration LEASE = Duration.ofSeconds(15);
    /** A message not sent within a week is stale; an id kept a week outlives any repeated run. */
    static final Duration KEPT = Duration.ofDays(7);

    /** What a claim found. */
    public sealed interface Claim permits Claimed, Held, Settled {
    }

    /** Another sender holds the message until then: it may be sending it, or have died doing so. */
    public record Held(Instant until) implements Claim {
    }

    /** Sent, failed, expired or never queued: nothing to do. */
    public record Settled() implements Claim {
    }

    /** A message claimed for sending, with the attempt it is. */
    public record Claimed(String id, Notifier.Channel channel, String to, BookingMessages.Message message, int attempt)
            implements Claim {
        @Override
        public String toString() {
            return "Claimed[id=" + id + ", channel=" + channel + ", attempt=" + attempt + "]";
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration lease;
    private final KmsMessageSeal seal;

    public DynamoMessageQueue(DynamoDbClient dynamo, String table, Clock clock, KmsMessageSeal seal) {
        this(dynamo, table, clock, LEASE, seal);
    }

    /** @param lease how long a claim holds a message ({@link #LEASE}; tests shorten it) */
    public DynamoMessageQueue(DynamoDbClient dynamo, String table, Clock clock, Duration lease, KmsMessageSeal seal) {
        this.seal = seal;
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.lease = lease;
    }

    /** Queues the message; one keyed by {@link BookingMessages.Message#once} and already queued is left as it is. */
    @Override
    public void send(Notifier.Channel channel, String to, BookingMessages.Message message) {
        try {
            dynamo.putItem(r -> r.tableName(table).item(item(channel, to, message)).conditionExpression("attribute_not_exists(pk)"));
        } catch (ConditionalCheckFailedException alreadyQueued) {
            // The same reminder or survey invitation from an earlier run: it is sent once.
        }
    }

    @Override
    public List<TransactWriteItem> writes(List<Outgoing> messages) {
        return messages.stream().map(m -> TransactWriteItem.builder().put(p -> p.tableName(table)
                .item(item(m.channel(), m.to(), m.message())).conditionExpression("attribute_not_exists(pk)")).build()).toList();
    }

    private Map<String, AttributeValue> item(Notifier.Channel channel, String to, BookingMessages.Message message) {
        Instant now = clock.instant();
        String id = idOf(channel, message);
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, s(id));
        item.put("status", s("QUEUED"));
        item.put("channel", s(channel.name()));
        item.put("recipient", s(to));
        item.put("subject", s(message.subject()));
        item.put("sealedText", s(seal.seal(id, message.text())));
        item.put("appointmentId", s(message.appointmentId()));
        item.put("queuedAt", s(now.toString()));
        item.put(Items.EXPIRES_AT, n(now.plus(KEPT).getEpochSecond()));
        return item;
    }

    /**
     * Takes the message for one attempt: queued, or claimed by a sender whose lease lapsed (it died mid-send).
     * Lease times are in milliseconds: a lease is seconds long.
     */
    public Claim claim(String id) {
        Instant now = clock.instant();
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(r -> r.tableName(table).key(key(id))
                    .updateExpression("SET #status = :sending, leaseUntil = :lease ADD attempts :one")
                    .conditionExpression("#status = :queued OR (#status = :sending AND leaseUntil < :now)")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":sending", s("SENDING"), ":queued", s("QUEUED"),
                            ":lease", n(now.plus(lease).toEpochMilli()), ":now", n(now.toEpochMilli()), ":one", n(1)))
                    .returnValues(ReturnValue.ALL_NEW)
                    .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).attributes();
            return new Claimed(id, Notifier.Channel.valueOf(string(item, "channel")), string(item, "recipient"),
                    new BookingMessages.Message(string(item, "subject"), seal.open(id, string(item, "sealedText")),
                            string(item, "appointmentId"), null),
                    Integer.parseInt(item.get("attempts").n()));
        } catch (ConditionalCheckFailedException taken) {
            Map<String, AttributeValue> item = taken.hasItem() ? taken.item() : Map.of();
            return "SENDING".equals(string(item, "status"))
                    ? new Held(Instant.ofEpochMilli(Long.parseLong(item.get("leaseUntil").n())))
                    : new Settled();
        }
    }

    /** Sent: the recipient and the text go, the id stays as proof. */
    public void sent(Claimed claimed) {
        settle(claimed, "SENT");
    }

    /** An attempt failed: back in the queue for the next, or FAILED (its content gone) after the last. */
    public void attemptFailed(Claimed claimed) {
        if (claimed.attempt() >= MAX_ATTEMPTS) {
            settle(claimed, "FAILED");
        } else {
            dynamo.updateItem(r -> r.tableName(table).key(key(claimed.id()))
                    .updateExpression("SET #status = :queued REMOVE leaseUntil")
                    .conditionExpression("#status = :sending")
                    .expressionAttributeNames(Map.of("#status", "status"))
                    .expressionAttributeValues(Map.of(":queued", s("QUEUED"), ":sending", s("SENDING"))));
        }
    }

    private void settle(Claimed claimed, String status) {
        dynamo.updateItem(r -> r.tableName(table).key(key(claimed.id()))
                .updateExpression("SET #status = :status, settledAt = :now REMOVE recipient, subject, sealedText, leaseUntil")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":status", s(status), ":now", s(clock.instant().toString()))));
    }

    private static Map<String, AttributeValue> key(String id) {
        return Map.of(Items.PK, s(id));
    }

    /** A message sent once by its cause gets a new id; a scheduled run's, the same id every run. */
    static String idOf(Notifier.Channel channel, BookingMessages.Message message) {
        return message.once() == null ? UUID.randomUUID().toString() : sha256(message.once() + "#" + channel.name());
    }

    /** A number or an address as a key that does not hold it (the SMS counters). */
    public static String recipientHash(String recipient) {
        return sha256(recipient.strip().toLowerCase(java.util.Locale.ROOT));
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
