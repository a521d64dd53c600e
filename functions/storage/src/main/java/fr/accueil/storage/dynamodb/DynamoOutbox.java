package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;

import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.booking.Outgoing;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Messages "sent" into BookingTable instead of an SMS or email service: the local runner's and the
 * tests' sender, listed by day. pk = OUTBOX#&lt;UTC date&gt;, sk = &lt;instant&gt;#&lt;id&gt;; personal data,
 * so they carry the retention TTL like appointments.
 */
public final class DynamoOutbox implements MessageQueue {
    /** One message as it would have left. */
    public record SentMessage(String id, Instant at, Notifier.Channel channel, String to, String subject, String text) {
        /** The recipient stays out of logs. */
        @Override
        public String toString() {
            return "SentMessage[id=" + id + ", channel=" + channel + "]";
        }
    }

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoOutbox(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    @Override
    public void send(Notifier.Channel channel, String to, BookingMessages.Message message) {
        dynamo.putItem(r -> r.tableName(table).item(item(channel, to, message)));
    }

    @Override
    public List<TransactWriteItem> writes(List<Outgoing> messages) {
        return messages.stream().map(m -> TransactWriteItem.builder()
                .put(p -> p.tableName(table).item(item(m.channel(), m.to(), m.message()))).build()).toList();
    }

    private Map<String, AttributeValue> item(Notifier.Channel channel, String to, BookingMessages.Message message) {
        Instant now = clock.instant();
        String id = UUID.randomUUID().toString();
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, s(outboxKey(now.atOffset(ZoneOffset.UTC).toLocalDate())));
        item.put(Items.SK, s(now + "#" + id));
        item.put("id", s(id));
        item.put("at", s(now.toString()));
        item.put("channel", s(channel.name()));
        item.put("to", s(to));
        item.put("subject", s(message.subject()));
        item.put("text", s(message.text()));
        item.put(Items.EXPIRES_AT, n(now.plus(retention).getEpochSecond()));
        return item;
    }

    /** The messages of a UTC day, oldest first. */
    public List<SentMessage> sentOn(LocalDate date) {
        Instant now = clock.instant();
        return dynamo.queryPaginator(r -> r.tableName(table).keyConditionExpression("pk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(outboxKey(date)))))
                .items().stream()
                .filter(item -> Items.live(item, now))
                .map(item -> new SentMessage(string(item, "id"), Instant.parse(string(item, "at")),
                        Notifier.Channel.valueOf(string(item, "channel")), string(item, "to"),
                        string(item, "subject"), string(item, "text")))
                .toList();
    }

    static String outboxKey(LocalDate date) {
        return "OUTBOX#" + date;
    }
}
