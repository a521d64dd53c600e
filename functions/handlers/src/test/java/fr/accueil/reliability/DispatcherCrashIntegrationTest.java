package fr.accueil.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.OutboundDialer;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The dispatcher stopped between the dial and the status update: Connect placed the call, the
 * callback still reads DIALING without a contact id. Once the dialing lease lapses, the next run
 * dials the same attempt with the same ClientToken, and Connect answers the call already placed.
 */
class DispatcherCrashIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();

    /** What a Lambda timeout or a killed container looks like from the data: the run stops here. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("dispatcher stopped after the dial");
        }
    }

    @Test
    void theRunAfterACrashReusesTheClientTokenAndConnectCallsOnce() throws Exception {
        CallbackWorld world = new CallbackWorld(STACK, STACK.client());
        String phone = "+3362" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
        Callback requested = world.service.request(new CallbackRequest(world.site, CallbackWorld.RETRAITE, phone, null, null, null)).callback();
        try (ConnectStub connect = new ConnectStub(0, Duration.ZERO)) {
            OutboundDialer connectDialer = CallbackWorld.connect(connect);
            OutboundDialer crashing = (destination, flow, queue, attributes, token) -> {
                connectDialer.dial(destination, flow, queue, attributes, token);
                throw new Crash();
            };
            assertThrows(Crash.class, () -> world.dispatcher(crashing).run());
            Callback afterCrash = world.store.find(requested.id()).orElseThrow();
            assertEquals(CallbackStatus.DIALING, afterCrash.status());
            assertEquals(null, afterCrash.contactId(), "the status update never happened");
            assertEquals(1, connect.placed());

            world.dispatcher(connectDialer).run();
            assertEquals(0, connect.replays.sum(), "the lease still holds: nobody dials again");

            world.clock.advance(Duration.ofMinutes(3));
            world.dispatcher(connectDialer).run();
            Callback redialled = world.store.find(requested.id()).orElseThrow();
            assertEquals(1, connect.placed(), "Connect placed one call");
            assertEquals(1, connect.replays.sum(), "the same ClientToken came again");
            assertEquals(0, connect.doubleDials());
            assertEquals(1, redialled.attempts(), "the same attempt");
            assertNotNull(redialled.contactId(), "the contact id of the one call placed");

            ConnectStub.PlacedCall call = connect.nextUnreported();
            assertEquals(afterCrash.clientToken(), call.clientToken());
            world.service.recordOutcome(requested.id(), call.attempt(), CallOutcome.REACHED);
            // Read back: the callback the citizen asked for is there, completed by the one attempt that reached them.
            Callback last = world.store.find(requested.id()).orElse(null);
            int lost = last != null && last.status() == CallbackStatus.COMPLETED && last.attempts() == 1
                    && last.outcome() == CallOutcome.REACHED ? 0 : 1;
            Storm.report("fault.dispatcher-crash", "callsPlaced", connect.placed(), "clientTokenReplays", connect.replays.sum(),
                    "doubleDials", connect.doubleDials(), "dataLost", lost);
            assertEquals(0, lost, "the callback as the table holds it: " + last);
        }
    }
}
