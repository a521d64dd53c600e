package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Against DynamoDB Local; each test has a lease of its own name in the shared CallbacksTable. */
class DynamoDispatchRunLeaseIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Instant NOW = Instant.parse("2026-12-08T09:00:00Z");
    private static final Duration RUN = Duration.ofSeconds(65);

    private final String name = "test-" + UUID.randomUUID();

    private DynamoDispatchRunLease lease(Instant now) {
        return new DynamoDispatchRunLease(STACK.client(), STACK.table("CallbacksTable"), name, Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void ofRunsStartingTogetherOneTakesTheLease() throws Exception {
        int runs = 8;
        ExecutorService pool = Executors.newFixedThreadPool(runs);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Boolean>> taken = new ArrayList<>();
        try {
            for (int i = 0; i < runs; i++) {
                String runId = "run-" + i;
                taken.add(pool.submit(() -> {
                    start.await();
                    return lease(NOW).acquire(runId, NOW.plus(RUN));
                }));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> result : taken) {
                won += result.get() ? 1 : 0;
            }
            assertEquals(1, won);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aReleasedLeaseIsFreeAndOnlyItsHolderReleasesIt() {
        assertTrue(lease(NOW).acquire("first", NOW.plus(RUN)));
        lease(NOW).release("another");
        assertFalse(lease(NOW.plusSeconds(1)).acquire("second", NOW.plus(RUN)), "released by a run that did not hold it");
        lease(NOW.plusSeconds(2)).release("first");
        assertTrue(lease(NOW.plusSeconds(2)).acquire("second", NOW.plusSeconds(2).plus(RUN)));
    }

    @Test
    void aLapsedLeaseIsTakenOverAndItsFormerHolderCannotReleaseIt() {
        assertTrue(lease(NOW).acquire("died", NOW.plus(RUN)));
        assertFalse(lease(NOW.plus(RUN).minusSeconds(1)).acquire("early", NOW.plus(RUN).plus(RUN)));
        Instant lapsed = NOW.plus(RUN);
        assertTrue(lease(lapsed).acquire("next", lapsed.plus(RUN)));
        lease(lapsed.plusSeconds(1)).release("died");
        assertFalse(lease(lapsed.plusSeconds(2)).acquire("third", lapsed.plus(RUN)), "the lapsed holder gave back nothing");
    }

    @Test
    void itsHolderTakesItAgainAsTheSdkRetryOfALostAnswerWould() {
        assertTrue(lease(NOW).acquire("run", NOW.plus(RUN)));
        assertTrue(lease(NOW).acquire("run", NOW.plus(RUN)));
    }
}
