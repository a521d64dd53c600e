package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;

import fr.accueil.domain.Retry;
import fr.accueil.domain.ValidationException;
import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.AppointmentStore;
import fr.accueil.domain.booking.ErasedBookingException;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.booking.Outgoing;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotFullException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Appointments in BookingTable, written in the same transaction as their slot's counter (and a booking's
 * confirmation, in MessagesTable).
 *
 * <p>Taking a place is optimistic: the slot's counter is read, then raised by one on condition that it
 * is still what was read (and below capacity). Conditioning on the exact value, rather than only on
 * {@code booked < capacity}, lets the same update drop the slot from the FreeSlots index exactly when it
 * becomes full, so the index never lists a full slot nor misses a free one. A lost race re-reads and
 * retries; a full slot answers {@link SlotFullException}.
 */
public final class DynamoAppointmentStore implements AppointmentStore {
    /** How long a retried booking gets its first answer back; a day covers any client's retries. */
    public static final Duration IDEMPOTENCY_RETENTION = Duration.ofHours(24);
    private static final Retry CONTENDED = Contention.retry(64);
    private static final String CONDITION_FAILED = "ConditionalCheckFailed";
    private static final String CONFLICT = "TransactionConflict";

    private final DynamoDbClient dynamo;
    private final String table;
    private final Clock clock;
    private final Duration retention;
    private final DynamoSlotStore slots;
    private final MessageQueue messages;

