package fr.accueil.storage.dynamodb;

import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.events.PartnerEvent;
import fr.accueil.domain.events.PartnerEvents;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A BookingTable or CallbacksTable stream record's images read as the appointment or callback they hold,
 * then as the partner event their change makes; a slot's, as the places it frees for the waitlist. Other items
 * (counters, guards) tell nothing.
 */
public final class ChangeImages {
    private ChangeImages() {
    }

    /** @param before the old image, empty for an insert; @param after the new image, empty for a removal */
    public static Optional<PartnerEvent> partnerEvent(String eventId, Instant at, Map<String, AttributeValue> before,
            Map<String, AttributeValue> after) {
        Map<String, AttributeValue> any = after.isEmpty() ? before : after;
        String pk = any.containsKey(Items.PK) ? any.get(Items.PK).s() : "";
        if (pk.startsWith("APPOINTMENT#")) {
            return PartnerEvents.appointment(eventId, at, before.isEmpty() ? null : BookingItems.appointment(before),
                    after.isEmpty() ? null : BookingItems.appointment(after));
        }
        if (pk.startsWith("CALLBACK#")) {
            return PartnerEvents.callback(eventId, at, before.isEmpty() ? null : CallbackItems.callback(before),
                    after.isEmpty() ? null : CallbackItems.callback(after));
        }
        return Optional.empty();
    }

    /**
     * The slot whose free places grew with this change (a place freed, a slot created with room or given more
     * capacity), for the waitlist; empty for any other change.
     */
    public static Optional<Slot> freedSlot(Map<String, AttributeValue> before, Map<String, AttributeValue> after) {
        String pk = after.containsKey(Items.PK) ? after.get(Items.PK).s() : "";
        if (!pk.startsWith(BookingItems.SLOT + "#")) {
            return Optional.empty();
        }
        int freeAfter = freePlaces(after);
        return freeAfter > 0 && (before.isEmpty() || freeAfter > freePlaces(before))
                ? Optional.of(BookingItems.slot(after))
                : Optional.empty();
    }

    private static int freePlaces(Map<String, AttributeValue> slot) {
        return Items.integer(slot, "capacity", 0) - Items.integer(slot, "booked", 0);
    }
}
