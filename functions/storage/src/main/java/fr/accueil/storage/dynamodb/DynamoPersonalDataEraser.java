package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.privacy.PersonalDataEraser;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Erasure across the tables that hold personal data: ContactsTable (profile, history), CallbacksTable
 * (callback items), BookingTable (appointment items) and MessagesTable (messages about an appointment not sent yet). Deletes by key only; deleting what is already
 * gone is not an error, so an interrupted erasure can be run again.
 */
public final class DynamoPersonalDataEraser implements PersonalDataEraser {
    private final DynamoDbClient dynamo;
    private final String contactsTable;
    private final String callbacksTable;
    private final String bookingTable;
    private final String messagesTable;

    public DynamoPersonalDataEraser(DynamoDbClient dynamo, String contactsTable, String callbacksTable, String bookingTable,
            String messagesTable) {
        this.messagesTable = messagesTable;
        this.dynamo = dynamo;
        this.contactsTable = contactsTable;
        this.callbacksTable = callbacksTable;
        this.bookingTable = bookingTable;
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
    public void eraseAppointment(String appointmentId) {
        eraseMessagesAbout(appointmentId);
        dynamo.deleteItem(r -> r.tableName(bookingTable).key(BookingItems.appointmentKey(appointmentId)));
    }

    /** The appointment's messages, by the ByAppointment index: a queued one holds the recipient and the text. */
    private void eraseMessagesAbout(String appointmentId) {
        for (Map<String, AttributeValue> item : dynamo.queryPaginator(r -> r.tableName(messagesTable)
                .indexName(DynamoMessageQueue.BY_APPOINTMENT)
                .keyConditionExpression("appointmentId = :id")
                .expressionAttributeValues(Map.of(":id", s(appointmentId)))).items()) {
            dynamo.deleteItem(r -> r.tableName(messagesTable).key(Map.of(Items.PK, item.get(Items.PK))));
        }
    }
}
