package fr.accueil.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A booking's recorded writes, sent again raw onto other keys: the slot counter's update moves to
 * another slot, every item put gets a fresh key (so its "does not exist yet" condition holds again),
 * counters are added to as they were, and a client request token is dropped (DynamoDB would take the
 * replay for the same transaction and do nothing).
 */
final class Replay {
    private static final int MAX_ATTEMPTS = 20;

    private Replay() {
    }

    static boolean isWrite(DynamoDbRequest request) {
        return request instanceof PutItemRequest || request instanceof UpdateItemRequest || request instanceof DeleteItemRequest
                || request instanceof TransactWriteItemsRequest || request instanceof BatchWriteItemRequest;
    }

    static DynamoDbRequest moved(DynamoDbRequest write, String fromSlot, String toSlot) {
        if (write instanceof TransactWriteItemsRequest transaction) {
            List<TransactWriteItem> items = new ArrayList<>();
            for (TransactWriteItem item : transaction.transactItems()) {
                if (item.put() != null) {
                    items.add(item.toBuilder().put(fresh(item.put())).build());
                } else if (item.update() != null) {
                    Update update = item.update();
                    items.add(item.toBuilder().update(update.toBuilder().key(slotMoved(update.key(), fromSlot, toSlot)).build()).build());
                } else {
                    throw new IllegalStateException("a booking wrote " + item + ", which the replay does not know");
                }
            }
            return transaction.toBuilder().transactItems(items).clientRequestToken(null).build();
        }
        if (write instanceof PutItemRequest put) {
            return put.toBuilder().item(freshKey(put.item())).build();
        }
        if (write instanceof UpdateItemRequest update) {
            return update.toBuilder().key(slotMoved(update.key(), fromSlot, toSlot)).build();
        }
        throw new IllegalStateException("a booking sent " + write.getClass().getSimpleName() + ", which the replay does not know");
    }

    /** Sends the write; a transaction that meets another on the same counters is sent again at once. */
    static void send(DynamoDbClient dynamo, DynamoDbRequest write, AtomicInteger conflicts) {
        if (write instanceof PutItemRequest put) {
            dynamo.putItem(put);
        } else if (write instanceof UpdateItemRequest update) {
            dynamo.updateItem(update);
        } else {
            TransactWriteItemsRequest transaction = (TransactWriteItemsRequest) write;
            for (int attempt = 1; ; attempt++) {
                try {
                    dynamo.transactWriteItems(transaction);
                    return;
                } catch (TransactionCanceledException e) {
                    boolean conflict = e.cancellationReasons().stream().anyMatch(r -> "TransactionConflict".equals(r.code()));
                    if (!conflict || attempt == MAX_ATTEMPTS) {
                        throw e;
                    }
                    conflicts.incrementAndGet();
                }
            }
        }
    }

    /** "TransactWriteItems of 3, PutItem, …" */
    static String describe(List<DynamoDbRequest> writes) {
        return writes.stream().map(write -> write instanceof TransactWriteItemsRequest t
                        ? "TransactWriteItems of " + t.transactItems().size()
                        : write.getClass().getSimpleName().replace("Request", ""))
                .collect(Collectors.joining(", "));
    }

    private static Put fresh(Put put) {
        return put.toBuilder().item(freshKey(put.item())).build();
    }

    private static Map<String, AttributeValue> freshKey(Map<String, AttributeValue> item) {
        Map<String, AttributeValue> copy = new HashMap<>(item);
        copy.put("pk", AttributeValue.fromS(item.get("pk").s() + "-raw"));
        return copy;
    }

    private static Map<String, AttributeValue> slotMoved(Map<String, AttributeValue> key, String fromSlot, String toSlot) {
        Map<String, AttributeValue> copy = new HashMap<>(key);
        if (("SLOT#" + fromSlot).equals(key.get("pk").s())) {
            copy.put("pk", AttributeValue.fromS("SLOT#" + toSlot));
        }
        return copy;
    }
}
