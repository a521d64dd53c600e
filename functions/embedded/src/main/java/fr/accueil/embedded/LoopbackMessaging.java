package fr.accueil.embedded;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;

/**
 * Amazon SNS and Amazon SES v2 on loopback, speaking their wire protocols so the real SDK clients send to them
 * (endpoints given by AWS_ENDPOINT_URL_SNS and AWS_ENDPOINT_URL_SESV2): SNS Publish to a phone number in the AWS
 * Query protocol (form-encoded request, XML answer; SNS API Reference, Publish), SES v2 SendEmail as REST JSON
 * ({@code POST /v2/email/outbound-emails}; SES API v2 Reference, SendEmail). What arrives is kept in a mailbox.
 */
public final class LoopbackMessaging extends LoopbackServer {
    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");
    private static final String SNS_XMLNS = "http://sns.amazonaws.com/doc/2010-03-31/";

    /**
     * One message received.
     *
     * @param kind     SMS or EMAIL
     * @param from     the SMS sender id, or the email's sender address
     * @param settings the SMS type, or the email's configuration set
     */
    public record Delivered(String messageId, Instant at, String kind, String from, String to, String subject, String text,
            String settings) {
        @Override
        public String toString() {
            return "Delivered[" + kind + ", " + messageId + "]";
        }
    }

    private final List<Delivered> mailbox = new CopyOnWriteArrayList<>();

    private LoopbackMessaging() {
    }

    public static LoopbackMessaging start() throws IOException {
        LoopbackMessaging messaging = new LoopbackMessaging();
        messaging.listen();
        return messaging;
    }

    /** Everything received, oldest first. */
    public List<Delivered> mailbox() {
        return List.copyOf(mailbox);
    }

    @Override
    void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            String path = exchange.getRequestURI().getPath();
            if ("POST".equals(exchange.getRequestMethod()) && "/v2/email/outbound-emails".equals(path)) {
                sendEmail(exchange, body);
            } else if ("POST".equals(exchange.getRequestMethod()) && "/".equals(path)) {
                publish(exchange, form(body));
            } else {
                send(exchange, 404, "application/json", "{\"message\":\"not served here: " + path + "\"}");
            }
        }
    }

    private void publish(HttpExchange exchange, Map<String, String> form) throws IOException {
        if (!"Publish".equals(form.get("Action"))) {
            snsError(exchange, "InvalidAction", "Only Publish is served here");
            return;
        }
        String phone = form.get("PhoneNumber");
        String message = form.get("Message");
        if (phone == null || !E164.matcher(phone).matches() || message == null || message.isEmpty()) {
            snsError(exchange, "InvalidParameter", "Invalid parameter: PhoneNumber Reason: not an E.164 number, or no Message");
            return;
        }
        Map<String, String> attributes = new HashMap<>();
        for (int i = 1; form.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
            attributes.put(form.get("MessageAttributes.entry." + i + ".Name"),
                    form.get("MessageAttributes.entry." + i + ".Value.StringValue"));
        }
        String id = UUID.randomUUID().toString();
        mailbox.add(new Delivered(id, Instant.now(), "SMS", attributes.get("AWS.SNS.SMS.SenderID"), phone, null, message,
                attributes.get("AWS.SNS.SMS.SMSType")));
        send(exchange, 200, "text/xml", "<PublishResponse xmlns=\"" + SNS_XMLNS + "\"><PublishResult><MessageId>" + id
                + "</MessageId></PublishResult><ResponseMetadata><RequestId>" + UUID.randomUUID()
                + "</RequestId></ResponseMetadata></PublishResponse>");
    }

    @SuppressWarnings("unchecked")
    private void sendEmail(HttpExchange exchange, String body) throws IOException {
        Map<String, Object> request = JSON.std.mapFrom(body);
        String from = (String) request.get("FromEmailAddress");
        List<String> to = request.get("Destination") instanceof Map<?, ?> destination
                && destination.get("ToAddresses") instanceof List<?> addresses ? (List<String>) addresses : List.of();
        Map<String, Object> simple = request.get("Content") instanceof Map<?, ?> content
                && content.get("Simple") instanceof Map<?, ?> s ? (Map<String, Object>) s : Map.of();
        String subject = data(simple.get("Subject"));
        String text = simple.get("Body") instanceof Map<?, ?> b ? data(b.get("Text")) : null;
        if (from == null || to.isEmpty() || subject == null || text == null) {
            send(exchange, 400, "application/json", JSON.std.asString(Map.of("message",
                    "FromEmailAddress, Destination.ToAddresses and a simple content with a subject and a text body are required")));
            return;
        }
        String id = UUID.randomUUID().toString();
        for (String address : to) {
            mailbox.add(new Delivered(id, Instant.now(), "EMAIL", from, address, subject, text,
                    (String) request.get("ConfigurationSetName")));
        }
        send(exchange, 200, "application/json", JSON.std.asString(Map.of("MessageId", id)));
    }

    private static String data(Object content) {
        return content instanceof Map<?, ?> map && map.get("Data") instanceof String data ? data : null;
    }

    private static void snsError(HttpExchange exchange, String code, String message) throws IOException {
        send(exchange, 400, "text/xml", "<ErrorResponse xmlns=\"" + SNS_XMLNS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>" + UUID.randomUUID() + "</RequestId></ErrorResponse>");
    }

    private static Map<String, String> form(String body) {
        Map<String, String> form = new HashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                form.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return form;
    }

    private static void send(HttpExchange exchange, int status, String type, String body) throws IOException {
        send(exchange, status, type, body.getBytes(StandardCharsets.UTF_8));
    }
}
