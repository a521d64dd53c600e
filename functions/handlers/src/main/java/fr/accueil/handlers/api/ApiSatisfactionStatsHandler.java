package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.satisfaction.SatisfactionStats;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code GET /api/stats/satisfaction?from=&to=&site=} (bearer JWT): satisfaction over a period, territory-wide
 * or at one site, by partner, theme, channel (and site), from the daily counters. For managers and coordinators;
 * a manager of some sites reads one of them at a time (a manager of one site, that site by default).
 */
public final class ApiSatisfactionStatsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final SatisfactionStats stats;

    public ApiSatisfactionStatsHandler() {
        this(AppContext.get().satisfaction().stats());
    }

    public ApiSatisfactionStatsHandler(SatisfactionStats stats) {
        this.stats = stats;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        AgentAccess.Checked checked = AgentAccess.check(event, AgentAccess.Action.FIGURES, AgentAccess.FIGURES_REFUSED);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        AgentAccess access = checked.access();
        try {
            String site = Optional.ofNullable(ApiRequests.query(event, "site")).map(String::trim)
                    .filter(s -> !s.isEmpty()).or(access::onlySite).orElse(null);
            // Satisfaction is counted by site, not by partner alone: a referent reads theirs with GET /api/stats.
            if (!access.territoryWide(AgentAccess.Action.FIGURES) && !access.covers(AgentAccess.Action.FIGURES, site, null)) {
                return AgentAccess.scopeForbidden("Votre compte ne donne accès qu’aux chiffres de vos sites : choisissez l’un d’eux"
                        + " (un référent lit ceux de son partenaire dans les statistiques).");
            }
            List<Map<String, String>> errors = new ArrayList<>();
            LocalDate from = date(ApiRequests.query(event, "from"), "from", "La date de début", errors);
            LocalDate to = date(ApiRequests.query(event, "to"), "to", "La date de fin", errors);
            if (site != null && site.length() > 64) {
                errors.add(Map.of("field", "site", "message", "Ce lieu est inconnu."));
            }
            if (!errors.isEmpty()) {
                return ApiRequests.invalidInput(errors, errors.get(0).get("message"));
            }
            return HttpResponses.json(200, json(stats.between(site, from, to)));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.stats.satisfaction.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }

    private static LocalDate date(String text, String field, String label, List<Map<String, String>> errors) {
        if (text == null || text.isBlank()) {
            errors.add(Map.of("field", field, "message", label + " est obligatoire."));
            return null;
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            errors.add(Map.of("field", field, "message", label + " doit être au format AAAA-MM-JJ."));
            return null;
        }
    }

    private static Map<String, Object> json(SatisfactionStats.Summary summary) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("from", summary.from().toString());
        json.put("to", summary.to().toString());
        json.put("site", summary.siteId());
        json.put("satisfaction", figure(summary.total()));
        json.put("requestHandled", figure(summary.secondary()));
        Map<String, Object> slices = new LinkedHashMap<>();
        summary.slices().forEach((dimension, values) -> {
            Map<String, Object> byValue = new LinkedHashMap<>();
            values.forEach((value, figure) -> byValue.put(value, figure(figure)));
            slices.put(dimension, byValue);
        });
        json.put("by", slices);
        List<Map<String, Object>> days = new ArrayList<>();
        summary.days().forEach((day, figure) -> {
            Map<String, Object> item = new LinkedHashMap<>(figure(figure));
            item.put("date", day.toString());
            days.add(item);
        });
        json.put("days", days);
        return json;
    }

    private static Map<String, Object> figure(SatisfactionStats.Figure figure) {
        return StatsJson.answers(figure);
    }
}
