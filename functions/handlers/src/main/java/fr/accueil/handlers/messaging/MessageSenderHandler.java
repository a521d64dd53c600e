package fr.accueil.handlers.messaging;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import fr.accueil.domain.booking.MessageSender;
import fr.accueil.domain.booking.QuotaMessageSender;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoMessageQueue;
import fr.accueil.storage.dynamodb.DynamoSmsQuota;
import fr.accueil.storage.messaging.AwsMessageSender;
import fr.accueil.storage.messaging.KmsMessageSeal;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;

/**
 * MessagesTable's stream (KEYS_ONLY, batches of 10): sends each queued message once. Each is claimed first (a
 * conditional write with a lease), so a batch retried by the event source mapping, or read twice, sends nothing
 * again; one whose holder's lease lapsed (it died mid-batch) is taken over. A send that fails puts the message
 * back and fails the invocation: the mapping retries (MaximumRetryAttempts 2, halving the batch), then hands it
 * to FailedMessagesQueue, whose alarm tells the operator; the message is then FAILED.
 */
public final class MessageSenderHandler implements RequestHandler<DynamodbEvent, Map<String, Object>> {
    /** What a territory sends at most: 10 SMS a day to one number, 600 an hour in all. */
    record SmsLimits(int perNumberPerDay, int perTerritoryPerHour) {
        static final SmsLimits DEFAULT = new SmsLimits(10, 600);

        /** SMS_PER_NUMBER_PER_DAY and SMS_PER_TERRITORY_PER_HOUR, or the defaults. */
        static SmsLimits fromEnvironment() {
            return new SmsLimits(Environment.optional("SMS_PER_NUMBER_PER_DAY").map(Integer::parseInt).orElse(DEFAULT.perNumberPerDay()),
                    Environment.optional("SMS_PER_TERRITORY_PER_HOUR").map(Integer::parseInt).orElse(DEFAULT.perTerritoryPerHour()));
        }
    }

    private final DynamoMessageQueue queue;
    private final MessageSender sender;
    private final Clock clock;

    public MessageSenderHandler() {
        this(AppContext.get());
    }

    private MessageSenderHandler(AppContext app) {
        this(new DynamoMessageQueue(app.dynamo(), Environment.required("MESSAGES_TABLE"), app.clock(), KmsMessageSeal.fromEnvironment()),
                new QuotaMessageSender(AwsMessageSender.fromEnvironment(), quota(app)), app.clock());
    }

    public MessageSenderHandler(DynamoMessageQueue queue, MessageSender sender, Clock clock) {
        this.queue = queue;
        this.sender = sender;
        this.clock = clock;
    }

    private static DynamoSmsQuota quota(AppContext app) {
        SmsLimits limits = SmsLimits.fromEnvironment();
        return new DynamoSmsQuota(app.dynamo(), Environment.required("BOOKING_TABLE"), app.clock(),
                limits.perNumberPerDay(), limits.perTerritoryPerHour());
    }

    @Override
    public Map<String, Object> handleRequest(DynamodbEvent event, Context context) {
        int sent = 0;
        int settled = 0;
        for (DynamodbEvent.DynamodbStreamRecord record : event.getRecords()) {
            if ("REMOVE".equals(record.getEventName())) {
                continue; // expired by TTL or erased: nothing to send
            }
            String id = record.getDynamodb().getKeys().get("pk").getS();
            if (send(id)) {
                sent++;
            } else {
                settled++;
            }
        }
        Log.info("messages.sent", Map.of("sent", sent, "alreadySettled", settled));
        return Map.of("sent", sent, "alreadySettled", settled);
    }

    /** @return true when this invocation sent it */
    private boolean send(String id) {
        DynamoMessageQueue.Claim claim = queue.claim(id);
        if (claim instanceof DynamoMessageQueue.Held held) {
            // Another sender holds it: alive, it finishes within its lease; dead, its lease lapses and it is ours.
            waitUntil(held);
            claim = queue.claim(id);
        }
        if (!(claim instanceof DynamoMessageQueue.Claimed claimed)) {
            if (claim instanceof DynamoMessageQueue.Held) {
                throw new IllegalStateException("message " + id + " still held after its lease: retry later");
            }
            return false;
        }
        try {
            sender.send(claimed.channel(), claimed.to(), claimed.message());
        } catch (RuntimeException e) {
            queue.attemptFailed(claimed);
            Log.error("messages.send.failed", Map.of("messageId", id, "attempt", claimed.attempt()), e);
            throw e;
        }
        queue.sent(claimed);
        return true;
    }

    private void waitUntil(DynamoMessageQueue.Held held) {
        long millis = Duration.between(clock.instant(), held.until()).toMillis() + 50;
        if (millis > 0) {
            try {
                Thread.sleep(Math.min(millis, DynamoMessageQueue.LEASE.toMillis() + 50));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for a message's lease", e);
            }
        }
    }
}
