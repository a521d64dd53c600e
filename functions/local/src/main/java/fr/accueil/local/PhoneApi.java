package fr.accueil.local;

import com.sun.net.httpserver.HttpExchange;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Local only, not routes of the template (described in api/local-phone.openapi.yaml): the phone
 * simulator's call API on the runner's HTTP port.
 * <ul>
 * <li>{@code POST /api/phone/calls} {@code {from, to, faults}} → 201, the call and what the caller hears;</li>
 * <li>{@code GET /api/phone/calls?number=} → the calls of a number, newest first;</li>
 * <li>{@code POST /api/phone/outbound-calls} {@code {to, contactFlowId, attributes, answered}} → 201, an outbound call
 *     answered (what the dispatcher's simulated citizen hears);</li>
 * <li>{@code POST /api/phone/calls/{callId}/input} {@code {digits}} or {@code {timeout: true}} → 200, what follows;</li>
 * <li>{@code POST /api/phone/calls/{callId}/agent-hangup} → 200, the agent hung up: what the caller hears next;</li>
 * <li>{@code GET /api/phone/calls/{callId}} → the call and all it heard;</li>
 * <li>{@code DELETE /api/phone/calls/{callId}} → the caller hangs up.</li>
 * </ul>
 */
final class PhoneApi {
    static final String PREFIX = "/api/phone/calls";
    static final String OUTBOUND = "/api/phone/outbound-calls";
    private static final Pattern CALL = Pattern.compile("/api/phone/calls/([A-Za-z0-9-]{1,64})(/input|/agent-hangup)?");
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private PhoneApi() {
    }

    static boolean handles(String path) {
        return path.equals(PREFIX) || path.startsWith(PREFIX + "/") || path.equals(OUTBOUND);
    }

    static void handle(HttpExchange exchange, LocalPhone phone) throws IOException {
        String path = exchange.getRequestURI().getRawPath();
        String method = exchange.getRequestMethod();
        try {
            if (phone == null) {
                throw new LocalPhone.PhoneException(503, "Le téléphone local n'est pas démarré.");
            }
            if (path.equals(PREFIX) && "GET".equals(method)) {
                String number = query(exchange, "number");
                if (number == null) {
                    throw new LocalPhone.PhoneException(400, "number : le numéro dont on veut les appels est attendu (?number=+33…)");
                }
                List<Map<String, Object>> found = new ArrayList<>();
                for (PhoneCall call : phone.callsOf(number)) {
                    synchronized (call) {
                        found.add(json(call, List.of()));
                    }
                }
                Exchanges.sendJson(exchange, 200, Map.of("Cache-Control", "no-store"), Json.write(Map.of("calls", found)));
                return;
            }
            if (path.equals(PREFIX) || path.equals(OUTBOUND)) {
                allow(method, "POST");
                Map<String, Object> body = body(exchange);
                LocalPhone.Turn turn = path.equals(PREFIX)
                        ? phone.call(text(body, "from"), text(body, "to"), strings(body, "faults"))
                        : phone.outbound(text(body, "to"), text(body, "contactFlowId"), strings(body, "attributes"), answered(body));
                Exchanges.sendJson(exchange, 201, Map.of("Location", PREFIX + "/" + turn.call().id, "Cache-Control", "no-store"),
                        Json.write(json(turn.call(), turn.heard())));
                return;
            }
            Matcher call = CALL.matcher(path);
            if (!call.matches()) {
                throw new LocalPhone.PhoneException(404, "Aucun appel en cours ne porte cet identifiant.");
            }
            String id = call.group(1);
            LocalPhone.Turn turn;
            if ("/input".equals(call.group(2))) {
                allow(method, "POST");
                Map<String, Object> body = body(exchange);
                boolean timeout = Boolean.TRUE.equals(body.get("timeout"));
                String digits = text(body, "digits");
                if (timeout == (digits != null)) {
                    throw new LocalPhone.PhoneException(400, "digits (les touches tapées) ou timeout: true (aucune touche) attendu, l'un ou l'autre");
                }
                turn = phone.input(id, digits);
            } else if ("/agent-hangup".equals(call.group(2))) {
                allow(method, "POST");
                turn = phone.agentHangUp(id);
            } else if ("DELETE".equals(method)) {
                turn = phone.hangUp(id);
            } else {
                allow(method, "GET");
                PhoneCall found = phone.find(id);
                synchronized (found) {
                    turn = new LocalPhone.Turn(found, List.copyOf(found.transcript));
                }
            }
            Exchanges.sendJson(exchange, 200, Map.of("Cache-Control", "no-store"), Json.write(json(turn.call(), turn.heard())));
        } catch (LocalPhone.PhoneException e) {
            problem(exchange, e.status(), e.getMessage());
        }
    }

    /** The call as the API shows it: status, what was heard, what is awaited, how it was routed and ended. */
    static Map<String, Object> json(PhoneCall call, List<PhoneCall.Prompt> heard) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("callId", call.id);
        json.put("direction", call.direction == PhoneCall.Direction.INBOUND ? "inbound" : "outbound");
        json.put("from", call.from());
        json.put("to", call.to());
        PhoneCall.Status status = call.status();
        json.put("status", status.json);
        List<Map<String, Object>> prompts = new ArrayList<>();
        heard.forEach(p -> prompts.add(Map.of("text", p.text(), "ssml", p.ssml())));
        json.put("prompts", prompts);
        // A call in queue may await keys or time too: the customer queue flow's callback offer, its loop prompts.
        json.put("awaitingInput", call.awaiting != null);
        if (call.awaiting != null) {
            Map<String, Object> awaiting = new LinkedHashMap<>();
            awaiting.put("timeoutSeconds", call.awaiting.timeoutSeconds());
            awaiting.put("maxDigits", call.awaiting.maxDigits());
            awaiting.put("terminator", call.awaiting.terminator());
            awaiting.put("keys", call.awaiting.keys());
            json.put("input", awaiting);
        }
        if (call.flow != null) {
            json.put("flow", call.flow.file());
        }
        if (call.outcome != null) {
            json.put("outcome", outcome(call.outcome));
        }
        json.put("agentHungUp", call.agentHungUp);
        if (call.afterAgent != null) {
            json.put("afterAgent", outcome(call.afterAgent));
        }
        json.put("menuPath", call.menuPath);
        json.put("invocations", call.invocations.stream().map(i -> Map.of("function", i.function(), "result", i.result(),
                "millis", i.millis(), "safeRoute", i.safeRoute())).toList());
        return json;
    }

    private static Map<String, Object> outcome(PhoneCall.Outcome end) {
        Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("type", end.type());
        if (end.queue() != null) {
            outcome.put("queue", end.queue());
        }
        if (end.number() != null) {
            outcome.put("number", end.number());
        }
        if (end.callbackId() != null) {
            outcome.put("callbackId", end.callbackId());
        }
        outcome.put("description", end.description());
        return outcome;
    }

    private static String query(HttpExchange exchange, String name) {
        String raw = exchange.getRequestURI().getRawQuery();
        if (raw == null) {
            return null;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0 && pair.substring(0, eq).equals(name)) {
                return java.net.URLDecoder.decode(pair.substring(eq + 1), java.nio.charset.StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static void allow(String method, String allowed) throws LocalPhone.PhoneException {
        if (!allowed.equals(method)) {
            throw new LocalPhone.PhoneException(405, "Méthode " + method + " non permise ici (" + allowed + " attendu).");
        }
    }

    private static Map<String, Object> body(HttpExchange exchange) throws IOException, LocalPhone.PhoneException {
        byte[] bytes = exchange.getRequestBody().readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            throw new LocalPhone.PhoneException(413, "Corps de requête trop grand.");
        }
        if (bytes.length == 0) {
            return Map.of();
        }
        try {
            return Json.readObject(new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
        } catch (IOException | RuntimeException e) {
            throw new LocalPhone.PhoneException(400, "Le corps de la requête doit être un objet JSON.");
        }
    }

    private static String text(Map<String, Object> body, String field) throws LocalPhone.PhoneException {
        Object value = body.get(field);
        if (value != null && !(value instanceof String)) {
            throw new LocalPhone.PhoneException(400, field + " : texte attendu");
        }
        return (String) value;
    }

    /** An object of strings (faults by function, contact attributes), empty when absent. */
    /** Whether the citizen picks up an outbound call: yes unless {@code answered} is false. */
    private static boolean answered(Map<String, Object> body) throws LocalPhone.PhoneException {
        Object answered = body.getOrDefault("answered", Boolean.TRUE);
        if (!(answered instanceof Boolean given)) {
            throw new LocalPhone.PhoneException(400, "answered : true ou false attendu");
        }
        return given;
    }

    private static Map<String, String> strings(Map<String, Object> body, String field) throws LocalPhone.PhoneException {
        Object value = body.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> map) || map.size() > 32 || !map.values().stream().allMatch(String.class::isInstance)) {
            throw new LocalPhone.PhoneException(400, field + " : objet de textes attendu (32 entrées au plus)");
        }
        Map<String, String> strings = new LinkedHashMap<>();
        map.forEach((k, v) -> strings.put(String.valueOf(k), (String) v));
        return strings;
    }

    private static void problem(HttpExchange exchange, int status, String detail) throws IOException {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", switch (status) {
            case 400 -> "Requête invalide";
            case 404 -> "Appel introuvable";
            case 405 -> "Méthode non permise";
            case 409 -> "Action impossible à ce stade de l'appel";
            case 413 -> "Requête trop grande";
            default -> "Erreur du téléphone local";
        });
        problem.put("status", status);
        problem.put("detail", detail);
        Exchanges.sendJson(exchange, status, Map.of("Content-Type", "application/problem+json"), Json.write(problem));
    }
}