    /** A store that writes no messages (tests, the smoke tier's test booking). */
    public DynamoAppointmentStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention) {
        this(dynamo, table, clock, retention, null);
    }

    /** @param messages where a booking's confirmation is put, in the booking's transaction */
    public DynamoAppointmentStore(DynamoDbClient dynamo, String table, Clock clock, Duration retention, MessageQueue messages) {
        this.messages = messages;
        this.dynamo = dynamo;
        this.table = table;
        this.clock = clock;
        this.retention = retention;
        this.slots = new DynamoSlotStore(dynamo, table, clock, retention);
    }

    @Override
    public Appointment book(Slot slot, Appointment appointment, String idempotencyKey, List<Outgoing> outgoing) {
        List<TransactWriteItem> messageWrites = messageWrites(outgoing);
        return CONTENDED.call(DynamoAppointmentStore::retryable, attempt -> {
            // Another booking changed the counter since it was read: read it again.
            Slot seen = attempt == 0 ? slot
                    : slots.find(appointment.slotId()).orElseThrow(() -> new NotFoundException("Créneau introuvable."));
            if (seen.booked() >= seen.capacity()) {
                // A retry of the booking that took the last place gets that booking, not "full".
                return replay(idempotencyKey).orElseThrow(() -> new SlotFullException(appointment.slotId()));
            }
            Instant now = clock.instant();
            List<TransactWriteItem> writes = new ArrayList<>(List.of(
                    TransactWriteItem.builder().update(take(appointment.slotId(), seen.capacity(), seen.booked())).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table)
                            .item(BookingItems.appointment(appointment, retention))
                            .conditionExpression("attribute_not_exists(pk)")).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table)
                            .item(idempotencyRecord(idempotencyKey, appointment.id(), now))
                            // An expired record is only waiting for DynamoDB's sweeper: the key is free again.
                            .conditionExpression("attribute_not_exists(pk) OR expiresAt <= :now")
                            .expressionAttributeValues(Map.of(":now", n(now.getEpochSecond())))).build()));
            writes.addAll(messageWrites);
            String token = WriteIds.token(appointment.id(), attempt);
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(token));
                return appointment;
            } catch (TransactionCanceledException e) {
                List<String> reasons = codes(e);
                if (CONDITION_FAILED.equals(reasons.get(2))) {
                    Optional<Appointment> first = replay(idempotencyKey);
                    if (first.isPresent()) {
                        return first.get();
                    }
                }
                throw e;
            } catch (SdkException e) {
                return settled(e, () -> replay(idempotencyKey));
            }
        });
    }

    /** Cancels in one transaction with its messages; an SDK retry of the applied transaction reuses its token ({@link WriteIds}). */
    @Override
    public boolean cancel(Appointment appointment, List<Outgoing> outgoing) {
        return transition(appointment, AppointmentStatus.BOOKED, AppointmentStatus.CANCELLED, messageWrites(outgoing));
    }

    /** Moves in one transaction; an SDK retry of the applied transaction reuses its token ({@link WriteIds}). */
    @Override
    public void reschedule(Appointment current, Appointment moved, List<Outgoing> outgoing) {
        String operation = WriteIds.next();
        List<TransactWriteItem> messageWrites = messageWrites(outgoing);
        Map<String, AttributeValue> movedItem = new HashMap<>(BookingItems.appointment(moved, retention));
        movedItem.put(WriteIds.ATTRIBUTE, s(operation));
        CONTENDED.call(DynamoAppointmentStore::retryable, attempt -> {
            Slot target = slots.find(moved.slotId()).orElseThrow(() -> new NotFoundException("Créneau introuvable."));
            if (target.booked() >= target.capacity()) {
                throw new SlotFullException(moved.slotId());
            }
            // The new place is taken in the same transaction that frees the old: a full new slot leaves
            // the appointment where it was, and no one can take the old place before the move is sure.
            List<TransactWriteItem> writes = new ArrayList<>(List.of(
                    TransactWriteItem.builder().update(take(moved.slotId(), target.capacity(), target.booked())).build(),
                    TransactWriteItem.builder().update(free(current)).build(),
                    TransactWriteItem.builder().put(p -> p.tableName(table)
                            .item(movedItem)
                            .conditionExpression("#status = :booked AND slotId = :slot")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(Map.of(":booked", s(AppointmentStatus.BOOKED.name()),
                                    ":slot", s(current.slotId())))
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)).build()));
            writes.addAll(messageWrites);
            String token = WriteIds.token(operation, attempt);
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(token));
                return null;
            } catch (TransactionCanceledException e) {
                List<String> reasons = codes(e);
                if (CONDITION_FAILED.equals(reasons.get(2))) {
                    if (WriteIds.writtenBy(e.cancellationReasons().get(2).item(), operation)) {
                        return null; // moved by an earlier try of this operation, whose answer was lost
                    }
                    throw new ValidationException("status", "Ce rendez-vous vient de changer : rechargez la page.");
                }
                throw e;
            } catch (SdkException e) {
                return settled(e, () -> find(moved.id())
                        .filter(stored -> stored.status() == AppointmentStatus.BOOKED && stored.slotId().equals(moved.slotId())));
            }
        });
    }

    /** A single conditional write: it stores its id, so a retry that finds its own change applied answers true. */
    /**
     * The new hash and the messages carrying the link in one transaction, on condition that the link and status are
     * still the ones read and that no link was reissued before ({@code linkReissued}): once per appointment.
     */
    @Override
    public boolean reissueLink(Appointment appointment, String newTokenHash, List<Outgoing> outgoing) {
        List<TransactWriteItem> writes = new ArrayList<>();
        writes.add(TransactWriteItem.builder().update(u -> u.tableName(table).key(BookingItems.appointmentKey(appointment.id()))
                .updateExpression("SET tokenHash = :new, linkReissued = :now")
                .conditionExpression("tokenHash = :old AND #status = :booked AND attribute_not_exists(linkReissued)")
                .expressionAttributeNames(Map.of("#status", "status"))
                .expressionAttributeValues(Map.of(":new", s(newTokenHash), ":old", s(appointment.tokenHash()),
                        ":booked", s(AppointmentStatus.BOOKED.name()), ":now", s(clock.instant().toString())))).build());
        writes.addAll(messageWrites(outgoing));
        String token = WriteIds.next();
        try {
            dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(token));
            return true;
        } catch (TransactionCanceledException e) {
            if (CONDITION_FAILED.equals(codes(e).get(0))) {
                return false;
            }
            throw e;
        }
    }

    /**
     * The status alone, or in one transaction with the slot's counter when the change gives the place back or takes
     * it again ({@link AppointmentStatus#holdsPlace}). Each write stores its id, so a retry that finds its own change
     * applied answers true.
     */
    @Override
    public boolean changeStatus(Appointment from, AppointmentStatus to) {
        return transition(from, from.status(), to, List.of());
    }

    /** A status change from {@code fromStatus}, with the slot's counter as it follows and the writes that go with it. */
    private boolean transition(Appointment from, AppointmentStatus fromStatus, AppointmentStatus to, List<TransactWriteItem> along) {
        String operation = WriteIds.next();
        boolean frees = fromStatus.holdsPlace() && !to.holdsPlace();
        boolean takes = !fromStatus.holdsPlace() && to.holdsPlace();
        boolean[] slotKept = {frees || takes};
        boolean[] counterMoved = {false};
        return CONTENDED.call(e -> counterMoved[0] || Contention.conflicted(e), attempt -> {
            counterMoved[0] = false;
            Update status = statusChange(from.id(), fromStatus, to, operation);
            Update counter = null;
            if (slotKept[0] && frees) {
                counter = free(from);
            } else if (slotKept[0]) {
                Optional<Slot> slot = slots.find(from.slotId()).filter(found -> !found.full());
                // The place went to someone else meanwhile (or the slot is past its retention): the status alone.
                counter = slot.map(found -> take(found.id(), found.capacity(), found.booked())).orElse(null);
            }
            List<TransactWriteItem> writes = new ArrayList<>(List.of(TransactWriteItem.builder().update(status).build()));
            if (counter != null) {
                writes.add(TransactWriteItem.builder().update(counter).build());
            }
            writes.addAll(along);
            String token = WriteIds.token(operation, attempt);
            try {
                dynamo.transactWriteItems(r -> r.transactItems(writes).clientRequestToken(token));
                return true;
            } catch (TransactionCanceledException e) {
                List<String> reasons = codes(e);
                if (CONDITION_FAILED.equals(reasons.get(0))) {
                    return WriteIds.writtenBy(e.cancellationReasons().get(0).item(), operation);
                }
                if (counter != null && CONDITION_FAILED.equals(reasons.get(1))) {
                    // Freeing: the slot is gone, nothing to give back. Taking: the counter moved, read it again.
                    slotKept[0] = takes;
                    counterMoved[0] = true;
                }
                throw e;
            } catch (SdkException e) {
                return settled(e, () -> find(from.id()).filter(stored -> stored.status() == to).map(stored -> true));
            }
        });
    }

    @Override
    public Optional<Appointment> find(String appointmentId) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(BookingItems.appointmentKey(appointmentId)).consistentRead(true)).item();
        return item == null || item.isEmpty() || !Items.live(item, clock.instant())
                ? Optional.empty()
                : Optional.of(BookingItems.appointment(item));
    }

    @Override
    public List<Appointment> bySiteAndDate(String siteId, LocalDate date) {
        Instant now = clock.instant();
        return dynamo.queryPaginator(r -> r.tableName(table).indexName(BookingItems.BY_DAY)
                        .keyConditionExpression("dayPk = :pk")
                        .expressionAttributeValues(Map.of(":pk", s(BookingItems.dayPk(siteId, date)))))
                .items().stream()
                .filter(item -> Items.live(item, now))
                .map(BookingItems::appointment)
                .toList();
    }

    /** The messages' puts, made once (their text encrypted once) for every attempt of the transaction. */
    private List<TransactWriteItem> messageWrites(List<Outgoing> outgoing) {
        if (outgoing.isEmpty()) {
            return List.of();
        }
        if (messages == null) {
            throw new IllegalStateException("this store was given nowhere to put messages");
        }
        return messages.writes(outgoing);
    }

    /** The status {@code from} → {@code to}, marked with the operation's id; the item as it was when it is no longer {@code from}. */
    private Update statusChange(String appointmentId, AppointmentStatus from, AppointmentStatus to, String operation) {
        return Update.builder().tableName(table).key(BookingItems.appointmentKey(appointmentId))
                .updateExpression("SET #status = :to, #writeId = :writeId")
                .conditionExpression("#status = :from")
                .expressionAttributeNames(Map.of("#status", "status", "#writeId", WriteIds.ATTRIBUTE))
                .expressionAttributeValues(Map.of(":to", s(to.name()), ":from", s(from.name()), ":writeId", s(operation)))
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD).build();
    }

    private Update take(String slotId, int capacity, int seen) {
        return BookingItems.take(table, slotId, capacity, seen);
    }

    private Update free(Appointment appointment) {
        return BookingItems.free(table, appointment.slotId(), appointment.permanenceId(), appointment.start().toInstant());
    }

    private Map<String, AttributeValue> idempotencyRecord(String key, String appointmentId, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(BookingItems.idempotencyKey(key));
        item.put("appointmentId", s(appointmentId));
        item.put(Items.EXPIRES_AT, n(now.plus(IDEMPOTENCY_RETENTION).getEpochSecond()));
        return item;
    }

    /**
     * The appointment first booked with this key, while the key is remembered. A remembered key whose
     * appointment is gone was erased: appointments outlive their key (retention against a day) unless erased.
     */
    private Optional<Appointment> replay(String idempotencyKey) {
        Map<String, AttributeValue> item = dynamo.getItem(r -> r.tableName(table)
                .key(BookingItems.idempotencyKey(idempotencyKey)).consistentRead(true)).item();
        if (item == null || item.isEmpty() || !Items.live(item, clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(find(Items.string(item, "appointmentId")).orElseThrow(ErasedBookingException::new));
    }

    /**
     * The SDK gave up on a transaction (its retries spent), which may have applied with its answer lost: the
     * caller must be told what the table holds, so it is read back, and the failure stands only if nothing applied.
     */
    private static <T> T settled(SdkException failure, Supplier<Optional<T>> applied) {
        Optional<T> outcome;
        try {
            outcome = applied.get();
        } catch (SdkException readFailed) {
            failure.addSuppressed(readFailed);
            throw failure;
        }
        return outcome.orElseThrow(() -> failure);
    }

    private static List<String> codes(TransactionCanceledException e) {
        List<String> codes = new ArrayList<>();
        if (e.hasCancellationReasons()) {
            for (CancellationReason reason : e.cancellationReasons()) {
                codes.add(reason.code());
            }
        }
        while (codes.size() < 3) {
            codes.add(null);
        }
        return codes;
    }

    /** A lost race on a counter, or a transaction in flight on the same items: read again and retry. */
    private static boolean retryable(Exception failure) {
        if (!(failure instanceof TransactionCanceledException e)) {
            return false;
        }
        List<String> reasons = codes(e);
        return reasons.contains(CONFLICT) || CONDITION_FAILED.equals(reasons.get(0));
    }
}
