package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.privacy.PersonalDataEraser;
import fr.accueil.domain.satisfaction.SurveyChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erasure across the tables that hold personal data: ContactsTable (profile, history), CallbacksTable
 * (callback items), BookingTable (appointment items, waitlist entries, outbox messages of the development mode),
 * MessagesTable (messages about an appointment or a waitlist entry not sent yet) and SatisfactionTable (answers and invitations naming an interaction).
 * Deletes by key only; deleting what is already gone is not an error, so an interrupted erasure can be run again.
 * BookingTable's idempotency records stay until their TTL: they hold a client's key and an appointment id only, and
 * answer a repeated request that its booking was erased.
 */
public final class DynamoPersonalDataEraser implements PersonalDataEraser {
    private final DynamoDbClient dynamo;
    private final String contactsTable;
    private final String callbacksTable;
    private final String bookingTable;
    private final String satisfactionTable;
    private final String messagesTable;
    private final boolean outboxInUse;
    private final Clock clock;

    /** @param outboxInUse messages are kept in BookingTable's outbox (NotifierMode outbox), to be looked for by recipient */
    public DynamoPersonalDataEraser(DynamoDbClient dynamo, String contactsTable, String callbacksTable, String bookingTable,
            String satisfactionTable, String messagesTable, boolean outboxInUse, Clock clock) {
        this.messagesTable = messagesTable;
        this.outboxInUse = outboxInUse;
        this.dynamo = dynamo;
        this.contactsTable = contactsTable;
        this.callbacksTable = callbacksTable;
        this.bookingTable = bookingTable;
        this.satisfactionTable = satisfactionTable;
        this.clock = clock;
    }

    @Override
    public int eraseContact(String contact) {
        int deleted = 0;
        // Keys only, every item of the partition (profile and history, expired or not).
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(contactsTable)
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", s("CONTACT#" + contact)))
                .projectionExpression("pk, sk")).items()) {
            dynamo.deleteItem(r -> r.tableName(contactsTable).key(Map.of(Items.PK, item.get(Items.PK), Items.SK, item.get(Items.SK))));
            deleted++;
        }
        return deleted;
    }

    @Override
    public void eraseCallback(String callbackId) {
        dynamo.deleteItem(r -> r.tableName(callbacksTable).key(CallbackItems.keyOf(callbackId)));
    }

    @Override
    public int eraseAppointment(String appointmentId) {
        int messages = eraseMessagesAbout(appointmentId);
        dynamo.deleteItem(r -> r.tableName(bookingTable).key(BookingItems.appointmentKey(appointmentId)));
        return messages;
    }

    @Override
    public int eraseWaitlistEntry(String entryId) {
        int messages = eraseMessagesAbout(entryId);
        DynamoWaitlistStore.erase(dynamo, bookingTable, clock, entryId);
        return messages;
    }

    @Override
    public int eraseSurvey(SurveyChannel channel, String reference) {
        int deleted = delete(satisfactionTable, DynamoSatisfactionStore.answerKey(channel, reference));
        if (channel == SurveyChannel.APPOINTMENT) {
            deleted += delete(satisfactionTable, DynamoSatisfactionStore.invitationKey(reference));
        }
        return deleted;
    }

    /**
     * The outbox is listed by UTC day: each day since the first interaction is read, its recipients' messages deleted.
     * Without the outbox (NotifierMode aws) nothing is kept by recipient, and no day is read.
     */
    @Override
    public int eraseMessages(Set<String> recipients, Instant since) {
        if (!outboxInUse) {
            return 0;
        }
        int deleted = 0;
        LocalDate today = clock.instant().atOffset(ZoneOffset.UTC).toLocalDate();
        for (LocalDate day = since.atOffset(ZoneOffset.UTC).toLocalDate(); !day.isAfter(today); day = day.plusDays(1)) {
            String pk = DynamoOutbox.outboxKey(day);
            for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(bookingTable)
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(Map.of(":pk", s(pk)))
                    .projectionExpression("pk, sk, #to")
                    .expressionAttributeNames(Map.of("#to", "to"))).items()) {
                if (recipients.contains(Items.string(item, "to"))) {
                    dynamo.deleteItem(r -> r.tableName(bookingTable).key(Map.of(Items.PK, item.get(Items.PK), Items.SK, item.get(Items.SK))));
                    deleted++;
                }
            }
        }
        return deleted;
    }

    /**
     * 1 when the item was there, 0 when it was already gone. Read first rather than counted from the delete's
     * old image, which an SDK retry of a delete whose answer was lost would find empty.
     */
    private int delete(String table, Map<String, AttributeValue> key) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table).key(key).consistentRead(true)
                .projectionExpression("pk")).item();
        if (item == null || item.isEmpty()) {
            return 0;
        }
        dynamo.deleteItem(r -> r.tableName(table).key(key));
        return 1;
    }

    /** The appointment's messages, by the ByAppointment index: a queued one holds the recipient and the text. */
    private int eraseMessagesAbout(String appointmentId) {
        int deleted = 0;
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(messagesTable)
                .indexName(DynamoMessageQueue.BY_APPOINTMENT)
                .keyConditionExpression("appointmentId = :id")
                .expressionAttributeValues(Map.of(":id", s(appointmentId)))).items()) {
            dynamo.deleteItem(r -> r.tableName(messagesTable).key(Map.of(Items.PK, item.get(Items.PK))));
            deleted++;
        }
        return deleted;
    }
}
