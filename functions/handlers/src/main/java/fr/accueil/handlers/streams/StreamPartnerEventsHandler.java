package fr.accueil.handlers.streams;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.StreamsEventResponse;
import fr.accueil.domain.events.PartnerEvent;
import fr.accueil.handlers.Log;
import fr.accueil.storage.dynamodb.ChangeImages;
import fr.accueil.storage.events.EventBridgePartnerEvents;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * BookingTable's and CallbacksTable's streams (NEW_AND_OLD_IMAGES) to the partner events bus: each record's
 * change of an appointment or a callback becomes its documented event (docs/events.md), whose {@code eventId}
 * is the stream record's, the same on every retry. The images hold personal data; the events never do.
 *
 * <p>Batch semantics: with {@code ReportBatchItemFailures}, Lambda retries the batch from the lowest sequence
 * number reported (AWS Lambda Developer Guide, "Configuring partial batch response with DynamoDB and Lambda"),
 * so the first record whose event did not reach the bus is reported, and everything after it is sent again.
 */
public final class StreamPartnerEventsHandler implements RequestHandler<DynamodbEvent, StreamsEventResponse> {
    private final EventBridgePartnerEvents bus;

    public StreamPartnerEventsHandler() {
        this(EventBridgePartnerEvents.fromEnvironment());
    }

    public StreamPartnerEventsHandler(EventBridgePartnerEvents bus) {
        this.bus = bus;
    }

    @Override
    public StreamsEventResponse handleRequest(DynamodbEvent event, Context context) {
        List<PartnerEvent> events = new ArrayList<>();
        List<String> sequenceNumbers = new ArrayList<>();
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            var change = record.getDynamodb();
            Instant at = change.getApproximateCreationDateTime() == null ? Instant.now()
                    : change.getApproximateCreationDateTime().toInstant();
            Optional<PartnerEvent> told = ChangeImages.partnerEvent(record.getEventID(), at, image(change.getOldImage()),
                    image(change.getNewImage()));
            told.ifPresent(e -> {
                events.add(e);
                sequenceNumbers.add(change.getSequenceNumber());
            });
        }
        int sent = bus.publish(events);
        Log.info("partner.events.published", Map.of("records", event.getRecords().size(), "events", events.size(), "sent", sent));
        List<StreamsEventResponse.BatchItemFailure> failures = new ArrayList<>();
        if (sent < events.size()) {
            failures.add(new StreamsEventResponse.BatchItemFailure(sequenceNumbers.get(sent)));
        }
        return new StreamsEventResponse(failures);
    }

    /** A stream image (the Lambda event's attribute values) as the SDK's, which the tables' item readers take. */
    static Map<String, AttributeValue> image(Map<String, com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue> image) {
        Map<String, AttributeValue> item = new HashMap<>();
        if (image != null) {
            image.forEach((name, value) -> item.put(name, value(value)));
        }
        return item;
    }

    private static AttributeValue value(com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue v) {
        if (v.getS() != null) {
            return AttributeValue.fromS(v.getS());
        }
        if (v.getN() != null) {
            return AttributeValue.fromN(v.getN());
        }
        if (v.getBOOL() != null) {
            return AttributeValue.fromBool(v.getBOOL());
        }
        if (v.getM() != null) {
            return AttributeValue.fromM(image(v.getM()));
        }
        if (v.getL() != null) {
            return AttributeValue.fromL(v.getL().stream().map(StreamPartnerEventsHandler::value).toList());
        }
        if (v.getSS() != null) {
            return AttributeValue.fromSs(v.getSS());
        }
        if (v.getNS() != null) {
            return AttributeValue.fromNs(v.getNS());
        }
        if (v.getB() != null) {
            return AttributeValue.fromB(SdkBytes.fromByteBuffer(v.getB()));
        }
        if (v.getBS() != null) {
            return AttributeValue.fromBs(v.getBS().stream().map(SdkBytes::fromByteBuffer).toList());
        }
        return AttributeValue.fromNul(true);
    }
}
