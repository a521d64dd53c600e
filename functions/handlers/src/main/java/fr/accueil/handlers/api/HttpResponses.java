package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.handlers.Json;
import java.util.LinkedHashMap;
import java.util.Map;

/** HTTP answers of the API: JSON, or RFC 9457 problem details with a French message. */
public final class HttpResponses {
    private static final Map<String, String> SECURITY_HEADERS = Map.of(
            "Cache-Control", "no-store",
            "X-Content-Type-Options", "nosniff",
            "Referrer-Policy", "no-referrer");

    private HttpResponses() {
    }

    public static APIGatewayV2HTTPResponse json(int status, Object body) {
        return response(status, "application/json; charset=utf-8", Json.write(body));
    }

    /** A problem (RFC 9457): {@code type} is a short slug documented in the OpenAPI description. */
    public static APIGatewayV2HTTPResponse problem(int status, String type, String title, String detail) {
        return problem(status, type, title, detail, Map.of());
    }

    /** A problem with extension members (RFC 9457 §3.2), e.g. the field errors or the next free slots. */
    public static APIGatewayV2HTTPResponse problem(int status, String type, String title, String detail,
            Map<String, ?> extensions) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "https://accueil.example.fr/problemes/" + type);
        problem.put("title", title);
        problem.put("status", status);
        if (detail != null) {
            problem.put("detail", detail);
        }
        problem.putAll(extensions);
        return response(status, "application/problem+json; charset=utf-8", Json.write(problem));
    }

    public static APIGatewayV2HTTPResponse notFound() {
        return problem(404, "introuvable", "Ressource introuvable", "Aucune ressource ne correspond à cette adresse.");
    }

    public static APIGatewayV2HTTPResponse internalError() {
        return problem(500, "erreur-interne", "Erreur interne",
                "Le service a rencontré un problème. Veuillez réessayer dans quelques instants.");
    }

    /** A non-JSON answer (a calendar file), with the same security headers. */
    public static APIGatewayV2HTTPResponse text(int status, String contentType, String body, Map<String, String> extraHeaders) {
        APIGatewayV2HTTPResponse response = response(status, contentType, body);
        response.getHeaders().putAll(extraHeaders);
        return response;
    }

    private static APIGatewayV2HTTPResponse response(int status, String contentType, String body) {
        Map<String, String> headers = new LinkedHashMap<>(SECURITY_HEADERS);
        headers.put("Content-Type", contentType);
        return APIGatewayV2HTTPResponse.builder().withStatusCode(status).withHeaders(headers).withBody(body).build();
    }
}
