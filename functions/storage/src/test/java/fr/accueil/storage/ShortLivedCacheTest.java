package fr.accueil.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ShortLivedCacheTest {
    private final AtomicLong nanos = new AtomicLong();
    private final AtomicInteger loads = new AtomicInteger();
    private final ShortLivedCache<String, Integer> cache = new ShortLivedCache<>(Duration.ofSeconds(60), nanos::get);

    @Test
    void keepsAValueForItsLifetimeThenLoadsAgain() {
        assertEquals(1, cache.get("menu", key -> loads.incrementAndGet()));
        nanos.addAndGet(Duration.ofSeconds(59).toNanos());
        assertEquals(1, cache.get("menu", key -> loads.incrementAndGet()));
        assertEquals(2, cache.get("rules", key -> loads.incrementAndGet()));
        nanos.addAndGet(Duration.ofSeconds(1).toNanos());
        assertEquals(3, cache.get("menu", key -> loads.incrementAndGet()));
    }

    @Test
    void aFailedLoadIsNotKept() {
        assertThrows(IllegalStateException.class, () -> cache.get("menu", key -> {
            throw new IllegalStateException("DynamoDB unavailable");
        }));
        assertEquals(1, cache.get("menu", key -> loads.incrementAndGet()));
    }
}
