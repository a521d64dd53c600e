package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.CALENDAR;
import static fr.accueil.domain.callback.Fixtures.PHONE;
import static fr.accueil.domain.callback.Fixtures.RETRAITE;
import static fr.accueil.domain.callback.Fixtures.metz;
import static fr.accueil.domain.callback.Fixtures.paris;
import static fr.accueil.domain.callback.Fixtures.pending;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class RetryPolicyTest {
    private final RetryPolicy policy = new RetryPolicy(3, Duration.ofMinutes(30), 2, Duration.ofHours(1));

    /** Dialing its {@code attempt}th attempt, started at {@code at}; the earlier ones were early in the month. */
    private static Callback dialing(int attempt, Instant at) {
        Callback callback = pending("cb-1", PHONE, RETRAITE, window("2025-11-03T09:00", "2025-11-03T10:00"));
        for (int i = 1; i < attempt; i++) {
            callback = callback.startDialing(callback.nextAttemptAt(), callback.nextAttemptAt().plusSeconds(60))
                    .retryAt(CallOutcome.NO_ANSWER, callback.nextAttemptAt().plusSeconds(60), callback.nextAttemptAt(), null);
        }
        return callback.startDialing(at, at.plusSeconds(60));
    }

    private Callback after(int attempt, CallOutcome outcome, String at) {
        return policy.after(dialing(attempt, paris(at)), outcome, null, paris(at), metz(), CALENDAR);
    }

    @ParameterizedTest
    @CsvSource({"1, PT30M", "2, PT1H", "3, PT1H", "10, PT1H"})
    void backsOffExponentiallyUpToTheCap(int attempt, Duration delay) {
        assertEquals(delay, policy.delayAfter(attempt));
    }

    @ParameterizedTest(name = "{1} after attempt {0} at {2}")
    @CsvSource({
        "1, NO_ANSWER, 2025-11-24T09:10, 2025-11-24T09:40",
        "2, BUSY, 2025-11-24T09:10, 2025-11-24T10:10",
        "1, DIAL_ERROR, 2025-11-24T11:50, 2025-11-24T13:30",
        "2, NO_ANSWER, 2025-11-21T16:30, 2025-11-24T09:00",
        "1, NO_ANSWER, 2025-11-10T16:45, 2025-11-13T09:00"
    })
    void triesAgainLaterWithinOpeningHours(int attempt, CallOutcome outcome, String at, String next) {
        Callback retry = after(attempt, outcome, at);
        assertEquals(CallbackStatus.PENDING, retry.status());
        assertEquals(paris(next), retry.nextAttemptAt());
        assertEquals(attempt, retry.attempts());
        assertEquals(outcome, retry.outcome());
        assertNull(retry.dialingExpiresAt());
    }

    @ParameterizedTest
    @EnumSource(value = CallOutcome.class, names = {"NO_ANSWER", "BUSY", "DIAL_ERROR"})
    void failsAfterTheLastAttempt(CallOutcome outcome) {
        Callback failed = after(3, outcome, "2025-11-24T09:10");
        assertEquals(CallbackStatus.FAILED, failed.status());
        assertEquals("3 tentatives sans succès (dernière : " + outcome.label() + ").", failed.failureReason());
        assertNull(failed.nextAttemptAt());
    }

    @ParameterizedTest
    @CsvSource({"WRONG_NUMBER, FAILED", "REACHED, COMPLETED", "CANCELLED_BY_CITIZEN, CANCELLED"})
    void endsAtOnceOtherwise(CallOutcome outcome, CallbackStatus status) {
        Callback next = after(1, outcome, "2025-11-24T09:10");
        assertEquals(status, next.status());
        assertEquals(outcome, next.outcome());
        assertEquals(status == CallbackStatus.FAILED ? "Numéro erroné." : null, next.failureReason());
    }
}
