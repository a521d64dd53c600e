package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.Retry;
import fr.accueil.domain.satisfaction.SatisfactionCounter;
import fr.accueil.domain.satisfaction.SatisfactionStore;
import fr.accueil.domain.satisfaction.SurveyAnswer;
import fr.accueil.domain.satisfaction.SurveyChannel;
import fr.accueil.domain.satisfaction.SurveyInvitation;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * Satisfaction in SatisfactionTable (keys in template.yaml). An answer and its counters are one transaction: the
 * answer's put (on condition it does not exist: one answer per interaction) and an {@code ADD} on each counter
 * it counts in. Statistics read the counters of a scope by one Query over a date range, never the answers.
 *
 * <p>Answers carry no personal data but name their interaction; they and the invitations expire after the retention
 * period (or go with a citizen's erasure), counters stay.
 */
public final class DynamoSatisfactionStore implements SatisfactionStore {
    private static final String ALL = "STATS#ALL";
    private static final Retry CONFLICTS = Contention.retry(8);

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;

    public DynamoSatisfactionStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
    }

    static Map<String, AttributeValue> answerKey(SurveyChannel channel, String reference) {
        return Map.of(Items.PK, s("ANSWER#" + channel.key() + "#" + reference), Items.SK, s("ANSWER"));
    }

    static Map<String, AttributeValue> invitationKey(String appointmentId) {
        return Map.of(Items.PK, s("INVITATION#" + appointmentId), Items.SK, s("INVITATION"));
    }

    private static String scope(String siteId) {
        return siteId == null ? ALL : "STATS#SITE#" + siteId;
    }

    @Override
    public boolean record(SurveyAnswer answer) {
        Map<String, AttributeValue> item = new HashMap<>(answerKey(answer.channel(), answer.reference()));
        item.put("channel", s(answer.channel().key()));
        item.put("day", s(answer.day().toString()));
        item.put("scores", AttributeValue.fromL(answer.scores().stream().map(score -> n(score)).toList()));
        put(item, "siteId", answer.siteId());
        put(item, "partnerId", answer.partnerId());
        put(item, "themeId", answer.themeId());
        item.put(Items.EXPIRES_AT, n(answer.day().atStartOfDay().toInstant(ZoneOffset.UTC).plus(retention).getEpochSecond()));
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().put(p -> p.tableName(table).item(item)
                .conditionExpression("attribute_not_exists(pk)")).build());
        for (SurveyAnswer.Slice slice : answer.slices()) {
            for (int q = 0; q < answer.scores().size(); q++) {
                int score = answer.scores().get(q);
                String sk = answer.day() + "#" + slice.dimension() + "#" + slice.value() + "#Q" + (q + 1);
                writes.add(TransactWriteItem.builder().update(u -> u.tableName(table)
                        .key(Map.of(Items.PK, s(scope(slice.siteId())), Items.SK, s(sk)))
                        .updateExpression("ADD #count :one, #sum :score, #n :one")
                        .expressionAttributeNames(Map.of("#count", "count", "#sum", "sum", "#n", "n" + score))
                        .expressionAttributeValues(Map.of(":one", n(1), ":score", n(score)))).build());
            }
        }
        String operation = WriteIds.next();
        // Busy counters (everyone's "all" of the day) collide: tried again after a short jittered wait.
        return CONFLICTS.call(Contention::conflicted, attempt -> {
            String token = WriteIds.token(operation, attempt);
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(token));
                return true;
            } catch (TransactionCanceledException e) {
                if (e.cancellationReasons() != null && !e.cancellationReasons().isEmpty()
                        && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code())) {
                    return false;
                }
                throw e;
            }
        });
    }

    @Override
    public List<SatisfactionCounter> counters(String siteId, LocalDate from, LocalDate to) {
        return dynamo.queryPaginator(r -> r.tableName(table)
                        .keyConditionExpression("pk = :pk AND sk BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":pk", s(scope(siteId)),
                                ":from", s(from + "#"), ":to", s(to + "#~"))))
                .items().stream()
                .filter(item -> Items.live(item, clock.instant()))
                .map(DynamoSatisfactionStore::counter)
                .toList();
    }

    private static SatisfactionCounter counter(Map<String, AttributeValue> item) {
        String[] parts = Items.string(item, Items.SK).split("#", 4);
        List<Long> distribution = new ArrayList<>(5);
        for (int score = 1; score <= 5; score++) {
            distribution.add((long) Items.integer(item, "n" + score, 0));
        }
        return new SatisfactionCounter(LocalDate.parse(parts[0]), parts[1], parts[2],
                Integer.parseInt(parts[3].substring(1)), Items.integer(item, "count", 0), Items.integer(item, "sum", 0),
                distribution);
    }

    @Override
    public boolean invite(SurveyInvitation invitation) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.putAll(invitationKey(invitation.appointmentId()));
        item.put("tokenHash", s(invitation.tokenHash()));
        item.put("siteId", s(invitation.siteId()));
        item.put("partnerId", s(invitation.partnerId()));
        put(item, "themeId", invitation.themeId());
        item.put("day", s(invitation.day().toString()));
        item.put("expires", s(invitation.expires().toString()));
        item.put(Items.EXPIRES_AT, n(invitation.expires().getEpochSecond()));
        try {
            dynamo.putItem(r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(pk)"));
            return true;
        } catch (ConditionalCheckFailedException e) {
            return false;
        }
    }

    @Override
    public Optional<SurveyInvitation> invitation(String appointmentId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(invitationKey(appointmentId))).item();
        Instant now = clock.instant();
        if (item == null || item.isEmpty() || !Items.live(item, now)) {
            return Optional.empty();
        }
        return Optional.of(new SurveyInvitation(appointmentId, Items.string(item, "tokenHash"),
                Items.string(item, "siteId"), Items.string(item, "partnerId"), Items.string(item, "themeId"),
                LocalDate.parse(Items.string(item, "day")), Instant.parse(Items.string(item, "expires"))));
    }

    @Override
    public boolean answered(SurveyChannel channel, String reference) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(answerKey(channel, reference))
                .consistentRead(true)).item();
        return item != null && !item.isEmpty() && Items.live(item, clock.instant());
    }

    private static void put(Map<String, AttributeValue> item, String name, String value) {
        if (value != null) {
            item.put(name, s(value));
        }
    }
}
