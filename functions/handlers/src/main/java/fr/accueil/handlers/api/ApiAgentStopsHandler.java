package fr.accueil.handlers.api;

import fr.accueil.domain.audit.AuditTrail;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.StopCancellation;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code POST /api/agent/sites/{siteId}/stops/{date}/cancel} (bearer JWT): a mobile site does not stop on that
 * date. Its appointments there are cancelled and the citizens told, as for any cancelled date. Repeating it
 * changes nothing more. Agents of that site and coordinators only.
 */
public final class ApiAgentStopsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final StopCancellation cancellation;
    private final AgentAudit audit;

    public ApiAgentStopsHandler() {
        this(AppContext.get().booking().stopCancellation(), AppContext.get().audit(), AppContext.get().clock());
    }

    public ApiAgentStopsHandler(StopCancellation cancellation, AuditTrail audit, Clock clock) {
        this.cancellation = cancellation;
        this.audit = new AgentAudit(audit, clock);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        AgentAccess.Checked checked = AgentAccess.check(event, AgentAccess.Action.STOPS,
                "L’annulation d’un arrêt est réservée aux agents et coordinateurs.");
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        try {
            // Inside the try: an id too long to be one is answered 404, not left to fail the function.
            String siteId = ApiRequests.path(event, "siteId");
            String date = ApiRequests.path(event, "date");
            if (siteId == null || siteId.isBlank() || siteId.length() > 64) {
                return HttpResponses.notFound();
            }
            if (!checked.access().covers(AgentAccess.Action.STOPS, siteId, null)) {
                return AgentAccess.scopeForbidden("Votre compte ne donne accès qu’aux arrêts de vos sites.");
            }
            LocalDate day;
            try {
                day = LocalDate.parse(date == null ? "" : date);
            } catch (DateTimeParseException e) {
                return ApiRequests.invalidInput(List.of(Map.of("field", "date",
                        "message", "La date doit être au format AAAA-MM-JJ.")), "La date doit être au format AAAA-MM-JJ.");
            }
            StopCancellation.Cancelled cancelled = cancellation.cancel(siteId, day);
            audit.record(checked.access(), "stop-cancelled", Map.of("siteId", siteId, "date", day.toString(),
                    "bookedSlotsCancelled", Integer.toString(cancelled.bookedSlotsCancelled())));
            Log.info("api.agent.stop.cancelled", Map.of("siteId", siteId, "date", day.toString(),
                    "bookedSlotsCancelled", cancelled.bookedSlotsCancelled()));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("siteId", siteId);
            json.put("date", day.toString());
            json.put("cancelled", true);
            json.put("slotsRemoved", cancelled.slotsRemoved());
            json.put("bookedSlotsCancelled", cancelled.bookedSlotsCancelled());
            return HttpResponses.json(200, json);
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.agent.stops.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }
}
