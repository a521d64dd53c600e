package fr.accueil.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RetryTest {
    private final List<Duration> waits = new ArrayList<>();
    private final Retry retry = new Retry(4, Duration.ofMillis(100), Duration.ofMillis(300), waits::add, new SplittableRandom(7));

    @Test
    void triesAgainWhatIsRetryableWaitingALongerJitteredDelayEachTime() {
        List<Integer> attempts = new ArrayList<>();
        String answer = retry.call(e -> e instanceof IllegalStateException, attempt -> {
            attempts.add(attempt);
            if (attempt < 3) {
                throw new IllegalStateException("busy");
            }
            return "done";
        });

        assertEquals("done", answer);
        assertEquals(List.of(0, 1, 2, 3), attempts);
        assertEquals(3, waits.size());
        within(waits.get(0), 50, 100);
        within(waits.get(1), 100, 200);
        within(waits.get(2), 150, 300);  // capped
    }

    @Test
    void whatIsNotRetryableGoesToTheCallerAtOnce() {
        IllegalArgumentException refused = new IllegalArgumentException("bad input");
        assertSame(refused, assertThrows(IllegalArgumentException.class,
                () -> retry.call(e -> e instanceof IllegalStateException, attempt -> {
                    throw refused;
                })));
        assertEquals(List.of(), waits);
    }

    @Test
    void theLastAttemptsExceptionGoesToTheCallerAndCheckedOnesKeepTheirType() {
        List<Integer> attempts = new ArrayList<>();
        IOException last = assertThrows(IOException.class, () -> retry.call(e -> e instanceof IOException, attempt -> {
            attempts.add(attempt);
            throw new IOException("try " + attempt);
        }));
        assertEquals("try 3", last.getMessage());
        assertEquals(List.of(0, 1, 2, 3), attempts);
        assertEquals(3, waits.size(), "no wait after the last attempt");
    }

    @Test
    void theJitterSpreadsTheWaitsOfWritersThatCollided() {
        Retry other = new Retry(4, Duration.ofMillis(100), Duration.ofMillis(300), waits::add, new SplittableRandom(8));
        List<Duration> mine = List.of(retry.delay(2), retry.delay(2), retry.delay(2));
        List<Duration> theirs = List.of(other.delay(2), other.delay(2), other.delay(2));
        assertTrue(!mine.equals(theirs), mine + " " + theirs);
        mine.forEach(d -> within(d, 150, 300));
    }

    @Test
    void aRetryNeedsAnAttemptAndACapNoShorterThanTheFirstDelay() {
        assertThrows(IllegalArgumentException.class, () -> Retry.of(0, Duration.ofMillis(5), Duration.ofMillis(50)));
        assertThrows(IllegalArgumentException.class, () -> Retry.of(3, Duration.ofMillis(50), Duration.ofMillis(5)));
    }

    private static void within(Duration wait, long fromMillis, long toMillis) {
        assertTrue(wait.compareTo(Duration.ofMillis(fromMillis)) >= 0 && wait.compareTo(Duration.ofMillis(toMillis)) <= 0,
                wait + " not within " + fromMillis + "–" + toMillis + " ms");
    }
}
