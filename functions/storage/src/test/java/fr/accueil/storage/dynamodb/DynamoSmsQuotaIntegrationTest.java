package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Against DynamoDB Local; each test counts at an hour of its own so the territory's counter starts at zero. */
class DynamoSmsQuotaIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();

    private static DynamoSmsQuota quota(Instant now, int perNumber, int perTerritory) {
        return new DynamoSmsQuota(STACK.client(), STACK.table("BookingTable"), Clock.fixed(now, ZoneOffset.UTC), perNumber, perTerritory);
    }

    private static Instant someHour() {
        return Instant.parse("2030-01-01T00:00:00Z").plusSeconds(3600L * Math.floorMod(UUID.randomUUID().hashCode(), 200_000));
    }

    @Test
    void aNumberGetsItsDailyLimitThenNothingUntilTheNextDay() {
        Instant now = someHour();
        String number = "+3361" + Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000);
        DynamoSmsQuota quota = quota(now, 3, 1000);
        assertTrue(quota.take(number));
        assertTrue(quota.take(number));
        assertTrue(quota.take(number));
        assertFalse(quota.take(number));
        assertTrue(quota.take(number + "9"), "another number still gets one");
        assertTrue(quota(now.plusSeconds(86_400), 3, 1000).take(number), "the next day counts again");
    }

    @Test
    void theTerritoryGetsItsHourlyLimitWhateverTheNumbers() {
        Instant now = someHour();
        DynamoSmsQuota quota = quota(now, 10, 2);
        assertTrue(quota.take("+33611111111"));
        assertTrue(quota.take("+33622222222"));
        assertFalse(quota.take("+33633333333"));
        assertTrue(quota(now.plusSeconds(3600), 10, 2).take("+33633333333"), "the next hour counts again");
    }
}
