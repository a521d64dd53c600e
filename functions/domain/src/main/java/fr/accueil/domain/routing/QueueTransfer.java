package fr.accueil.domain.routing;

/** The rule before any transfer to a queue: if it is too long, offer a callback instead. */
public final class QueueTransfer {
    private final QueueLoad load;
    private final LoadThreshold threshold;

    public QueueTransfer(QueueLoad load, LoadThreshold threshold) {
        this.load = load;
        this.threshold = threshold;
    }

    public Decision to(String queue) {
        return load.current(queue).filter(threshold::isExceededBy)
                .<Decision>map(metrics -> new Decision.OfferCallback(queue, metrics))
                .orElseGet(() -> new Decision.Transfer(queue));
    }

    public sealed interface Decision {
        record Transfer(String queue) implements Decision {
        }

        /** The caller may still choose to wait in {@code queue}. */
        record OfferCallback(String queue, QueueMetrics load) implements Decision {
        }
    }
}
