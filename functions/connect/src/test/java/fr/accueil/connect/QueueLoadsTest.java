package fr.accueil.connect;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.domain.routing.QueueStaffing;
import fr.accueil.domain.routing.SimulatedQueueLoad;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class QueueLoadsTest {
    @Test
    void aSimulatedLoadIsCallersWaitingAndOptionallyTheOldestWait() {
        SimulatedQueueLoad load = QueueLoads.simulated(Map.of("retraite", "8", "emploi", "0/600"), Map.of("retraite", "0"));
        assertEquals(Optional.of(new QueueMetrics(8, Duration.ZERO)), load.current("retraite"));
        assertEquals(Optional.of(new QueueMetrics(0, Duration.ofSeconds(600))), load.current("emploi"));
        assertEquals(Optional.of(QueueMetrics.EMPTY), load.current("social"));
        assertThrows(IllegalArgumentException.class, () -> QueueLoads.simulated(Map.of("retraite", "beaucoup"), Map.of()));
    }

    @Test
    void simulatedAgentsAreSetPerQueueAndTwoElsewhereLessTheCallersWaiting() {
        SimulatedQueueLoad load = QueueLoads.simulated(Map.of("emploi", "1"), Map.of("retraite", "0", "general", "1"));
        Map<String, QueueStaffing> staffing = load.staffing(Set.of("retraite", "general", "emploi"));
        assertEquals(new QueueStaffing("retraite", 0, 0), staffing.get("retraite"));
        assertEquals(new QueueStaffing("general", 1, 0), staffing.get("general"));
        assertEquals(1, staffing.get("emploi").freeAgents(), "2 agents by default, one caller waiting");
        assertThrows(IllegalArgumentException.class, () -> QueueLoads.simulated(Map.of(), Map.of("retraite", "deux")));
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
