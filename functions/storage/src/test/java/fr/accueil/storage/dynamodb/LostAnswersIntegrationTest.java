package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.callback.DueWindow;
import fr.accueil.domain.directory.Theme;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.storage.AwsClients;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;

/**
 * A write DynamoDB applied whose answer was lost (a 500 after the commit): the SDK sends the same
 * request again, and the stores must still answer what happened — the change is theirs — and not
 * apply it twice. The client is built as production builds it (its retry policy), with an
 * interceptor that lets the armed write reach DynamoDB Local and then throws a retryable 500.
 */
class LostAnswersIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant NOW = Instant.parse("2026-11-23T09:00:00Z");
    private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    private static final Duration RETENTION = Duration.ofDays(365);
    private static final Theme RETRAITE = new Theme("retraite", "Retraite", "retraite");

    /** Loses the answer of the next successful write once armed; records every transaction's token. */
    private static final class LoseNextAnswer implements ExecutionInterceptor {
        private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems");
        private final AtomicInteger toLose = new AtomicInteger();
        private final AtomicInteger lost = new AtomicInteger();
        private final List<String> tokens = Collections.synchronizedList(new ArrayList<>());

        void arm() {
            arm(1);
        }

        /** Loses the answers of the next {@code answers} successful writes (the SDK's retries of one included). */
        void arm(int answers) {
            tokens.clear();
            lost.set(0);
            toLose.set(answers);
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            if (context.request() instanceof TransactWriteItemsRequest transaction) {
                tokens.add(transaction.clientRequestToken());
            }
        }

        @Override
        public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
            String operation = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (!WRITES.contains(operation) || !context.httpResponse().isSuccessful() || toLose.getAndUpdate(n -> Math.max(0, n - 1)) == 0) {
                return;
            }
            context.responseBody().ifPresent(body -> {
                try (InputStream in = body) {
                    in.readAllBytes();
                } catch (IOException ignored) {
                    // the answer is lost anyway
                }
            });
            lost.incrementAndGet();
            throw DynamoDbException.builder().message("lost answer of " + operation).statusCode(500)
                    .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalServerError").serviceName("DynamoDb").build())
                    .build();
        }
    }

    private final LoseNextAnswer faults = new LoseNextAnswer();
    private final DynamoDbClient client = AwsClients.configure(DynamoDbClient.builder(), "DYNAMODB")
            .endpointOverride(STACK.dynamoDb().endpoint())
            .region(LocalClients.REGION)
            .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
            .overrideConfiguration(o -> {
                AwsClients.dynamoDbBounds(o);
                o.addExecutionInterceptor(faults);
            })
            .build();
    private final String permanence = "lost-" + UUID.randomUUID();
    private final DynamoSlotStore slots = new DynamoSlotStore(client, STACK.table("BookingTable"), CLOCK, RETENTION);
    private final DynamoAppointmentStore appointments = new DynamoAppointmentStore(client, STACK.table("BookingTable"), CLOCK, RETENTION);
    private final DynamoCallbackStore callbacks = new DynamoCallbackStore(client, STACK.table("CallbacksTable"), CLOCK, RETENTION);

    private Slot slot(int index) {
        ZonedDateTime start = LocalDateTime.parse("2026-12-08T09:00").plusMinutes(30L * index).atZone(PARIS);
        Slot slot = new Slot(Slot.idOf(permanence, start.toLocalDateTime()), permanence, "metz-borny", "carsat",
                List.of("retraite"), start, start.plusMinutes(30), 1, 0);
        slots.save(List.of(slot));
        return slot;
    }

    private Appointment booked(Slot slot) {
        Appointment appointment = new Appointment(UUID.randomUUID().toString(), slot.id(), slot.permanenceId(), slot.siteId(),
                slot.partnerId(), "retraite", slot.start(), slot.end(), "Jeanne Martin", "+33612345678", null, null,
                AppointmentStatus.BOOKED, Channel.WEB, NOW, "hash", null);
        return appointments.book(slot, appointment, UUID.randomUUID().toString());
    }

    private Callback pending() {
        DueWindow window = new DueWindow(NOW, NOW.plus(Duration.ofHours(1)), PARIS);
        String phone = "+3361" + String.format("%07d", (int) (Math.random() * 10_000_000));
        return Callback.requested(UUID.randomUUID().toString(), phone, RETRAITE, "site-" + UUID.randomUUID(), null, NOW, window);
    }

    /** The armed write was lost once and sent again; each transaction try carried one token, the same on the SDK's retry. */
    private void lostOnceAndRetriedWithItsToken(int transactionsSent) {
        assertEquals(1, faults.lost.get(), "one answer lost");
        assertEquals(transactionsSent, faults.tokens.size(), "transaction requests sent: " + faults.tokens);
        assertTrue(faults.tokens.stream().allMatch(t -> t != null && !t.isBlank()), "every transaction carries a ClientRequestToken");
        assertEquals(1, Set.copyOf(faults.tokens).size(), "the SDK's retry sends the token of the try it repeats");
    }

    @Test
    void aCancelWhoseAnswerWasLostIsACancel() {
        Slot slot = slot(0);
        Appointment appointment = booked(slot);
        faults.arm();

        assertTrue(appointments.cancel(appointment));
        lostOnceAndRetriedWithItsToken(2);
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(appointment.id()).orElseThrow().status());
        assertEquals(0, slots.find(slot.id()).orElseThrow().booked(), "the place was freed once");
        assertFalse(appointments.cancel(appointment), "a second cancellation changes nothing");
    }

    @Test
    void aMoveWhoseAnswerWasLostIsAMove() {
        Slot from = slot(1);
        Slot to = slot(2);
        Appointment appointment = booked(from);
        faults.arm();

        appointments.reschedule(appointment, appointment.movedTo(to), List.of());
        lostOnceAndRetriedWithItsToken(2);
        assertEquals(to.id(), appointments.find(appointment.id()).orElseThrow().slotId());
        assertEquals(0, slots.find(from.id()).orElseThrow().booked());
        assertEquals(1, slots.find(to.id()).orElseThrow().booked(), "the new place was taken once");
    }

    /** Every try's answer lost: the SDK gives up, and the store reads what the table holds before answering. */
    @Test
    void aCancelAndAMoveWhoseEveryAnswerWasLostAreWhatTheTableHolds() {
        Slot from = slot(3);
        Slot to = slot(4);
        Appointment moving = booked(from);
        faults.arm(Integer.MAX_VALUE);
        appointments.reschedule(moving, moving.movedTo(to), List.of());
        assertTrue(faults.lost.get() >= 2, "the SDK tried again before giving up");
        assertEquals(to.id(), appointments.find(moving.id()).orElseThrow().slotId());

        faults.arm(Integer.MAX_VALUE);
        assertTrue(appointments.cancel(moving.movedTo(to)));
        faults.arm(0);
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(moving.id()).orElseThrow().status());
        assertEquals(0, slots.find(to.id()).orElseThrow().booked(), "the place was freed once");
    }

    @Test
    void anAttendanceWhoseAnswerWasLostIsRecorded() {
        Appointment appointment = booked(slot(3));
        faults.arm();

        assertTrue(appointments.changeStatus(appointment, AppointmentStatus.ATTENDED));
        assertEquals(1, faults.lost.get());
        assertEquals(AppointmentStatus.ATTENDED, appointments.find(appointment.id()).orElseThrow().status());
        assertFalse(appointments.changeStatus(appointment, AppointmentStatus.NO_SHOW), "another change from BOOKED loses");
    }

    @Test
    void aRequestWhoseAnswerWasLostIsCreatedNotAlreadyPending() {
        Callback callback = pending();
        faults.arm();

        CallbackStore.Creation creation = callbacks.createIfNoPending(callback);
        assertInstanceOf(CallbackStore.Creation.Created.class, creation);
        lostOnceAndRetriedWithItsToken(2);
        assertEquals(Integer.valueOf(1), callbacks.bookedPerWindow(callback.siteId(), RETRAITE.id(), NOW, NOW.plusSeconds(60))
                .get(NOW), "counted once in its window");
    }

    @Test
    void aClaimAReleaseAndACompletionWhoseAnswersWereLostAreWon() {
        Callback callback = callbacks.createIfNoPending(pending()).callback();
        Callback claimed = callback.claim("agent-1", NOW, NOW.plusSeconds(900));
        faults.arm();
        assertTrue(callbacks.replace(callback, claimed), "claimed, though the answer was lost");
        assertEquals(1, faults.lost.get());
        assertEquals("agent-1", callbacks.find(callback.id()).orElseThrow().claimedBy());
        assertFalse(callbacks.replace(callback, callback.claim("agent-2", NOW, NOW.plusSeconds(900))), "another agent from the same version loses");

        Callback released = claimed.release(NOW);
        faults.arm();
        assertTrue(callbacks.replace(claimed, released));
        assertEquals(CallbackStatus.PENDING, callbacks.find(callback.id()).orElseThrow().status());

        Callback again = released.claim("agent-1", NOW, NOW.plusSeconds(900));
        assertTrue(callbacks.replace(released, again));
        Callback completed = again.close(CallOutcome.REACHED, NOW, null);
        faults.arm();
        assertTrue(callbacks.replace(again, completed), "completed, though the answer was lost");
        lostOnceAndRetriedWithItsToken(2);
        assertEquals(CallbackStatus.COMPLETED, callbacks.find(callback.id()).orElseThrow().status());
        assertInstanceOf(CallbackStore.Creation.Created.class,
                callbacks.createIfNoPending(Callback.requested(UUID.randomUUID().toString(), callback.phone(), RETRAITE,
                        callback.siteId(), null, NOW, callback.window())), "the completion freed the number's key");
    }
}
