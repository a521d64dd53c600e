package fr.accueil.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.audit.Actor;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackConflictException;
import fr.accueil.domain.callback.CallbackDispatcher;
import fr.accueil.domain.callback.CallbackNotFoundException;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.callback.CallbackRequested;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.ClientTokens;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Callback requests from a dozen numbers, agents' claims, completions and releases, dispatch
 * runs and the outbound flow's outcome reports, all at once on the same callbacks for a fixed
 * time (and until each was done a few times); with faults, DynamoDB fails a share of calls (and
 * loses the answers of applied writes) and Connect answers 429, 500 or too late. Then: no number
 * has two active callbacks on a theme, no callback was held by two agents at once, no attempt was
 * dialled twice, and once the outcomes are in every callback is final or still pending — none lost.
 *
 * <p>Claims: each worker is its own agent, and while it holds a claim nothing else may change the
 * callback (its lease does not lapse during the storm). So a claim it is told it won must read back
 * from the table as its own, at that version, no version may be claimed twice, and its completion or
 * release must be accepted; a claim it is told it lost must not hold the callback in the table.
 */
class CallbackStormIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final int THREADS = 12;
    /** Each kind of operation at least this many times, however slow the machine. */
    private static final int MIN_EACH = 3;

    @ParameterizedTest(name = "faults on {0} of the calls")
    @ValueSource(doubles = {0.0, 0.1})
    void noDuplicateNoDoubleClaimNoDoubleDial(double faultShare) throws Exception {
        DynamoFaults faults = new DynamoFaults(faultShare);
        faults.enabled(false);
        CallbackWorld world = new CallbackWorld(STACK, faults.client(STACK));
        String prefix = "+3361" + String.format("%05d", ThreadLocalRandom.current().nextInt(100_000));
        try (ConnectStub connect = new ConnectStub(faultShare, Duration.ofMillis(2500))) {
            CallbackDispatcher dispatcher = world.dispatcher(CallbackWorld.connect(connect));
            Set<String> created = ConcurrentHashMap.newKeySet();
            List<String> ids = new CopyOnWriteArrayList<>();
            // Which agent holds each callback, as the agents were told; cleared once their completion or release returned.
            Map<String, AtomicReference<String>> holder = new ConcurrentHashMap<>();
            // callback id # the version a won claim started from: each at most once.
            Set<String> claimedFrom = ConcurrentHashMap.newKeySet();
            // Callbacks whose claim, completion or release ended without an answer (retries exhausted): their state is unknown.
            Set<String> unanswered = ConcurrentHashMap.newKeySet();
            LongAdder requests = new LongAdder(), existing = new LongAdder(), noWindow = new LongAdder(), claims = new LongAdder(),
                    claimsLost = new LongAdder(), completed = new LongAdder(), released = new LongAdder(), runs = new LongAdder(),
                    outcomes = new LongAdder(), gaveUp = new LongAdder(), doubleClaims = new LongAdder(), unknownExisting = new LongAdder(),
                    holderRefused = new LongAdder();
            Set<String> named = ConcurrentHashMap.newKeySet();
            faults.enabled(true);
            long started = System.nanoTime();
            boolean enough = Storm.run(THREADS, Storm.duration(2), () -> created.size() >= MIN_EACH && claims.sum() >= MIN_EACH
                    && completed.sum() >= MIN_EACH && released.sum() >= MIN_EACH && runs.sum() >= MIN_EACH && outcomes.sum() >= MIN_EACH
                    && (faultShare == 0 || Arrays.stream(DynamoFaults.Kind.values()).allMatch(k -> faults.injected(k) > 0)),
                    worker -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                int action = random.nextInt(10);
                String agent = "agent-" + worker;
                try {
                    if (action < 4 || ids.isEmpty()) {
                        requests.increment();
                        String phone = prefix + String.format("%02d", random.nextInt(12));
                        CallbackRequested answer = world.service.request(new CallbackRequest(world.site,
                                random.nextBoolean() ? CallbackWorld.RETRAITE : CallbackWorld.GENERAL, phone, null, null, null));
                        if (answer.alreadyPending()) {
                            existing.increment();
                            named.add(answer.callback().id());
                        } else {
                            created.add(answer.callback().id());
                            ids.add(answer.callback().id());
                        }
                    } else if (action < 7) {
                        String id = ids.get(random.nextInt(ids.size()));
                        Callback claimed;
                        try {
                            claimed = world.service.claim(id, agent);
                        } catch (SdkException e) {
                            unanswered.add(id);
                            throw e;
                        }
                        claims.increment();
                        AtomicReference<String> held = holder.computeIfAbsent(id, k -> new AtomicReference<>());
                        if (!held.compareAndSet(null, agent)) {
                            doubleClaims.increment();
                        }
                        try {
                            if (!claimedFrom.add(id + "#" + (claimed.version() - 1))) {
                                doubleClaims.increment();
                            }
                            Optional<Callback> stored = world.store.find(id);
                            if (stored.isEmpty() || stored.get().version() != claimed.version() || !agent.equals(stored.get().claimedBy())) {
                                doubleClaims.increment();
                            }
                            // From here the agent's own write ends the claim, and under a lost answer the table shows it
                            // ended before the agent hears back: another agent may rightly claim it in that window.
                            held.compareAndSet(agent, null);
                            if (random.nextBoolean()) {
                                world.service.complete(id, new Actor(agent, null), random.nextBoolean() ? CallOutcome.REACHED : CallOutcome.NO_ANSWER, null);
                                completed.increment();
                            } else {
                                world.service.release(id, agent);
                                released.increment();
                            }
                        } catch (CallbackConflictException e) {
                            holderRefused.increment();
                        } catch (SdkException e) {
                            unanswered.add(id);
                            throw e;
                        } finally {
                            held.compareAndSet(agent, null);
                        }
                    } else if (action < 8) {
                        dispatcher.run();
                        runs.increment();
                    } else {
                        ConnectStub.PlacedCall call = connect.nextUnreported();
                        if (call != null) {
                            world.service.recordOutcome(call.callbackId(), call.attempt(),
                                    random.nextBoolean() ? CallOutcome.REACHED : CallOutcome.NO_ANSWER);
                            outcomes.increment();
                        }
                    }
                } catch (CallbackConflictException | CallbackNotFoundException e) {
                    claimsLost.increment();
                } catch (ValidationException e) {
                    noWindow.increment();
                } catch (SdkException | IllegalStateException e) {
                    gaveUp.increment();
                }
            });
            faults.enabled(false);
            double seconds = (System.nanoTime() - started) / 1e9;

            // Before anyone tidies up: every callback the table says is claimed is held by the agent it names.
            List<String> claimedUntold = new ArrayList<>();
            for (String id : ids) {
                world.store.find(id).filter(c -> c.status() == CallbackStatus.CLAIMED && !unanswered.contains(id))
                        .ifPresent(c -> claimedUntold.add(id + " by " + c.claimedBy()));
            }

            // The rest of the day: leases lapse, lapsed dials are placed again (same token), outcomes come in.
            for (int round = 0; round < 40; round++) {
                for (ConnectStub.PlacedCall call = connect.nextUnreported(); call != null; call = connect.nextUnreported()) {
                    world.service.recordOutcome(call.callbackId(), call.attempt(), CallOutcome.REACHED);
                }
                for (String id : ids) {
                    world.store.find(id).filter(c -> c.status() == CallbackStatus.CLAIMED)
                            .ifPresent(c -> world.service.complete(id, new Actor(c.claimedBy(), null), CallOutcome.REACHED, null));
                }
                world.clock.advance(Duration.ofMinutes(3));
                dispatcher.run();
            }
            for (ConnectStub.PlacedCall call = connect.nextUnreported(); call != null; call = connect.nextUnreported()) {
                world.service.recordOutcome(call.callbackId(), call.attempt(), CallOutcome.REACHED);
            }

            // Checked once the storm is over: the creator may record its id after another caller was told of it.
            named.stream().filter(id -> !created.contains(id)).forEach(id -> unknownExisting.increment());
            List<Callback> stored = new ArrayList<>();
            int lost = 0;
            for (String id : ids) {
                Optional<Callback> callback = world.store.find(id);
                if (callback.isEmpty()) {
                    lost++;
                } else {
                    stored.add(callback.get());
                }
            }
            Map<String, Long> activePerKey = stored.stream().filter(Callback::isActive)
                    .collect(Collectors.groupingBy(Callback::dedupeKey, Collectors.counting()));
            List<Callback> inBetween = stored.stream()
                    .filter(c -> !c.status().isFinal() && c.status() != CallbackStatus.PENDING).toList();
            // One call per attempt, under that attempt's own token.
            List<ConnectStub.PlacedCall> foreignTokens = connect.calls().stream()
                    .filter(c -> !c.clientToken().equals(ClientTokens.of(c.callbackId(), c.attempt()))).toList();
            Storm.report("storm.callbacks", "faultShare", faultShare, "threads", THREADS,
                    "seconds", String.format(Locale.ROOT, "%.1f", seconds), "requests", requests.sum(),
                    "created", created.size(), "alreadyPending", existing.sum(), "noWindow", noWindow.sum(),
                    "claims", claims.sum(), "claimsLost", claimsLost.sum(), "completed", completed.sum(), "released", released.sum(),
                    "dispatchRuns", runs.sum(), "callsPlaced", connect.placed(), "connectRequests", connect.requests.sum(),
                    "connect429", connect.throttled.sum(), "connect500", connect.serverErrors.sum(),
                    "connectLateAnswers", connect.lateAnswers.sum(), "clientTokenReplays", connect.replays.sum(),
                    "outcomes", outcomes.sum(), "gaveUp", gaveUp.sum(), "dynamoFaultsInjected", faults.injected(),
                    "lostAnswers", faults.injected(DynamoFaults.Kind.APPLIED_ANSWER_LOST),
                    "doubleClaims", doubleClaims.sum(), "holderRefused", holderRefused.sum(), "claimedUntold", claimedUntold.size(),
                    "doubleDials", connect.doubleDials(), "dataLost", lost);
            assertEquals(0, lost, "callbacks lost");
            assertEquals(0, unknownExisting.sum(), "an 'already pending' answer named a callback never created");
            assertTrue(activePerKey.values().stream().allMatch(n -> n == 1), "two active callbacks for a number and theme: " + activePerKey);
            assertEquals(0, doubleClaims.sum(), "a callback held by two agents, or a version claimed twice");
            assertEquals(0, holderRefused.sum(), "the agent holding a claim was refused its completion or release");
            assertEquals(List.of(), claimedUntold, "claimed in the table, though no agent was told it holds it");
            assertEquals(0, connect.doubleDials(), "an attempt dialled twice");
            assertEquals(List.of(), foreignTokens, "a call placed under another attempt's token");
            assertEquals(List.of(), inBetween, "callbacks neither final nor pending");
            assertTrue(enough, "within " + Storm.CAP + ", at least " + MIN_EACH + " of each operation"
                    + (faultShare > 0 ? " and every kind of DynamoDB fault" : ""));
            assertTrue(connect.placed() > 0, "calls were placed");
            if (faultShare > 0) {
                assertTrue(connect.throttled.sum() > 0 && connect.serverErrors.sum() > 0 && connect.lateAnswers.sum() > 0
                        && connect.replays.sum() > 0, "Connect answered 429, 500, too late, and a retry replayed a token");
            }
        }
    }
}
