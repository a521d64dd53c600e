package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import fr.accueil.domain.RuleException;
import fr.accueil.domain.ValidationException;
import fr.accueil.domain.booking.InvalidInputException;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.handlers.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** Reading an HTTP API event (payload 2.0), and the answers common to the booking routes. */
final class ApiRequests {
    /** Bigger bodies are not a booking form: refused before parsing. */
    private static final int MAX_BODY_CHARS = 16 * 1024;
    /** Ids are UUIDs or slot ids of a few dozen characters; DynamoDB refuses keys over 1 KB. */
    private static final int MAX_ID_CHARS = 200;

    private ApiRequests() {
    }

    /** A body that is not a JSON object: answered 400 with a French message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    static String query(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> query = event.getQueryStringParameters();
        return query == null ? null : query.get(name);
    }

    /** A whole number in the query, {@code fallback} when absent, -1 when it is not a number (for the caller to refuse). */
    static int number(APIGatewayV2HTTPEvent event, String name, int fallback) {
        String text = query(event, name);
        try {
            return text == null ? fallback : Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** An id far longer than any the service issues names nothing: answered 404 before DynamoDB refuses the key. */
    static String path(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> path = event.getPathParameters();
        String value = path == null ? null : path.get(name);
        if (value != null && value.length() > MAX_ID_CHARS) {
            throw new NotFoundException("Ressource introuvable.");
        }
        return value;
    }

    /** API Gateway lower-cases header names in payload 2.0; tests and tools may not. */
    static String header(APIGatewayV2HTTPEvent event, String name) {
        Map<String, String> headers = event.getHeaders();
        if (headers == null) {
            return null;
        }
        return headers.entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** The route as declared ("POST /api/appointments/{id}/cancel"); the runner and API Gateway both set it. */
    static String route(APIGatewayV2HTTPEvent event) {
        return event.getRouteKey() == null ? "" : event.getRouteKey();
    }

    static Map<String, Object> body(APIGatewayV2HTTPEvent event) {
        String body = event.getBody();
        if (body == null || body.isBlank()) {
            throw new BadRequest("Le corps de la requête doit être un objet JSON.");
        }
        if (event.getIsBase64Encoded()) {
            body = new String(Base64.getDecoder().decode(body), StandardCharsets.UTF_8);
        }
        if (body.length() > MAX_BODY_CHARS) {
            throw new BadRequest("Le corps de la requête est trop long.");
        }
        Map<String, Object> object;
        try {
            object = Json.readObject(body);
        } catch (IOException | RuntimeException e) {
            throw new BadRequest("Le corps de la requête doit être un objet JSON.");
        }
        if (object == null) {
            // The JSON text "null" parses, to nothing.
            throw new BadRequest("Le corps de la requête doit être un objet JSON.");
        }
        return object;
    }

    /** A text field of the body; a number or a list where text is expected reads as absent, and is reported so. */
    static String text(Map<String, Object> body, String name) {
        Object value = body.get(name);
        return value instanceof String s ? s : null;
    }

    /** The domain's refusals as HTTP problems; anything else is the caller's to log and answer 500. */
    static Optional<com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse> problemOf(RuntimeException e) {
        if (e instanceof BadRequest) {
            return Optional.of(HttpResponses.problem(400, "requete-invalide", "Requête invalide", e.getMessage()));
        }
        if (e instanceof InvalidInputException invalid) {
            return Optional.of(invalidInput(invalid.problems().stream()
                    .map(p -> Map.of("field", p.field(), "message", p.message())).toList(), invalid.getMessage()));
        }
        if (e instanceof ValidationException invalid) {
            Map<String, String> error = new LinkedHashMap<>();
            error.put("field", invalid.field() == null ? "" : invalid.field());
            error.put("message", invalid.getMessage());
            if (invalid instanceof RuleException) {
                // Still 422 (the request is understood and refused), worded as the rule it meets, not as bad input.
                return Optional.of(HttpResponses.problem(422, "regle-metier", "Demande impossible", invalid.getMessage(),
                        Map.of("errors", List.of(error))));
            }
            return Optional.of(invalidInput(List.of(error), invalid.getMessage()));
        }
        if (e instanceof NotFoundException) {
            return Optional.of(HttpResponses.notFound());
        }
        return Optional.empty();
    }

    /** 422 with every field error, so a form shows them all at once. */
    static com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse invalidInput(
            List<? extends Map<String, String>> errors, String detail) {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("errors", errors);
        return HttpResponses.problem(422, "saisie-invalide", "Saisie invalide", detail, extra);
    }

    static String lower(String value) {
        return value == null ? null : value.trim().toLowerCase(Locale.ROOT);
    }
}
