package fr.accueil.domain.routing;

import java.util.Objects;

/**
 * Who can take a call in a queue right now, as a dispatch run reads it once for all its queues.
 *
 * @param queueId         the queue the key resolves to: keys without a queue of their own share the general
 *                        queue, and its agents, so a run counts its calls per queue id, not per key
 * @param agentsAvailable agents idle and able to take a contact of the queue (Connect's AGENTS_AVAILABLE)
 * @param contactsInQueue callers already waiting in it (CONTACTS_IN_QUEUE): they go to those agents first
 */
public record QueueStaffing(String queueId, int agentsAvailable, int contactsInQueue) {
    public QueueStaffing {
        Objects.requireNonNull(queueId, "queueId");
    }

    /** Agents no caller already waits for; never negative. */
    public int freeAgents() {
        return Math.max(0, agentsAvailable - contactsInQueue);
    }
}
