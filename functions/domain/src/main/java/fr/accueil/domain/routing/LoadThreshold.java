package fr.accueil.domain.routing;

import java.time.Duration;
import java.util.Objects;

/** Beyond either limit a queue is too long to wait in, and a callback is offered instead. */
public record LoadThreshold(int contactsInQueue, Duration oldestContactAge) {
    public LoadThreshold {
        Objects.requireNonNull(oldestContactAge, "oldestContactAge");
    }

    public boolean isExceededBy(QueueMetrics load) {
        return load.contactsInQueue() > contactsInQueue || load.oldestContactAge().compareTo(oldestContactAge) > 0;
    }
}
