package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.callback.DueWindow;
import fr.accueil.domain.directory.Theme;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Against DynamoDB Local. The table is shared by every test of the JVM, so each test works in
 * its own site and, where it sweeps the Due index, in its own era (a fixed clock years apart):
 * the other tests' callbacks are then never due for it.
 */
class DynamoCallbackStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Theme RETRAITE = new Theme("retraite", "Retraite", "retraite");
    private static final Theme ALLOCATIONS = new Theme("allocations", "Allocations", "caf");
    private static final Duration RETENTION = Duration.ofDays(365);

    private final String site = "site-" + UUID.randomUUID();

    private DynamoCallbackStore store(Instant now) {
        return new DynamoCallbackStore(STACK.client(), STACK.table("CallbacksTable"), Clock.fixed(now, ZoneOffset.UTC), RETENTION);
    }

    private Callback pending(String phone, Instant now, Instant windowFrom) {
        DueWindow window = new DueWindow(windowFrom, windowFrom.plus(Duration.ofHours(1)), PARIS);
        return Callback.requested(UUID.randomUUID().toString(), phone, RETRAITE, site, null, now, window);
    }

    private static String phone() {
        return "+3361" + String.format("%07d", (int) (Math.random() * 10_000_000));
    }

    @Test
    void aPlacedCallIsFoundByItsContactIdAlsoOnceItsAttemptHasEnded() {
        Instant now = Instant.parse("2031-05-06T09:15:00Z");
        DynamoCallbackStore store = store(now);
        Callback callback = pending(phone(), now, now);
        store.createIfNoPending(callback);
        Callback dialing = callback.startDialing(now, now.plusSeconds(120));
        assertTrue(store.replace(callback, dialing));
        String contactId = UUID.randomUUID().toString();
        assertEquals(java.util.Optional.empty(), store.findByContact(contactId), "not placed yet");
        Callback placed = dialing.dialed(contactId, now.plus(Duration.ofMinutes(30)));
        assertTrue(store.replace(dialing, placed));

        assertEquals(java.util.Optional.of(new CallbackStore.Dialed(callback.id(), 1)), store.findByContact(contactId));
        assertTrue(store.replace(placed, placed.retryAt(CallOutcome.NO_ANSWER, now.plus(Duration.ofMinutes(30)), now, null)));
        assertEquals(java.util.Optional.of(new CallbackStore.Dialed(callback.id(), 1)), store.findByContact(contactId),
                "a late or replayed contact event still finds its callback (and recordOutcome ignores it)");
    }

    @Test
    void fiftyIdenticalRequestsAtOnceMakeOneCallback() throws Exception {
        Instant now = Instant.parse("2031-03-04T09:15:00Z");
        DynamoCallbackStore store = store(now);
        String phone = phone();
        List<Callable<CallbackStore.Creation>> requests = new ArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        for (int i = 0; i < 50; i++) {
            Callback callback = pending(phone, now, now);
            requests.add(() -> {
                start.await();
                return store.createIfNoPending(callback);
            });
        }
        List<CallbackStore.Creation> creations = runAtOnce(requests, start);

        long created = creations.stream().filter(c -> c instanceof CallbackStore.Creation.Created).count();
        assertEquals(1, created, "exactly one request creates the callback");
        Set<String> ids = new HashSet<>();
        creations.forEach(c -> ids.add(c.callback().id()));
        assertEquals(1, ids.size(), "every other request gets that same callback back");
        assertEquals(Map.of(now, 1), store.bookedPerWindow(site, RETRAITE.id(), now.minusSeconds(3600), now.plusSeconds(7200)));
    }

    @Test
    void twentyAgentsClaimingOneCallbackAtOnceLetExactlyOneWin() throws Exception {
        Instant now = Instant.parse("2031-03-04T09:15:00Z");
        DynamoCallbackStore store = store(now);
        Callback callback = store.createIfNoPending(pending(phone(), now, now)).callback();
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Callback claimed = callback.claim("agent-" + i, now, now.plus(Duration.ofMinutes(15)));
            claims.add(() -> {
                start.await();
                return store.replace(callback, claimed);
            });
        }
        List<Boolean> won = runAtOnce(claims, start);

        assertEquals(1, won.stream().filter(w -> w).count());
        Callback stored = store.find(callback.id()).orElseThrow();
        assertEquals(CallbackStatus.CLAIMED, stored.status());
        assertEquals(1, stored.version());
    }

    @Test
    void aFinalStatusFreesTheDedupeKeyAndAStaleVersionIsRefused() {
        Instant now = Instant.parse("2032-01-06T09:15:00Z");
        DynamoCallbackStore store = store(now);
        String phone = phone();
        Callback first = store.createIfNoPending(pending(phone, now, now)).callback();
        assertInstanceOf(CallbackStore.Creation.Existing.class, store.createIfNoPending(pending(phone, now, now)));

        Callback claimed = first.claim("agent-1", now, now.plusSeconds(900));
        assertTrue(store.replace(first, claimed));
        assertFalse(store.replace(first, claimed), "the same version twice: the second write loses");
        Callback completed = claimed.close(CallOutcome.REACHED, now, "RDV pris");
        assertTrue(store.replace(claimed, completed));
        assertEquals(CallbackStatus.COMPLETED, store.find(first.id()).orElseThrow().status());

        CallbackStore.Creation again = store.createIfNoPending(pending(phone, now, now));
        assertInstanceOf(CallbackStore.Creation.Created.class, again, "the number may ask again once the first is over");
    }

    @Test
    void leasesExpiredFindsLapsedClaimsAndDialsOnly() {
        Instant now = Instant.parse("2033-05-02T09:15:00Z");
        DynamoCallbackStore store = store(now);
        Callback first = store.createIfNoPending(pending(phone(), now, now)).callback();
        Callback claimed = first.claim("agent-1", now, now.plusSeconds(60));
        assertTrue(store.replace(first, claimed));
        Callback second = store.createIfNoPending(pending(phone(), now, now)).callback();
        Callback dialing = second.startDialing(now, now.plusSeconds(120));
        assertTrue(store.replace(second, dialing));

        assertEquals(List.of(), store.leasesExpired(now, 10));
        assertEquals(List.of(claimed.id()), store.leasesExpired(now.plusSeconds(60), 10).stream().map(Callback::id).toList());
        assertEquals(List.of(claimed.id(), dialing.id()),
                store.leasesExpired(now.plusSeconds(300), 10).stream().map(Callback::id).toList());
        assertEquals(List.of(), store.due(now.plusSeconds(300), 10), "leased callbacks are not due");
    }

    private Callback pending(String phone, Theme theme, Instant now) {
        DueWindow window = new DueWindow(now, now.plus(Duration.ofHours(1)), PARIS);
        return Callback.requested(UUID.randomUUID().toString(), phone, theme, site, null, now, window);
    }

    /** A citizen's callbacks on two themes, stored, due now. */
    private List<Callback> twoThemesOfOneNumber(DynamoCallbackStore store, Instant now) {
        String phone = phone();
        return List.of(store.createIfNoPending(pending(phone, RETRAITE, now)).callback(),
                store.createIfNoPending(pending(phone, ALLOCATIONS, now)).callback());
    }

    @Test
    void aNumberBeingDialledIsNotDialledForItsOtherThemeUntilTheCallIsOver() {
        Instant now = Instant.parse("2035-03-05T09:15:00Z");
        DynamoCallbackStore store = store(now);
        List<Callback> both = twoThemesOfOneNumber(store, now);
        Callback retraite = both.get(0);
        Callback allocations = both.get(1);

        Callback dialing = retraite.startDialing(now, now.plusSeconds(120));
        assertTrue(store.replace(retraite, dialing));
        Callback other = allocations.startDialing(now, now.plusSeconds(120));
        assertFalse(store.replace(allocations, other), "the number is on a call");
        assertEquals(CallbackStatus.PENDING, store.find(allocations.id()).orElseThrow().status(), "nothing written");
        Callback placed = dialing.dialed("contact-1", now.plusSeconds(1800));
        assertTrue(store.replace(dialing, placed), "noting the placed call keeps the line");

        assertTrue(store.replace(placed, placed.retryAt(CallOutcome.NO_ANSWER, now.plusSeconds(3600), now, null)));
        assertTrue(store.replace(allocations, other), "the first call is over: the other theme may be dialled");
        Callback retry = store.find(retraite.id()).orElseThrow();
        assertFalse(store.replace(retry, retry.startDialing(now.plusSeconds(3600), now.plusSeconds(3720))),
                "and now the other holds the number");
    }

    @Test
    void anAgentsClaimHoldsTheNumberUntilReleased() {
        Instant now = Instant.parse("2035-04-02T09:15:00Z");
        DynamoCallbackStore store = store(now);
        List<Callback> both = twoThemesOfOneNumber(store, now);
        Callback claimed = both.get(0).claim("agent-1", now, now.plusSeconds(900));
        Callback allocations = both.get(1);
        assertTrue(store.replace(both.get(0), claimed));
        assertFalse(store.replace(allocations, allocations.startDialing(now, now.plusSeconds(120))));
        assertEquals(List.of(claimed.id()), store.underWay(now, 1000).stream().map(Callback::id)
                .filter(id -> id.equals(claimed.id()) || id.equals(allocations.id())).toList());

        assertTrue(store.replace(claimed, claimed.release(now)));
        assertTrue(store.replace(allocations, allocations.startDialing(now, now.plusSeconds(120))));
    }

    @Test
    void aLineWhoseHolderVanishedLapses() {
        Instant now = Instant.parse("2035-05-07T09:15:00Z");
        List<Callback> both = twoThemesOfOneNumber(store(now), now);
        Callback retraite = both.get(0);
        Callback allocations = both.get(1);
        assertTrue(store(now).replace(retraite, retraite.startDialing(now, now.plusSeconds(120))));
        STACK.client().deleteItem(r -> r.tableName(STACK.table("CallbacksTable")).key(CallbackItems.keyOf(retraite.id())));

        Instant later = now.plus(DynamoCallbackStore.LINE_HOLD);
        assertTrue(store(later).replace(allocations, allocations.startDialing(later, later.plusSeconds(120))));
    }

    @Test
    void twoDispatchRunsRacingOverOneCitizensCallbacksDialOnlyOne() throws Exception {
        Instant now = Instant.parse("2035-06-04T09:15:00Z");
        DynamoCallbackStore store = store(now);
        String phone = phone();
        List<Callback> callbacks = new ArrayList<>();
        for (Theme theme : List.of(RETRAITE, ALLOCATIONS, new Theme("emploi", "Emploi", "emploi"), new Theme("sante", "Santé", "sante"))) {
            callbacks.add(store.createIfNoPending(pending(phone, theme, now)).callback());
        }
        CountDownLatch start = new CountDownLatch(1);
        List<Callable<Boolean>> runs = new ArrayList<>();
        // Each run tries every callback of the number, as two overlapping dispatch runs would, in opposite orders.
        List<Callback> reversed = new ArrayList<>(callbacks);
        java.util.Collections.reverse(reversed);
        for (List<Callback> run : List.of(callbacks, reversed)) {
            for (Callback callback : run) {
                Callback dialing = callback.startDialing(now, now.plusSeconds(120));
                runs.add(() -> {
                    start.await();
                    return store.replace(callback, dialing);
                });
            }
        }
        List<Boolean> won = runAtOnce(runs, start);

        assertEquals(1, won.stream().filter(w -> w).count(), "one call to the citizen, whatever the interleaving");
        assertEquals(1, callbacks.stream().map(c -> store.find(c.id()).orElseThrow().status())
                .filter(status -> status == CallbackStatus.DIALING).count());
    }

    @Test
    void agentsListIsPagedWithAnOpaqueTokenAndFiltersByTheme() {
        Instant now = Instant.parse("2034-02-06T08:00:00Z");
        DynamoCallbackStore store = store(now);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Callback c = pending(phone(), now, now.plus(Duration.ofHours(i)));
            store.createIfNoPending(c);
            expected.add(c.id());
        }
        Theme emploi = new Theme("emploi", "Emploi", "emploi");
        store.createIfNoPending(Callback.requested(UUID.randomUUID().toString(), phone(), emploi, site, null, now,
                new DueWindow(now, now.plusSeconds(3600), PARIS)));

        CallbackStore.Page first = store.list(new CallbackStore.Listing(site, "retraite", CallbackStatus.PENDING, 2, null));
        assertEquals(expected.subList(0, 2), first.callbacks().stream().map(Callback::id).toList());
        assertNotNull(first.nextPageToken());
        CallbackStore.Page second = store.list(new CallbackStore.Listing(site, "retraite", CallbackStatus.PENDING, 2, first.nextPageToken()));
        assertEquals(expected.subList(2, 4), second.callbacks().stream().map(Callback::id).toList());
        CallbackStore.Page all = store.list(new CallbackStore.Listing(site, null, CallbackStatus.PENDING, 100, null));
        assertEquals(6, all.callbacks().size());
        assertNull(all.nextPageToken());

        assertThrows(IllegalArgumentException.class,
                () -> store.list(new CallbackStore.Listing("other-site", null, CallbackStatus.PENDING, 2, first.nextPageToken())),
                "a token is bound to its list");
        assertThrows(IllegalArgumentException.class,
                () -> store.list(new CallbackStore.Listing(site, null, CallbackStatus.PENDING, 2, "%%%not-a-token")));
    }

    @Test
    void expiredItemsAreIgnored() {
        Instant then = Instant.parse("2035-01-08T09:00:00Z");
        Callback callback = store(then).createIfNoPending(pending(phone(), then, then)).callback();
        DynamoCallbackStore later = store(then.plus(RETENTION).plusSeconds(1));

        assertTrue(later.find(callback.id()).isEmpty());
        assertEquals(List.of(), later.list(new CallbackStore.Listing(site, null, CallbackStatus.PENDING, 10, null)).callbacks());
        assertInstanceOf(CallbackStore.Creation.Created.class,
                later.createIfNoPending(pending(callback.phone(), then.plus(RETENTION), then.plus(RETENTION))),
                "an expired guard no longer holds the number");
    }

    @Test
    void anExpiredWindowCounterCountsNothing() {
        Instant then = Instant.parse("2036-02-05T09:00:00Z");
        DynamoCallbackStore store = store(then);
        store.createIfNoPending(pending(phone(), then, then));
        store.createIfNoPending(pending(phone(), then, then.plus(Duration.ofHours(1))));
        STACK.client().updateItem(r -> r.tableName(STACK.table("CallbacksTable"))
                .key(Map.of("pk", AttributeValue.fromS("WINDOW#" + site + "#" + RETRAITE.id()),
                        "sk", AttributeValue.fromS("WINDOW#" + CallbackItems.sortable(then))))
                .updateExpression("SET expiresAt = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(then.getEpochSecond() - 1)))));

        assertEquals(Map.of(then.plus(Duration.ofHours(1)), 1),
                store.bookedPerWindow(site, RETRAITE.id(), then, then.plus(Duration.ofHours(3))));
    }

    /**
     * 10,000 callbacks of history (finished, or pending but due later) and 30 due: a sweep of the
     * dispatcher reads the due ones through the sparse index, and the read capacity it consumes
     * stays in proportion to them, not to the table.
     */
    @Test
    void aDispatchSweepReadsOnlyTheDueCallbacksAmongTenThousand() throws Exception {
        Instant now = Instant.parse("2001-06-05T08:00:00Z");
        DynamoCallbackStore store = store(now);
        List<Map<String, AttributeValue>> history = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            Callback c = pending("+336" + String.format("%08d", i), now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(30)));
            Callback finished = switch (i % 3) {
                case 0 -> c.claim("agent", now, now.plusSeconds(60)).close(CallOutcome.REACHED, now, null);
                case 1 -> c.claim("agent", now, now.plusSeconds(60)).fail(CallOutcome.WRONG_NUMBER, "Numéro erroné.", now, null);
                default -> c.deferTo(now.plus(Duration.ofDays(2)));
            };
            history.add(CallbackItems.item(finished, now.plus(RETENTION)));
        }
        List<String> due = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Callback c = pending("+337" + String.format("%08d", i), now.minusSeconds(3600), now.minusSeconds(3600 - i));
            history.add(CallbackItems.item(c, now.plus(RETENTION)));
            due.add(c.id());
        }
        long started = System.nanoTime();
        batchWrite(history);
        System.out.printf("wrote %d callbacks in %d ms%n", history.size(), (System.nanoTime() - started) / 1_000_000);

        double before = store.indexReadCapacity();
        List<Callback> read = store.due(now, 50);
        List<Callback> lapsed = store.leasesExpired(now, 50);
        double consumed = store.indexReadCapacity() - before;
        System.out.printf("dispatch sweep: %d due, %d lapsed leases, consumed %.1f read capacity units (ReturnConsumedCapacity TOTAL)%n",
                read.size(), lapsed.size(), consumed);

        assertEquals(due, read.stream().map(Callback::id).toList(), "the due ones, earliest first, none other");
        assertEquals(List.of(), lapsed);
        assertTrue(consumed > 0, "DynamoDB reported the capacity consumed");
        // 30 items of ~1 KB over 4 shards and 2 sweeps: a few units. A scan of 10,000 items would take over a thousand.
        assertTrue(consumed <= 20, "read capacity bounded by the due callbacks: " + consumed);
    }

    private static void batchWrite(List<Map<String, AttributeValue>> items) throws Exception {
        String table = STACK.table("CallbacksTable");
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> batches = new ArrayList<>();
            for (int from = 0; from < items.size(); from += 25) {
                List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                        .map(item -> WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build())
                        .toList();
                batches.add(pool.submit(() -> {
                    Map<String, List<WriteRequest>> pending = Map.of(table, batch);
                    while (!pending.isEmpty()) {
                        Map<String, List<WriteRequest>> request = pending;
                        pending = STACK.client().batchWriteItem(r -> r.requestItems(request)).unprocessedItems();
                    }
                    return null;
                }));
            }
            for (Future<?> batch : batches) {
                batch.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static <T> List<T> runAtOnce(List<Callable<T>> tasks, CountDownLatch start) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            List<Future<T>> futures = IntStream.range(0, tasks.size()).mapToObj(i -> pool.submit(tasks.get(i))).toList();
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> future : futures) {
                results.add(future.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
