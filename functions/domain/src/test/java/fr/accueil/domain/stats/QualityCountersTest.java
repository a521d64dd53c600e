package fr.accueil.domain.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.booking.InMemoryDirectory;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class QualityCountersTest {
    private static final Instant AT = Instant.parse("2030-03-05T22:30:00Z");  // 23:30 in Paris, the 5th

    private QualityCounters counters() {
        InMemoryDirectory directory = new InMemoryDirectory();
        directory.save("moselle", new Partner("carsat", "CARSAT", "", List.of("retraite")));
        return new QualityCounters("moselle", directory, Clock.fixed(AT, ZoneOffset.UTC));
    }

    @Test
    void aCompletedCallbackCountsItsDelayInItsBucketAndItsScopes() {
        Tally tally = counters().of(new Interaction("c#3", "+33612345678", AT, "callback", "callback-completed",
                Map.of("siteId", "metz", "themeId", "retraite", "requestedAt", AT.minus(Duration.ofMinutes(20)).toString())));
        assertEquals(Map.of("callbacks.completed", 1L, "callbackDelay.le30", 1L), tally.counters());
        assertEquals(LocalDate.parse("2030-03-05"), tally.day(), "the day at the site (Europe/Paris when unknown)");
        assertEquals(List.of("all", "site=metz", "partner=carsat", "theme=retraite", "site=metz&partner=carsat"),
                tally.scopes().stream().map(StatsScope::key).toList(), "the partner comes from the theme");
    }

    @Test
    void anEventThatNamesNeitherSiteNorThemeReadsNoDirectory() {
        DirectoryStore unreadable = (DirectoryStore) Proxy.newProxyInstance(DirectoryStore.class.getClassLoader(),
                new Class<?>[] {DirectoryStore.class}, (proxy, method, args) -> {
                    throw new AssertionError("the directory was read: " + method.getName());
                });
        Tally tally = new QualityCounters("moselle", unreadable, Clock.fixed(AT, ZoneOffset.UTC))
                .of(new Interaction("c", "+33612345678", AT, "phone", "call", Map.of("route", "menu")));
        assertEquals(Map.of("calls", 1L, "calls.menu", 1L), tally.counters());
        assertEquals(LocalDate.parse("2030-03-05"), tally.day(), "Europe/Paris when the event names no site");
    }

    @Test
    void aCorrectedAttendanceMovesTheCount() {
        Tally tally = counters().of(new Interaction("a", "+33612345678", AT, "web", "appointment-attendance",
                Map.of("status", "NO_SHOW", "previous", "ATTENDED", "permanenceId", "p1")));
        assertEquals(Map.of("appointments.noShow", 1L, "appointments.attended", -1L), tally.counters());
        assertTrue(tally.scopes().stream().anyMatch(s -> "p1".equals(s.permanenceId())));
    }

    @Test
    void unknownValuesAreFoldedSoCounterNamesStayBounded() {
        Tally tally = counters().of(new Interaction("x", null, AT, "phone", "call", Map.of("route", "Robert'); DROP")));
        assertEquals(Map.of("calls", 1L, "calls.other", 1L), tally.counters());
        assertTrue(counters().of(new Interaction("y", null, AT, "phone", "satisfaction", Map.of())).isEmpty());
    }

    @Test
    void percentilesAreTheBucketHoldingThem() {
        Map<String, Long> c = Map.of("callbackDelay.le5", 5L, "callbackDelay.le60", 4L, "callbackDelay.over10080", 1L);
        assertEquals(Optional.of(new Histogram.Estimate(0, 5L)), Histogram.CALLBACK_DELAY.quantile(c, 0.5));
        assertEquals(Optional.of(new Histogram.Estimate(30, 60L)), Histogram.CALLBACK_DELAY.quantile(c, 0.9));
        assertEquals(Optional.of(new Histogram.Estimate(10080, null)), Histogram.CALLBACK_DELAY.quantile(c, 1.0));
        assertEquals(Optional.empty(), Histogram.BOOKING_LEAD_TIME.quantile(c, 0.5));
        assertEquals("callbackDelay.le5", Histogram.CALLBACK_DELAY.bucketOf(Duration.ofMinutes(5)));
        assertEquals("callbackDelay.le15", Histogram.CALLBACK_DELAY.bucketOf(Duration.ofSeconds(301)), "rounded up");
    }

    @Test
    void queriesAreCheckedInFrench() {
        StatsQuery q = StatsQuery.parse("2030-03-01", "2030-03-31", "metz", "carsat", null, null, "semaine");
        assertEquals("site=metz&partner=carsat", q.scope().key());
        assertEquals(StatsQuery.Period.WEEK, q.period());
        assertEquals("to", assertThrows(ValidationException.class,
                () -> StatsQuery.parse("2030-03-31", "2030-03-01", null, null, null, null, null)).field());
        assertThrows(ValidationException.class, () -> StatsQuery.parse("2030-01-01", "2031-06-01", null, null, null, null, null));
        assertThrows(ValidationException.class, () -> StatsQuery.parse("2030-03-01", "2030-03-02", null, "caf", "retraite", null, null));
        assertThrows(ValidationException.class, () -> StatsQuery.parse("hier", "2030-03-02", null, null, null, null, null));
        assertThrows(ValidationException.class, () -> StatsQuery.parse("2030-03-01", "2030-03-02", "a b", null, null, null, null));
        assertEquals("2030-W10", QualityStatistics.isoWeek(LocalDate.parse("2030-03-05")));
        assertEquals("2026-W53", QualityStatistics.isoWeek(LocalDate.parse("2027-01-01")), "a Friday of the previous ISO year");
    }
}
