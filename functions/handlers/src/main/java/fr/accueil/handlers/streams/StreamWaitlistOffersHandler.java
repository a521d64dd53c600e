package fr.accueil.handlers.streams;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.Waitlist;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.storage.dynamodb.ChangeImages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * BookingTable's stream (slot items only, by the mapping's filter) to the waitlist: a slot whose booked count went down
 * (a cancellation, a move, an excused citizen, a held place let go) or that was created with room (new slots) has its
 * free places offered to the waitlist ({@link Waitlist#offer}). The offer reads the slot as it is now, so a record
 * delivered again finds the places already held and offers nothing more.
 *
 * <p>A batch that fails is retried by Lambda, halved ({@code BisectBatchOnFunctionError}), up to its retry limit (AWS Lambda
 * Developer Guide, "Using AWS Lambda with Amazon DynamoDB"); nothing is reported per record.
 */
public final class StreamWaitlistOffersHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final Waitlist waitlist;

    public StreamWaitlistOffersHandler() {
        this(AppContext.get().booking().waitlist());
    }

    public StreamWaitlistOffersHandler(Waitlist waitlist) {
        this.waitlist = waitlist;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<Slot> freed = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            var change = record.getDynamodb();
            ChangeImages.freedSlot(StreamPartnerEventsHandler.image(change.getOldImage()),
                    StreamPartnerEventsHandler.image(change.getNewImage())).ifPresent(freed::add);
        }
        // One offer run for the batch; it fails as a whole, and Lambda retries the batch (bisected), each offer
        // reading its slot as it is then.
        int offered = waitlist.offer(freed);
        Log.info("waitlist.offers", Map.of("records", event.getRecords().size(), "freed", freed.size(), "offered", offered));
        return new StreamsEventResponse(List.of());
    }
}
