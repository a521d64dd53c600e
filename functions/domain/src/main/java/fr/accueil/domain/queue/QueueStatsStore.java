package fr.accueil.domain.queue;

import java.time.Instant;
import java.util.List;

/** Port: the queues' hourly counters, added once per contact whatever the number of deliveries of its event. */
public interface QueueStatsStore {
    /**
     * Adds the contact's counts to its queue's hour, and remembers the contact's event so that a replay adds
     * nothing: answers false when the event was counted already.
     */
    boolean count(String territoryId, String contactId, String eventType, QueueCount count);

    /** Every queue's hours starting in [from, to), by hour then queue. */
    List<QueueHour> hours(String territoryId, Instant from, Instant to);
}
