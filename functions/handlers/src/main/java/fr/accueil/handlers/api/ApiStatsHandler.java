package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.queue.QueueStatistics;
import fr.accueil.domain.stats.QualityReport;
import fr.accueil.domain.stats.QualityStatistics;
import fr.accueil.domain.stats.StatsQuery;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoQueueStatsStore;
import fr.accueil.storage.dynamodb.DynamoStatsStore;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /api/stats?from=&to=&site=&partner=&theme=&permanence=&period=day|week&format=json|csv&table=figures|fillRate|queues}
 * for managers, coordinators and referents. JSON by default; {@code format=csv} answers
 * {@code text/csv} for a spreadsheet (the figures, or with {@code table=fillRate} the fill rate per
 * permanence and day, with {@code table=queues} the queue figures per queue and hour). Satisfaction answers of the same scope and period come with the figures, and the queue
 * figures ({@code queues}: waits, abandonment, service level per queue and per hour, from contact events). A manager of
 * some sites reads those sites' figures only (the scope names one of them), a referent their partner's only.
 */
public final class ApiStatsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final QualityStatistics statistics;
    private final QueueStatistics queues;

    public ApiStatsHandler() {
        this(AppContext.get());
    }

    private ApiStatsHandler(AppContext app) {
        this(new QualityStatistics(app.territoryId(), new DynamoStatsStore(app.dynamo(), Environment.required("STATS_TABLE")),
                        app.directory(), app.booking().slots(), app.satisfaction().store()),
                new QueueStatistics(app.territoryId(), new DynamoQueueStatsStore(app.dynamo(), Environment.required("STATS_TABLE"),
                        app.clock()), app.directory()));
    }

    public ApiStatsHandler(QualityStatistics statistics, QueueStatistics queues) {
        this.statistics = statistics;
        this.queues = queues;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        AgentAccess.Checked checked = AgentAccess.check(event, AgentAccess.Action.FIGURES, AgentAccess.FIGURES_REFUSED);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        AgentAccess access = checked.access();
        try {
            String format = ApiRequests.lower(ApiRequests.query(event, "format"));
            String table = ApiRequests.query(event, "table");
            if (format != null && !format.equals("json") && !format.equals("csv")) {
                return invalid("format", "Le format doit être json ou csv.");
            }
            if (table != null && !table.equals("figures") && !table.equals("fillRate") && !table.equals("queues")) {
                return invalid("table", "Le tableau doit être figures, fillRate ou queues.");
            }
            StatsQuery query = StatsQuery.parse(ApiRequests.query(event, "from"), ApiRequests.query(event, "to"),
                    ApiRequests.query(event, "site"), ApiRequests.query(event, "partner"), ApiRequests.query(event, "theme"),
                    ApiRequests.query(event, "permanence"), ApiRequests.query(event, "period"));
            if (!access.territoryWide(AgentAccess.Action.FIGURES)
                    && !access.covers(AgentAccess.Action.FIGURES, query.scope().siteId(), query.scope().partnerId())) {
                return AgentAccess.scopeForbidden("Votre compte ne donne accès qu’aux chiffres de vos sites ou de votre partenaire :"
                        + " choisissez l’un d’eux.");
            }
            QualityReport report = statistics.report(query);
            Log.info("api.stats.read", Map.of("scope", query.scope().key(), "from", query.from().toString(),
                    "to", query.to().toString(), "format", format == null ? "json" : format));
            if ("csv".equals(format)) {
                boolean fill = "fillRate".equals(table);
                boolean waits = "queues".equals(table);
                String name = (fill ? "remplissage-" : waits ? "files-" : "statistiques-") + query.from() + "-" + query.to() + ".csv";
                return HttpResponses.text(200, "text/csv; charset=utf-8",
                        fill ? StatsJson.fillRateCsv(report) : waits ? StatsJson.queuesCsv(queues.report(query)) : StatsJson.figuresCsv(report),
                        Map.of("Content-Disposition", "attachment; filename=\"" + name + "\""));
            }
            Map<String, Object> json = StatsJson.report(report);
            json.put("queues", StatsJson.queues(queues.report(query)));
            return HttpResponses.json(200, json);
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.stats.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }

    private static APIGatewayV2HTTPResponse invalid(String field, String message) {
        return ApiRequests.invalidInput(List.of(Map.of("field", field, "message", message)), message);
    }
}
