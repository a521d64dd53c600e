package fr.accueil.handlers.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.DynamodbEvent;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.AttributeValue;
import com.amazonaws.services.lambda.runtime.events.models.dynamodb.StreamRecord;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.MessageSender;
import fr.accueil.domain.booking.Notifier;
import fr.accueil.domain.booking.QuotaMessageSender;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LoopbackKms;
import fr.accueil.embedded.LoopbackMessaging;
import fr.accueil.storage.dynamodb.DynamoMessageQueue;
import fr.accueil.storage.dynamodb.DynamoPersonalDataEraser;
import fr.accueil.storage.dynamodb.DynamoSmsQuota;
import fr.accueil.storage.messaging.AwsMessageSender;
import fr.accueil.storage.messaging.KmsMessageSeal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.sesv2.SesV2Client;
import software.amazon.awssdk.services.sns.SnsClient;

/** MessageSenderFunction against DynamoDB Local and the real SNS and SES v2 SDK clients sending to loopback. */
class MessageSenderIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final LoopbackMessaging PROVIDERS = start(LoopbackMessaging::start);
    private static final LoopbackKms KMS = start(LoopbackKms::start);
    private static final Clock CLOCK = Clock.systemUTC();
    private static final Duration LEASE = Duration.ofMillis(300);
    private static final DynamoMessageQueue QUEUE = new DynamoMessageQueue(STACK.client(), STACK.table("MessagesTable"), CLOCK, LEASE,
            new KmsMessageSeal(KmsClient.builder().endpointOverride(KMS.endpoint()).region(Region.EU_CENTRAL_1)
                    .credentialsProvider(credentials()).httpClient(UrlConnectionHttpClient.create()).build(),
                    "arn:aws:kms:eu-central-1:000000000000:key/MessagesKey"));
    private static final AwsMessageSender AWS = new AwsMessageSender(
            SnsClient.builder().endpointOverride(PROVIDERS.endpoint()).region(Region.EU_CENTRAL_1).credentialsProvider(credentials())
                    .httpClient(UrlConnectionHttpClient.create()).build(),
            SesV2Client.builder().endpointOverride(PROVIDERS.endpoint()).region(Region.EU_CENTRAL_1).credentialsProvider(credentials())
                    .httpClient(UrlConnectionHttpClient.create()).build(),
            "rendez-vous@accueil.example.fr", "Moselle", "accueil-messages");

    private interface Starter<T> {
        T start() throws java.io.IOException;
    }

    private static <T> T start(Starter<T> starter) {
        try {
            return starter.start();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static StaticCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
    }

    @AfterAll
    static void stop() {
        PROVIDERS.close();
        KMS.close();
    }

    private static String mobile() {
        return "+336" + (10_000_000 + Math.floorMod(UUID.randomUUID().hashCode(), 89_999_999));
    }

    private static BookingMessages.Message message(String appointmentId, String once) {
        return new BookingMessages.Message("Votre rendez-vous CAF est confirmé", "Rendez-vous confirmé : CAF, à Metz. Lien : "
                + "https://accueil.example.fr/rendez-vous/" + appointmentId + "?token=secret-" + appointmentId, appointmentId, once);
    }

    /** The stream's records (KEYS_ONLY) of every message queued about these appointments, as Lambda gets them. */
    private static DynamodbEvent recordsAbout(List<String> appointmentIds) {
        List<DynamodbEvent.DynamodbStreamRecord> records = STACK.client().scanPaginator(r -> r.tableName(STACK.table("MessagesTable"))).items()
                .stream().filter(item -> item.containsKey("appointmentId") && appointmentIds.contains(item.get("appointmentId").s()))
                .map(item -> {
                    DynamodbEvent.DynamodbStreamRecord record = new DynamodbEvent.DynamodbStreamRecord();
                    record.setEventName("INSERT");
                    record.setDynamodb(new StreamRecord().withKeys(Map.of("pk", new AttributeValue().withS(item.get("pk").s()))));
                    return record;
                }).toList();
        DynamodbEvent event = new DynamodbEvent();
        event.setRecords(records);
        return event;
    }

    private static List<LoopbackMessaging.Delivered> deliveredTo(String... recipients) {
        return PROVIDERS.mailbox().stream().filter(m -> List.of(recipients).contains(m.to())).toList();
    }

    @Test
    void aConfirmationLeavesOnceBySnsAndSesAndOnlyItsIdStays() {
        String id = UUID.randomUUID().toString();
        String phone = mobile();
        String email = id + "@example.fr";
        QUEUE.send(Notifier.Channel.SMS, phone, message(id, null));
        QUEUE.send(Notifier.Channel.EMAIL, email, message(id, null));
        DynamodbEvent event = recordsAbout(List.of(id));
        String queued = STACK.client().scan(r -> r.tableName(STACK.table("MessagesTable"))).items().toString();
        assertTrue(queued.contains(phone) && !queued.contains("secret-" + id), "queued: the link's token only encrypted");

        MessageSenderHandler handler = new MessageSenderHandler(QUEUE, AWS, CLOCK);
        assertEquals(2, handler.handleRequest(event, null).get("sent"));
        assertEquals(0, handler.handleRequest(event, null).get("sent"), "a batch read again sends nothing");

        List<LoopbackMessaging.Delivered> delivered = deliveredTo(phone, email);
        assertEquals(List.of("SMS", "EMAIL"), delivered.stream().map(LoopbackMessaging.Delivered::kind).sorted(
                java.util.Comparator.reverseOrder()).toList());
        LoopbackMessaging.Delivered sms = delivered.stream().filter(m -> m.kind().equals("SMS")).findFirst().orElseThrow();
        assertEquals("Moselle", sms.from());
        assertEquals("Transactional", sms.settings());
        LoopbackMessaging.Delivered mail = delivered.stream().filter(m -> m.kind().equals("EMAIL")).findFirst().orElseThrow();
        assertEquals("Votre rendez-vous CAF est confirmé", mail.subject());
        assertEquals("accueil-messages", mail.settings());
        String table = STACK.client().scan(r -> r.tableName(STACK.table("MessagesTable"))).items().toString();
        assertFalse(table.contains(phone) || table.contains(email) || table.contains("secret-" + id), "nothing once sent");
    }

    @Test
    void aReminderQueuedByTwoRunsLeavesOnce() {
        String id = UUID.randomUUID().toString();
        String phone = mobile();
        QUEUE.send(Notifier.Channel.SMS, phone, message(id, "reminder#" + id));
        QUEUE.send(Notifier.Channel.SMS, phone, message(id, "reminder#" + id));
        DynamodbEvent event = recordsAbout(List.of(id));
        assertEquals(1, event.getRecords().size());
        new MessageSenderHandler(QUEUE, AWS, CLOCK).handleRequest(event, null);
        QUEUE.send(Notifier.Channel.SMS, phone, message(id, "reminder#" + id));
        new MessageSenderHandler(QUEUE, AWS, CLOCK).handleRequest(recordsAbout(List.of(id)), null);
        assertEquals(1, deliveredTo(phone).size(), "a third run after the send queues nothing either");
    }

    @Test
    void aSenderKilledMidBatchThenRerunSendsTheRestOnce() {
        List<String> ids = new java.util.ArrayList<>();
        List<String> phones = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            phones.add(mobile());
            QUEUE.send(Notifier.Channel.SMS, phones.get(i), message(id, null));
        }
        DynamodbEvent batch = recordsAbout(ids);
        AtomicInteger sends = new AtomicInteger();
        // The container dies while sending the fourth: an Error, which nothing in the function catches.
        MessageSender dying = (channel, to, message) -> {
            if (sends.incrementAndGet() == 4) {
                throw new OutOfMemoryError("killed mid-batch");
            }
            AWS.send(channel, to, message);
        };
        assertThrows(OutOfMemoryError.class, () -> new MessageSenderHandler(QUEUE, dying, CLOCK).handleRequest(batch, null));
        assertEquals(3, deliveredTo(phones.toArray(String[]::new)).size());

        // The event source mapping retries the batch: the three sent are skipped, the one held by the dead sender
        // is taken over once its lease lapses, the others are sent.
        assertEquals(3, new MessageSenderHandler(QUEUE, AWS, CLOCK).handleRequest(batch, null).get("sent"));
        List<String> to = deliveredTo(phones.toArray(String[]::new)).stream().map(LoopbackMessaging.Delivered::to).sorted().toList();
        assertEquals(phones.stream().sorted().toList(), to, "each once");
    }

    @Test
    void aFailingProviderIsRetriedThenTheMessageFails() {
        String id = UUID.randomUUID().toString();
        QUEUE.send(Notifier.Channel.SMS, "+33612345678", message(id, null));
        DynamodbEvent event = recordsAbout(List.of(id));
        MessageSender down = (channel, to, message) -> {
            throw new IllegalStateException("SNS throttled");
        };
        for (int attempt = 1; attempt <= DynamoMessageQueue.MAX_ATTEMPTS; attempt++) {
            assertThrows(IllegalStateException.class, () -> new MessageSenderHandler(QUEUE, down, CLOCK).handleRequest(event, null));
        }
        assertEquals(0, new MessageSenderHandler(QUEUE, AWS, CLOCK).handleRequest(event, null).get("sent"), "FAILED after its attempts");
        String item = STACK.client().scan(r -> r.tableName(STACK.table("MessagesTable"))).items().stream()
                .filter(i -> i.get("pk").s().equals(event.getRecords().get(0).getDynamodb().getKeys().get("pk").getS()))
                .findFirst().orElseThrow().toString();
        assertTrue(item.contains("FAILED") && !item.contains("+33612345678"), item);
    }

    @Test
    void pastANumbersDailyLimitNoSmsLeavesButEmailsDo() {
        String phone = mobile();
        String email = UUID.randomUUID() + "@example.fr";
        MessageSender limited = new QuotaMessageSender(AWS, new DynamoSmsQuota(STACK.client(), STACK.table("BookingTable"), CLOCK, 2, 1000));
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String id = UUID.randomUUID().toString();
            ids.add(id);
            QUEUE.send(Notifier.Channel.SMS, phone, message(id, null));
            QUEUE.send(Notifier.Channel.EMAIL, email, message(id, null));
        }
        new MessageSenderHandler(QUEUE, limited, CLOCK).handleRequest(recordsAbout(ids), null);
        assertEquals(2, deliveredTo(phone).size());
        assertEquals(3, deliveredTo(email).size());
    }

    @Test
    void anErasedAppointmentLeavesNoQueuedMessage() {
        String id = UUID.randomUUID().toString();
        String phone = mobile();
        QUEUE.send(Notifier.Channel.SMS, phone, message(id, null));
        QUEUE.send(Notifier.Channel.EMAIL, id + "@example.fr", message(id, "reminder#" + id));
        DynamodbEvent queued = recordsAbout(List.of(id));
        assertEquals(2, queued.getRecords().size());
        new DynamoPersonalDataEraser(STACK.client(), STACK.table("ContactsTable"), STACK.table("CallbacksTable"),
                STACK.table("BookingTable"), STACK.table("SatisfactionTable"), STACK.table("MessagesTable"), false, CLOCK)
                .eraseAppointment(id);
        assertEquals(0, recordsAbout(List.of(id)).getRecords().size());
        assertEquals(0, new MessageSenderHandler(QUEUE, AWS, CLOCK).handleRequest(queued, null).get("sent"), "nothing left to send");
        assertTrue(deliveredTo(phone).isEmpty());
    }
}
