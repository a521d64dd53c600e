package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.audit.AuditEntry;
import fr.accueil.domain.audit.AuditTrail;
import fr.accueil.domain.stats.QualityCounters;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/agent/audit?from=AAAA-MM-JJ&to=AAAA-MM-JJ[&limit=]}: who did what over those days (both included,
 * French time), newest first. Coordinators and the data protection officer only.
 */
public final class ApiAgentAuditHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final int MAX_DAYS = 366;
    private static final int DEFAULT_LIMIT = 200;
    private static final int MAX_LIMIT = 1000;

    private final AuditTrail trail;

    public ApiAgentAuditHandler() {
        this(AppContext.get().audit());
    }

    public ApiAgentAuditHandler(AuditTrail trail) {
        this.trail = trail;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        AgentAccess.Checked checked = AgentAccess.check(event, AgentAccess.Action.AUDIT,
                "Le journal des actions est réservé aux coordinateurs et au délégué à la protection des données.");
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        List<Map<String, String>> errors = new ArrayList<>();
        LocalDate from = date(ApiRequests.query(event, "from"), "from", "début", errors);
        LocalDate to = date(ApiRequests.query(event, "to"), "to", "fin", errors);
        if (from != null && to != null && (to.isBefore(from) || ChronoUnit.DAYS.between(from, to) >= MAX_DAYS)) {
            errors.add(Map.of("field", "to", "message", "La fin doit suivre le début, sur " + MAX_DAYS + " jours au plus."));
        }
        int limit = ApiRequests.number(event, "limit", DEFAULT_LIMIT);
        if (limit < 1 || limit > MAX_LIMIT) {
            errors.add(Map.of("field", "limit", "message", "La limite doit être entre 1 et " + MAX_LIMIT + "."));
        }
        if (!errors.isEmpty()) {
            return HttpResponses.problem(400, "requete-invalide", "Requête invalide",
                    String.join(" ", errors.stream().map(e -> e.get("message")).toList()), Map.of("errors", errors));
        }
        try {
            List<Map<String, Object>> entries = trail.between(from.atStartOfDay(QualityCounters.DEFAULT_ZONE).toInstant(),
                            to.plusDays(1).atStartOfDay(QualityCounters.DEFAULT_ZONE).toInstant(), limit)
                    .stream().map(ApiAgentAuditHandler::entry).toList();
            return HttpResponses.json(200, Map.of("from", from.toString(), "to", to.toString(), "entries", entries));
        } catch (RuntimeException e) {
            Log.error("api.agent.audit.failed", Map.of(), e);
            return HttpResponses.internalError();
        }
    }

    private static LocalDate date(String text, String field, String name, List<Map<String, String>> errors) {
        try {
            if (text != null) {
                return LocalDate.parse(text.trim());
            }
        } catch (DateTimeParseException e) {
            // reported below
        }
        errors.add(Map.of("field", field, "message", "La date de " + name + " doit être au format AAAA-MM-JJ."));
        return null;
    }

    private static Map<String, Object> entry(AuditEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("at", entry.at().toString());
        json.put("actorSub", entry.actor().sub());
        json.put("actorName", entry.actor().name());
        json.put("action", entry.action());
        json.put("details", entry.details());
        return json;
    }
}
