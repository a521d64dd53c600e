package fr.accueil.handlers.api;

import fr.accueil.domain.audit.AuditTrail;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.ValidationException;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.CallbackConflictException;
import fr.accueil.domain.callback.CallbackNotFoundException;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.CallbackStatus;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.TerritoryVoice;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agents' callback list: {@code GET /api/agent/callbacks?site=&theme=&status=&limit=&pageToken=},
 * {@code POST /api/agent/callbacks/{id}/claim}, {@code /complete} ({@code {"outcome", "note"}}) and
 * {@code /release}, for agents and coordinators. The agent is the ID token's {@code sub}, as the HTTP API's
 * authorizer verified it; an agent sees and acts on the callbacks of their sites only (a callback's own site, read
 * from the table, decides for an action by id).
 */
public final class ApiAgentCallbacksHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    static final int MAX_NOTE_LENGTH = 2000;
    private static final String ID_PATTERN = "[A-Za-z0-9-]{1,64}";

    private final CallbackService callbacks;
    private final AgentAudit audit;
    private final WaitingCallers waiting;

    public ApiAgentCallbacksHandler() {
        this(CallbackContext.get().service(), AppContext.get().audit(), AppContext.get().clock(),
                AppContext.get().voices().defaultVoice(), AppContext.get().queueLoad());
    }

    /** @param load the queues' current load, for the callers waiting now in the list's queues */
    public ApiAgentCallbacksHandler(CallbackService callbacks, AuditTrail audit, Clock clock, TerritoryVoice voice, QueueLoad load) {
        this.callbacks = callbacks;
        this.audit = new AgentAudit(audit, clock);
        this.waiting = new WaitingCallers(voice, load);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        AgentAccess.Checked checked = AgentAccess.check(event, AgentAccess.Action.CALLBACKS,
                "Les rappels sont traités par les agents et les coordinateurs.");
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        AgentAccess access = checked.access();
        String agent = access.agent();
        String route = event.getRouteKey() == null ? "" : event.getRouteKey();
        try {
            if (route.startsWith("GET ")) {
                return list(event, access);
            }
            String id = Optional.ofNullable(event.getPathParameters()).map(p -> p.get("id")).orElse("");
            if (!id.matches(ID_PATTERN)) {
                return HttpResponses.notFound();
            }
            boolean complete = route.endsWith("/complete");
            if (!complete && !route.endsWith("/claim") && !route.endsWith("/release")) {
                return HttpResponses.notFound();
            }
            Map<String, Object> body = complete ? body(event) : Map.of();
            CallOutcome outcome = complete ? outcome(body.get("outcome")) : null;
            String note = complete ? note(body.get("note")) : null;
            // The callback's own site, not anything the request says.
            if (!access.covers(AgentAccess.Action.CALLBACKS, callbacks.find(id).siteId(), null)) {
                throw new SiteForbidden();
            }
            Callback callback = complete ? callbacks.complete(id, access.actor(), outcome, note)
                    : route.endsWith("/claim") ? callbacks.claim(id, agent) : callbacks.release(id, agent);
            Map<String, String> details = new LinkedHashMap<>();
            details.put("callbackId", id);
            details.put("siteId", callback.siteId());
            details.put("status", callback.status().name());
            if (outcome != null) {
                details.put("outcome", outcome.name());
            }
            audit.record(access, complete ? "callback-completed" : route.endsWith("/claim") ? "callback-claimed" : "callback-released", details);
            Log.info("api.agent.callback", Map.of("route", route, "callbackId", id, "status", callback.status().name()));
            return HttpResponses.json(200, CallbackJson.of(callback));
        } catch (CallbackNotFoundException e) {
            return HttpResponses.problem(404, "rappel-introuvable", "Rappel introuvable", e.getMessage());
        } catch (CallbackConflictException e) {
            return HttpResponses.problem(409, "rappel-conflit", "Rappel déjà pris ou modifié", e.getMessage());
        } catch (ValidationException e) {
            return HttpResponses.problem(400, "requete-invalide", "Requête invalide", e.getMessage());
        } catch (SiteForbidden e) {
            return AgentAccess.scopeForbidden("Votre compte ne donne accès qu’aux rappels de vos sites.");
        } catch (RuntimeException e) {
            Log.error("api.agent.callbacks.failed", Map.of("route", route), e);
            return HttpResponses.internalError();
        }
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event, AgentAccess access) {
        Map<String, String> query = event.getQueryStringParameters() == null ? Map.of() : event.getQueryStringParameters();
        String site = Optional.ofNullable(query.get("site")).filter(s -> !s.isBlank()).or(access::onlySite).orElse(null);
        if (site == null) {
            throw new ValidationException("site", "Le paramètre « site » est obligatoire.");
        }
        // Not an id the territory file accepts (a 3,000-character one made DynamoDB refuse the key, answered 500).
        if (!site.matches(ID_PATTERN)) {
            throw new ValidationException("site", "Ce lieu est inconnu.");
        }
        if (!access.covers(AgentAccess.Action.CALLBACKS, site, null)) {
            throw new SiteForbidden();
        }
        CallbackStatus status;
        try {
            status = CallbackStatus.valueOf(query.getOrDefault("status", "PENDING").toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("status", "Statut inconnu. Valeurs possibles : PENDING, DIALING, CLAIMED, COMPLETED, FAILED, CANCELLED.");
        }
        int limit;
        try {
            limit = Integer.parseInt(query.getOrDefault("limit", "50"));
        } catch (NumberFormatException e) {
            throw new ValidationException("limit", "Le paramètre « limit » doit être un nombre entre 1 et 100.");
        }
        if (limit < 1 || limit > 100) {
            throw new ValidationException("limit", "Le paramètre « limit » doit être un nombre entre 1 et 100.");
        }
        String theme = Optional.ofNullable(query.get("theme")).filter(t -> !t.isBlank()).orElse(null);
        if (theme != null && !theme.matches(ID_PATTERN)) {
            throw new ValidationException("theme", "Ce motif est inconnu.");
        }
        CallbackStore.Page page;
        try {
            page = callbacks.list(new CallbackStore.Listing(site, theme, status, limit, query.get("pageToken")));
        } catch (IllegalArgumentException e) {
            throw new ValidationException("pageToken", "Le jeton de page n’est pas valide pour cette liste.");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("callbacks", page.callbacks().stream().map(CallbackJson::of).toList());
        body.put("waiting", waiting.of(site, theme));
        if (page.nextPageToken() != null) {
            body.put("nextPageToken", page.nextPageToken());
        }
        return HttpResponses.json(200, body);
    }

    private static Map<String, Object> body(APIGatewayV2HTTPEvent event) {
        String text = event.getBody();
        if (text == null || text.isBlank()) {
            throw new ValidationException("outcome", "Indiquez le résultat de l’appel (« outcome »).");
        }
        if (event.getIsBase64Encoded()) {
            text = new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
        }
        Map<String, Object> object;
        try {
            object = Json.readObject(text);
        } catch (IOException e) {
            throw new ValidationException(null, "Le corps de la requête doit être un objet JSON.");
        }
        // The JSON text null reads as no object at all.
        if (object == null) {
            throw new ValidationException(null, "Le corps de la requête doit être un objet JSON.");
        }
        return object;
    }

    private static CallOutcome outcome(Object value) {
        if (value instanceof String text) {
            try {
                return CallOutcome.valueOf(text.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
            } catch (IllegalArgumentException e) {
                // fall through to the message below
            }
        }
        throw new ValidationException("outcome",
                "Résultat inconnu. Valeurs possibles : REACHED, NO_ANSWER, BUSY, WRONG_NUMBER, CANCELLED_BY_CITIZEN.");
    }

    private static String note(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof String text) || text.length() > MAX_NOTE_LENGTH) {
            throw new ValidationException("note", "La note est un texte de " + MAX_NOTE_LENGTH + " caractères au plus.");
        }
        return text.isBlank() ? null : text.strip();
    }

    /** The callback or the list belongs to a site outside the agent's. */
    private static final class SiteForbidden extends RuntimeException {
        SiteForbidden() {
            super(null, null, false, false);
        }
    }
}
