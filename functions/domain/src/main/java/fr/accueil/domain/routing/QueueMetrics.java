package fr.accueil.domain.routing;

import java.time.Duration;
import java.util.Objects;

/** How busy a queue is right now. */
public record QueueMetrics(int contactsInQueue, Duration oldestContactAge) {
    public static final QueueMetrics EMPTY = new QueueMetrics(0, Duration.ZERO);

    public QueueMetrics {
        Objects.requireNonNull(oldestContactAge, "oldestContactAge");
    }
}
