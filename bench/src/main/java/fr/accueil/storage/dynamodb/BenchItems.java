package fr.accueil.storage.dynamodb;

import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.callback.Callback;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items exactly as the adapters write them, for loading large tables in bulk (BatchWriteItem):
 * same package as the item mappers, so the bench writes their shapes rather than copies of them.
 */
public final class BenchItems {
    private BenchItems() {
    }

    public static Map<String, AttributeValue> slot(Slot slot, Duration retention) {
        return BookingItems.slot(slot, retention);
    }

    public static Map<String, AttributeValue> callback(Callback callback, Instant expiresAt) {
        return CallbackItems.item(callback, expiresAt);
    }
}
