package fr.accueil.local;

import com.fasterxml.jackson.jr.ob.JSON;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import fr.accueil.embedded.LocalClients;
import fr.accueil.embedded.Template;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * EventBridge on loopback for the partner events (AWS_ENDPOINT_URL_EVENTBRIDGE points here): PutEvents as the
 * SDK's JSON 1.1 protocol sends it, each entry made an event as EventBridge makes it (id, account, region,
 * time, detail) and kept among the recent ones ({@code GET /api/dev/events}). The template's rules on the bus
 * apply with their own patterns ({@link EventPatterns}) and conditions, the webhook parameters given by the
 * runner's options: a matching event is POSTed to the API destination's endpoint with the connection's API key
 * header, retried as the rule's RetryPolicy says, then kept as a dead letter.
 *
 * <p>The events AWS services send by themselves (Amazon Connect's contact events, from the local phone) come in
 * through {@link #emit}. A rule whose target is a function of the template ({@code !Ref XFunction.Alias}) has it
 * invoked asynchronously through the runner's invoker, with Lambda's retries of an asynchronous invocation
 * (Lambda Developer Guide, "Asynchronous invocation": a function error is tried again {@code MaximumRetryAttempts}
 * times of its EventInvokeConfig, 2 by default, then goes to its on-failure destination, kept here as a dead
 * letter). Lambda waits about 1 then 2 minutes between tries; here 1 then 2 seconds, so a local run never waits
 * minutes. The local Connect instance stands for {@code ConnectInstanceArn} in the rules (so HasConnect holds).
 */
final class LocalEventBridge {
    static final String DEV_PATH = "/api/dev/events";
    private static final int RECENT = 200;
    /** EventBridge retries these answers and a failed connection; any other 4xx is final (User Guide, "API destinations"). */
    private static final Set<Integer> RETRIED = Set.of(401, 407, 409, 429);
    private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(60);
    private static volatile LocalEventBridge running;

    /**
     * The runner's webhook: the PartnerWebhookUrl, PartnerWebhookPartnerIds and PartnerWebhookThemeIds
     * parameters, and the key the deployed stack keeps in Secrets Manager.
     */
    record Webhook(String url, String partnerIds, String themeIds, String key) {
        static Webhook none() {
            return new Webhook("", "", "", "");
        }

        /** A key as random as the secret's GenerateSecretString makes one (48 letters and digits). */
        static String randomKey() {
            byte[] bytes = new byte[36];
            new SecureRandom().nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes).replace('-', 'a').replace('_', 'b');
        }
    }

    private record Route(Map<String, Object> pattern, String url, String header, int retries, Duration maxAge) {
    }

    /** A rule's function target, and how many times Lambda tries a failed asynchronous event again. */
    private record FunctionRoute(Map<String, Object> pattern, String function, int retries) {
    }

    private final HttpServer server;
    private final Template template;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ScheduledExecutorService deliveries = Executors.newScheduledThreadPool(1, r -> {
        Thread t = new Thread(r, "local-eventbridge-delivery");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Map<String, Object>> recent = new ArrayDeque<>();
    private final List<Map<String, Object>> deadLetters = new ArrayList<>();
    private volatile Webhook webhook = Webhook.none();
    private volatile List<Route> routes = List.of();
    private volatile List<FunctionRoute> functionRoutes = List.of();
    private final Functions functions;
    private final LambdaInvoker invoker;

    private LocalEventBridge(HttpServer server, Template template, Functions functions, LambdaInvoker invoker) {
        this.server = server;
        this.template = template;
        this.functions = functions;
        this.invoker = invoker;
    }

    static LocalEventBridge start(Template template, Webhook webhook, Functions functions, LambdaInvoker invoker) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(LocalStack.LOOPBACK, 0), 16);
        LocalEventBridge bridge = new LocalEventBridge(server, template, functions, invoker);
        bridge.deliverTo(webhook);
        server.createContext("/", bridge::handle);
        server.start();
        Environment.setLocally("AWS_ENDPOINT_URL_EVENTBRIDGE", "http://" + LocalStack.LOOPBACK + ":" + server.getAddress().getPort());
        running = bridge;
        return bridge;
    }

    /** The bridge of the running stack, for the dev route. */
    static LocalEventBridge running() {
        return running;
    }

    /** As a redeploy with other webhook parameters: the rules are read again with them. */
    @SuppressWarnings("unchecked")
    synchronized void deliverTo(Webhook given) {
        Map<String, String> parameters = new LinkedHashMap<>(template.parameterDefaults());
        parameters.put("PartnerWebhookUrl", given.url());
        parameters.put("PartnerWebhookPartnerIds", given.partnerIds());
        parameters.put("PartnerWebhookThemeIds", given.themeIds());
        parameters.put("ConnectInstanceArn", LocalConnect.INSTANCE_ARN);
        TemplateValues values = new TemplateValues(parameters, Map.of(), template.conditions(), LocalClients.REGION.id(), Set.of());
        Map<String, Map<String, Object>> resources = new LinkedHashMap<>(template.resources("AWS::Events::ApiDestination"));
        Map<String, Map<String, Object>> connections = template.resources("AWS::Events::Connection");
        List<Route> read = new ArrayList<>();
        List<FunctionRoute> functionTargets = new ArrayList<>();
        template.resources("AWS::Events::Rule").forEach((id, properties) -> {
            if (template.condition(id).map(condition -> !values.condition(condition)).orElse(false)) {
                return;
            }
            Map<String, Object> pattern = (Map<String, Object>) values.resolve(properties.get("EventPattern"));
            for (Map<String, Object> target : (List<Map<String, Object>>) properties.get("Targets")) {
                if (target.get("Arn") instanceof Map<?, ?> arn && arn.get("Ref") instanceof String ref && ref.endsWith(".Alias")) {
                    String function = ref.substring(0, ref.length() - ".Alias".length());
                    Map<String, Object> config = template.resources("AWS::Serverless::Function").get(function)
                            .get("EventInvokeConfig") instanceof Map<?, ?> c ? (Map<String, Object>) c : Map.of();
                    functionTargets.add(new FunctionRoute(pattern, function,
                            config.get("MaximumRetryAttempts") instanceof Number n ? n.intValue() : 2));
                    continue;
                }
                String destination = ((List<String>) ((Map<String, Object>) target.get("Arn")).get("Fn::GetAtt")).get(0);
                Map<String, Object> api = resources.get(destination);
                String connection = ((List<String>) ((Map<String, Object>) api.get("ConnectionArn")).get("Fn::GetAtt")).get(0);
                Map<String, Object> auth = (Map<String, Object>) ((Map<String, Object>) connections.get(connection)
                        .get("AuthParameters")).get("ApiKeyAuthParameters");
                Map<String, Object> retry = (Map<String, Object>) target.get("RetryPolicy");
                read.add(new Route(pattern, String.valueOf(values.resolve(api.get("InvocationEndpoint"))), (String) auth.get("ApiKeyName"),
                        ((Number) retry.get("MaximumRetryAttempts")).intValue(),
                        Duration.ofSeconds(((Number) retry.get("MaximumEventAgeInSeconds")).longValue())));
            }
        });
        this.webhook = given;
        this.routes = List.copyOf(read);
        this.functionRoutes = List.copyOf(functionTargets);
    }

    void stop() {
        server.stop(0);
        deliveries.shutdownNow();
        running = null;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String target = exchange.getRequestHeaders().getFirst("X-Amz-Target");
            Map<String, Object> request = JSON.std.mapFrom(exchange.getRequestBody());
            if (!"AWSEvents.PutEvents".equals(target)) {
                Exchanges.sendJson(exchange, 400, Map.of(), Json.write(Map.of("__type", "UnknownOperationException",
                        "message", "Only PutEvents is served here: " + target)));
                return;
            }
            List<Map<String, Object>> results = new ArrayList<>();
            for (Object entry : (List<?>) request.getOrDefault("Entries", List.of())) {
                results.add(Map.of("EventId", put(asMap(entry))));
            }
            Exchanges.sendJson(exchange, 200, Map.of("Content-Type", "application/x-amz-json-1.1"),
                    Json.write(Map.of("FailedEntryCount", 0, "Entries", results)));
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object value) {
        return (Map<String, Object>) value;
    }

    /**
     * An event an AWS service puts on the default bus by itself (no PutEvents call), e.g. Amazon Connect's contact
     * events: {@code source} {@code aws.connect}, the contact's ARN in {@code resources}.
     */
    String emit(String source, String detailType, List<String> resources, Map<String, Object> detail) {
        Map<String, Object> entry = new LinkedHashMap<>();
        entry.put("Source", source);
        entry.put("DetailType", detailType);
        entry.put("Resources", resources);
        entry.put("Detail", Json.write(detail));
        try {
            return put(entry);
        } catch (IOException e) {
            throw new IllegalStateException("an event that is not JSON: " + detailType, e);
        }
    }

    /** The event as EventBridge delivers it to a target. */
    private String put(Map<String, Object> entry) throws IOException {
        Map<String, Object> event = new LinkedHashMap<>();
        String id = UUID.randomUUID().toString();
        event.put("version", "0");
        event.put("id", id);
        event.put("detail-type", entry.get("DetailType"));
        event.put("source", entry.get("Source"));
        event.put("account", TemplateValues.ACCOUNT);
        Object time = entry.get("Time");
        event.put("time", (time instanceof Number seconds ? Instant.ofEpochMilli((long) (seconds.doubleValue() * 1000)) : Instant.now())
                .toString());
        event.put("region", LocalClients.REGION.id());
        event.put("resources", entry.get("Resources") instanceof List<?> resources ? resources : List.of());
        event.put("detail", JSON.std.mapFrom(String.valueOf(entry.get("Detail"))));
        synchronized (recent) {
            recent.addFirst(event);
            while (recent.size() > RECENT) {
                recent.removeLast();
            }
        }
        for (Route route : routes) {
            if (EventPatterns.matches(route.pattern(), event)) {
                deliveries.execute(() -> deliver(route, event, webhook.key(), 0, Instant.now()));
            }
        }
        for (FunctionRoute route : functionRoutes) {
            if (EventPatterns.matches(route.pattern(), event)) {
                deliveries.execute(() -> invoke(route, event, 0));
            }
        }
        return id;
    }

    /** An asynchronous invocation: a function error is tried again after 1, then 2 seconds, then kept as a dead letter. */
    private void invoke(FunctionRoute route, Map<String, Object> event, int retry) {
        FunctionSpec function = functions.get(route.function()).orElseThrow();
        LambdaInvoker.Result result = invoker.invoke(function, Json.write(event).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        if (!result.failed()) {
            return;
        }
        if (retry < route.retries()) {
            deliveries.schedule(() -> invoke(route, event, retry + 1), FIRST_RETRY.toMillis() << retry, TimeUnit.MILLISECONDS);
            return;
        }
        synchronized (deadLetters) {
            Map<String, Object> dead = new LinkedHashMap<>();
            dead.put("eventId", event.get("id"));
            dead.put("detail-type", event.get("detail-type"));
            dead.put("function", route.function());
            dead.put("errorType", result.errorType());
            dead.put("attempts", retry + 1);
            deadLetters.add(dead);
        }
    }

    private void deliver(Route route, Map<String, Object> event, String key, int retry, Instant firstTry) {
        Integer status = null;
        try {
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(URI.create(route.url())).timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json").header(route.header(), key)
                    .POST(HttpRequest.BodyPublishers.ofString(Json.write(event))).build(), HttpResponse.BodyHandlers.discarding());
            status = answer.statusCode();
            if (status < 300) {
                return;
            }
        } catch (IOException e) {
            // A failed connection or a timeout is retried, as on AWS.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        boolean retried = status == null || status >= 500 || RETRIED.contains(status);
        Duration wait = FIRST_RETRY.multipliedBy(1L << Math.min(retry, 6));
        wait = wait.compareTo(LONGEST_RETRY) > 0 ? LONGEST_RETRY : wait;
        if (retried && retry < route.retries() && Instant.now().plus(wait).isBefore(firstTry.plus(route.maxAge()))) {
            deliveries.schedule(() -> deliver(route, event, key, retry + 1, firstTry), wait.toMillis(), TimeUnit.MILLISECONDS);
            return;
        }
        synchronized (deadLetters) {
            Map<String, Object> dead = new LinkedHashMap<>();
            dead.put("eventId", event.get("id"));
            dead.put("detail-type", event.get("detail-type"));
            dead.put("lastStatus", status);
            dead.put("attempts", retry + 1);
            deadLetters.add(dead);
        }
    }

    /** {@code GET /api/dev/events}: the recent events, newest first, where they go and what could not be delivered. */
    static void handleDev(HttpExchange exchange) throws IOException {
        LocalEventBridge bridge = running;
        if (!"GET".equals(exchange.getRequestMethod()) || bridge == null) {
            Exchanges.send(exchange, bridge == null ? 404 : 405, Map.of("Allow", "GET"), new byte[0]);
            return;
        }
        Map<String, Object> json = new LinkedHashMap<>();
        synchronized (bridge.recent) {
            json.put("events", List.copyOf(bridge.recent));
        }
        json.put("webhook", bridge.webhook.url().isEmpty() ? null : Map.of("url", bridge.webhook.url(),
                "partnerIds", bridge.webhook.partnerIds(), "themeIds", bridge.webhook.themeIds()));
        synchronized (bridge.deadLetters) {
            json.put("deadLetters", List.copyOf(bridge.deadLetters));
        }
        Exchanges.sendJson(exchange, 200, Map.of("Cache-Control", "no-store"), Json.write(json));
    }
}
