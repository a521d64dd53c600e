package fr.accueil.storage.events;

import com.fasterxml.jackson.jr.ob.JSON;
import fr.accueil.domain.events.PartnerEvent;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.eventbridge.model.PutEventsResultEntry;

/**
 * Partner events onto the stack's custom EventBridge bus ({@code PARTNER_EVENTS_BUS}), in order, ten per
 * PutEvents (the API's limit). PutEvents answers per entry: a failed entry and every later one are reported
 * unsent, so the caller retries from there and the order holds.
 */
public final class EventBridgePartnerEvents {
    /** EventBridge API Reference, PutEvents: at most 10 entries per request. */
    static final int MAX_ENTRIES = 10;

    private final EventBridgeClient events;
    private final String bus;

    public EventBridgePartnerEvents(EventBridgeClient events, String bus) {
        this.events = events;
        this.bus = bus;
    }

    public static EventBridgePartnerEvents fromEnvironment() {
        return new EventBridgePartnerEvents(AwsClients.configure(EventBridgeClient.builder(), "EVENTBRIDGE")
                .overrideConfiguration(AwsClients::messagingBounds).build(), Environment.required("PARTNER_EVENTS_BUS"));
    }

    /** @return how many of the events, from the first, are on the bus (all of them unless one failed) */
    public int publish(List<PartnerEvent> batch) {
        int sent = 0;
        while (sent < batch.size()) {
            List<PartnerEvent> chunk = batch.subList(sent, Math.min(batch.size(), sent + MAX_ENTRIES));
            List<PutEventsRequestEntry> entries = new ArrayList<>();
            for (PartnerEvent event : chunk) {
                entries.add(PutEventsRequestEntry.builder().eventBusName(bus).source(PartnerEvent.SOURCE)
                        .detailType(event.detailType()).time(event.time()).detail(json(event)).build());
            }
            List<PutEventsResultEntry> results = events.putEvents(r -> r.entries(entries)).entries();
            for (PutEventsResultEntry result : results) {
                if (result.errorCode() != null) {
                    return sent;
                }
                sent++;
            }
        }
        return sent;
    }

    static String json(PartnerEvent event) {
        try {
            return JSON.std.asString(event.detail());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
