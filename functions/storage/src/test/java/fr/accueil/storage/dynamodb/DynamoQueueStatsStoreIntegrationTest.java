package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import fr.accueil.domain.queue.ContactEvent;
import fr.accueil.domain.queue.QueueCount;
import fr.accueil.domain.queue.QueueHour;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The queues' hourly counters against DynamoDB Local: each contact once, however many deliveries, even at once. */
class DynamoQueueStatsStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Instant NOW = Instant.parse("2031-03-04T09:15:00Z");

    private final String territory = "t-" + UUID.randomUUID();
    private final DynamoQueueStatsStore store = new DynamoQueueStatsStore(STACK.client(), STACK.table("StatsTable"),
            Clock.fixed(NOW, ZoneOffset.UTC));

    private static QueueCount waited(String contactId, Instant enqueued, long seconds, boolean answered) {
        Instant end = enqueued.plusSeconds(seconds);
        return QueueCount.of("retraite", new ContactEvent(contactId, "DISCONNECTED", "VOICE", "INBOUND", "arn:queue/retraite",
                enqueued, enqueued, enqueued, answered ? end : null, answered ? end.plusSeconds(300) : end, "CUSTOMER_DISCONNECT"),
                Duration.ofSeconds(60));
    }

    @Test
    void tenDeliveriesOfOneEventAtOnceCountItOnce() throws Exception {
        String contactId = "c-" + UUID.randomUUID();
        QueueCount count = waited(contactId, Instant.parse("2031-03-04T08:10:00Z"), 30, true);
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> deliveries = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            deliveries.add(() -> {
                start.await();
                return store.count(territory, contactId, "DISCONNECTED", count);
            });
        }
        List<Boolean> counted = DynamoCallbackStoreIntegrationTest.runAtOnce(deliveries, start);
        assertEquals(1, counted.stream().filter(c -> c).count(), "one delivery counts, the others see the marker");

        QueueHour hour = store.hours(territory, Instant.parse("2031-03-04T00:00:00Z"), Instant.parse("2031-03-05T00:00:00Z")).get(0);
        assertEquals(1, hour.count("queued"));
        assertEquals(30, hour.count("answeredWaitSeconds"));
        assertEquals(60, hour.serviceLevelSeconds());
    }

    @Test
    void theLongestWaitIsKeptAndARangeEndsBeforeItsUpperHour() {
        Instant eight = Instant.parse("2031-03-04T08:00:00Z");
        store.count(territory, "c-" + UUID.randomUUID(), "DISCONNECTED", waited("a", eight.plusSeconds(60), 200, false));
        store.count(territory, "c-" + UUID.randomUUID(), "DISCONNECTED", waited("b", eight.plusSeconds(120), 45, true));
        store.count(territory, "c-" + UUID.randomUUID(), "DISCONNECTED", waited("c", eight.plusSeconds(3600), 10, true));

        List<QueueHour> hours = store.hours(territory, eight, eight.plus(Duration.ofHours(1)));
        assertEquals(1, hours.size(), "09:00 is the range's end, not in it");
        QueueHour hour = hours.get(0);
        assertEquals(eight, hour.hour());
        assertEquals(200, hour.maxWaitSeconds(), "the longest wait, whatever the order");
        assertEquals(2, hour.count("queued"));
        assertEquals(0.5, hour.abandonmentRate());
        assertEquals(0.5, hour.serviceLevel());
        assertEquals(2, store.hours(territory, eight, eight.plus(Duration.ofHours(2))).size());
    }
}
