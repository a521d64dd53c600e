package fr.accueil.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QueueLoadsTest {
    @Test
    void aSimulatedLoadIsCallersWaitingAndOptionallyTheOldestWait() {
        SimulatedQueueLoad load = QueueLoads.simulated(Map.of("retraite", "8", "emploi", "0/600"));
        assertEquals(Optional.of(new QueueMetrics(8, Duration.ZERO)), load.current("retraite"));
        assertEquals(Optional.of(new QueueMetrics(0, Duration.ofSeconds(600))), load.current("emploi"));
        assertEquals(Optional.of(QueueMetrics.EMPTY), load.current("social"));
        assertThrows(IllegalArgumentException.class, () -> QueueLoads.simulated(Map.of("retraite", "beaucoup")));
    }

    @Test
    void queueKeysWithoutArnFallBackToTheGeneralQueue() {
        ConnectQueues queues = new ConnectQueues(Map.of("retraite", "arn:r", "vide", " "), "arn:g");
        assertEquals(Optional.of("arn:r"), queues.arn("retraite"));
        assertEquals(Optional.of("arn:g"), queues.arn("vide"));
        assertEquals(Optional.of("arn:g"), queues.arn(null));
        assertEquals(Optional.empty(), new ConnectQueues(Map.of(), "").arn("retraite"));
    }
}
