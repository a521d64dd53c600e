package fr.accueil.domain.routing;

/**
 * The queues as they are now, one source per container: their load for the voice functions, their staffing
 * for the dispatcher.
 */
public interface LiveQueues extends QueueLoad, AgentAvailability {
}
