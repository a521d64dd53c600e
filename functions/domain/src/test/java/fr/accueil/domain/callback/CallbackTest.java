package fr.accueil.domain.callback;

import static fr.accueil.domain.callback.Fixtures.PHONE;
import static fr.accueil.domain.callback.Fixtures.RETRAITE;
import static fr.accueil.domain.callback.Fixtures.paris;
import static fr.accueil.domain.callback.Fixtures.pending;
import static fr.accueil.domain.callback.Fixtures.window;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CallbackTest {
    private static final Instant NINE = paris("2025-11-24T09:00");
    private final Callback callback = pending("cb-1", PHONE, RETRAITE, window("2025-11-24T09:00", "2025-11-24T10:00"));

    @Test
    void isPendingFromTheStartOfItsWindowWithTheThemeQueue() {
        assertEquals(CallbackStatus.PENDING, callback.status());
        assertEquals(NINE, callback.nextAttemptAt());
        assertEquals("q-carsat", callback.queue());
        assertEquals("+33612345678#retraite", callback.dedupeKey());
        assertEquals(0, callback.attempts());
    }

    @ParameterizedTest
    @EnumSource(value = CallbackStatus.class, names = {"COMPLETED", "FAILED", "CANCELLED"})
    void finalStatusesGoNowhere(CallbackStatus status) {
        assertTrue(status.isFinal());
        assertTrue(status.next().isEmpty());
    }

    @Test
    void aPendingCallbackIsNeverCompletedWithoutACall() {
        assertFalse(CallbackStatus.PENDING.canMoveTo(CallbackStatus.COMPLETED));
        assertFalse(CallbackStatus.DIALING.canMoveTo(CallbackStatus.CLAIMED));
        assertThrows(CallbackConflictException.class, () -> callback.close(CallOutcome.REACHED, NINE, null));
    }

    @Test
    void dialingCountsTheAttemptAndHoldsALease() {
        Callback dialing = callback.startDialing(NINE, NINE.plusSeconds(120));
        assertEquals(CallbackStatus.DIALING, dialing.status());
        assertEquals(1, dialing.attempts());
        assertEquals(NINE, dialing.lastAttemptAt());
        assertNull(dialing.nextAttemptAt(), "out of the due index");
        assertEquals(NINE.plusSeconds(120), dialing.leaseExpiresAt());
        assertEquals(callback.version() + 1, dialing.version());
    }

    @Test
    void aCallbackIsNotDialedBeforeItIsDue() {
        assertThrows(CallbackConflictException.class, () -> callback.startDialing(NINE.minusSeconds(1), NINE.plusSeconds(60)));
    }

    @Test
    void aLapsedDialingLeaseIsTakenUpAgainForTheSameAttempt() {
        Callback dialing = callback.startDialing(NINE, NINE.plusSeconds(120));
        assertThrows(CallbackConflictException.class, () -> dialing.startDialing(NINE.plusSeconds(60), NINE.plusSeconds(180)));

        Callback retaken = dialing.startDialing(NINE.plusSeconds(120), NINE.plusSeconds(240));
        assertEquals(1, retaken.attempts());
        assertEquals(dialing.clientToken(), retaken.clientToken());
        assertEquals(NINE.plusSeconds(240), retaken.leaseExpiresAt());
    }

    @Test
    void aPlacedCallIsNotDialedAgain() {
        Callback placed = callback.startDialing(NINE, NINE.plusSeconds(120)).dialed("contact-1", NINE.plusSeconds(1800));
        assertEquals("contact-1", placed.contactId());
        assertThrows(CallbackConflictException.class, () -> placed.startDialing(NINE.plusSeconds(3600), NINE.plusSeconds(3700)));
    }

    @Test
    void oneAgentHoldsTheClaimUntilItLapses() {
        Instant lease = NINE.plus(Duration.ofMinutes(15));
        Callback claimed = callback.claim("agent-a", NINE, lease);
        assertEquals("agent-a", claimed.claimedBy());
        assertNull(claimed.nextAttemptAt());

        assertThrows(CallbackConflictException.class, () -> claimed.claim("agent-b", lease.minusSeconds(1), lease.plusSeconds(900)));
        assertEquals("agent-a", claimed.claim("agent-a", NINE.plusSeconds(60), lease.plusSeconds(60)).claimedBy(), "renewed");
        assertEquals("agent-b", claimed.claim("agent-b", lease, lease.plusSeconds(900)).claimedBy());
    }

    @Test
    void anAgentsCallCountsAsAnAttempt() {
        Instant later = NINE.plusSeconds(300);
        Callback done = callback.claim("agent-a", NINE, NINE.plusSeconds(900)).close(CallOutcome.REACHED, later, "dossier transmis");
        assertEquals(CallbackStatus.COMPLETED, done.status());
        assertEquals(1, done.attempts());
        assertEquals(later, done.lastAttemptAt());
        assertEquals("dossier transmis", done.note());
        assertNull(done.claimedBy());
        assertThrows(CallbackConflictException.class, () -> done.claim("agent-b", later, later.plusSeconds(900)));
    }

    @Test
    void refusalsNameTheStatusInFrench() {
        Instant later = NINE.plusSeconds(300);
        Callback done = callback.claim("agent-a", NINE, NINE.plusSeconds(900)).close(CallOutcome.REACHED, later, null);
        assertEquals("Ce rappel ne peut pas être pris en charge : il est déjà terminé.",
                assertThrows(CallbackConflictException.class, () -> done.claim("agent-b", later, later.plusSeconds(900))).getMessage());
        assertEquals("Ce rappel est déjà terminé : il ne peut plus être modifié.",
                assertThrows(CallbackConflictException.class, () -> done.close(CallOutcome.REACHED, later, null)).getMessage());
    }

    @Test
    void releaseMakesItDueAtOnce() {
        Callback released = callback.claim("agent-a", NINE, NINE.plusSeconds(900)).release(NINE.plusSeconds(60));
        assertEquals(CallbackStatus.PENDING, released.status());
        assertEquals(NINE.plusSeconds(60), released.nextAttemptAt());
        assertNull(released.claimedBy());
    }

    @Test
    void clientTokensAreStableShortAndPerAttempt() {
        String token = ClientTokens.of("cb-1", 1);
        assertEquals(token, ClientTokens.of("cb-1", 1));
        assertEquals(token, callback.clientToken(), "the next attempt of a pending callback is the first");
        assertFalse(token.equals(ClientTokens.of("cb-1", 2)));
        assertFalse(token.equals(ClientTokens.of("cb-2", 1)));
        assertTrue(token.length() <= 500);
    }

    @Test
    void neverShowsTheWholeNumber() {
        assertFalse(callback.toString().contains(PHONE));
        assertTrue(callback.toString().contains("+33*******78"));
    }
}
