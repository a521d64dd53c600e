package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.audit.AuditTrail;
import fr.accueil.domain.booking.SlotRegeneration;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.territory.MenuTranscript;
import fr.accueil.domain.territory.TerritoryEditor;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The back office (bearer JWT; docs/back-office.md): {@code GET /api/admin/territory} gives the stored territory as
 * its document and what the token may edit; {@code PUT} and {@code DELETE /api/admin/{sites,themes,partners,
 * permanences}/{id}} change one element, {@code PUT /api/admin/voice} the menu and routing rules, and
 * {@code POST /api/admin/voice/transcript} tells what a caller would hear with a menu, saving nothing. Every write is
 * checked as an import is ({@link TerritoryEditor}): a problem is a 422 with each path and French message and nothing
 * written; {@code ?dryRun=true} answers the import's report and writes nothing. Sites, themes, partners and the
 * voice are the coordinators'; permanences the coordinators' and, for their own partner's, the referents'.
 */
public final class ApiAdminHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final String REFUSED = "Le back-office est réservé aux coordinateurs et aux référents des partenaires.";

    private final TerritoryEditor editor;
    private final AgentAudit audit;
    private final Runnable changed;

    public ApiAdminHandler() {
        this(AppContext.get());
    }

    private ApiAdminHandler(AppContext app) {
        this(app.territoryId(), app.directory(), app.voiceMenus(), app.booking().regeneration(), app.audit(), app.clock(),
                app.voices()::forget);
    }

    /**
     * @param changed run after a write: forgets what this container's calls had read of the territory. Other
     *                containers hear the change when their copy lapses (TerritoryVoice, a minute).
     */
    public ApiAdminHandler(String territoryId, DirectoryStore directory, VoiceMenuStore voice, SlotRegeneration regeneration,
            AuditTrail audit, Clock clock, Runnable changed) {
        this.editor = new TerritoryEditor(territoryId, directory, voice,
                new TerritoryImport(territoryId, directory, voice, regeneration, clock), clock);
        this.audit = new AgentAudit(audit, clock);
        this.changed = changed;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        AgentAccess.Checked checked = AgentAccess.check(event, AgentAccess.Action.PERMANENCES, REFUSED);
        if (checked.refusal() != null) {
            return checked.refusal();
        }
        AgentAccess access = checked.access();
        String route = ApiRequests.route(event);
        try {
            if (route.equals("GET /api/admin/territory")) {
                return territory(access);
            }
            if (route.startsWith("PUT /api/admin/voice") || route.startsWith("POST /api/admin/voice/transcript")) {
                return voice(event, access, route.startsWith("POST"));
            }
            return element(event, access, route);
        } catch (InvalidTreeException e) {
            return ApiRequests.invalidInput(e.problems().stream().map(ApiAdminHandler::fieldError).toList(),
                    "La modification est refusée, rien n’est écrit : " + e.problems().size() + " problème(s).");
        } catch (IllegalStateException e) {
            return HttpResponses.problem(409, "territoire-absent", "Territoire non importé",
                    "Ce territoire n’a pas encore de menu ni de règles de routage : importez d’abord son fichier.");
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.admin.failed", Map.of("route", route), e);
                return HttpResponses.internalError();
            });
        }
    }

    /** The document, and what this token may change in it. */
    private APIGatewayV2HTTPResponse territory(AgentAccess access) {
        Map<String, Object> document = editor.document();
        boolean directory = access.may(AgentAccess.Action.DIRECTORY);
        Map<String, Object> may = new LinkedHashMap<>();
        may.put("sites", directory);
        may.put("themes", directory);
        may.put("partners", directory);
        may.put("voice", access.may(AgentAccess.Action.VOICE));
        may.put("permanences", access.covers(AgentAccess.Action.PERMANENCES, null, null) ? "all"
                : access.referentPartner().map(partner -> (Object) Map.of("partnerId", partner)).orElse("none"));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("territory", document);
        json.put("may", may);
        json.put("actor", access.actor().name());
        return HttpResponses.json(200, json);
    }

    private APIGatewayV2HTTPResponse voice(APIGatewayV2HTTPEvent event, AgentAccess access, boolean transcript) {
        if (!access.may(AgentAccess.Action.VOICE)) {
            return AgentAccess.roleForbidden("Le menu vocal et les règles de routage sont réservés aux coordinateurs.");
        }
        Map<String, Object> body = ApiRequests.body(event);
        if (transcript) {
            List<MenuTranscript.Level> levels = MenuTranscript.of(editor.withVoice(body.get("menu"), body.get("routing")));
            return HttpResponses.json(200, Map.of("levels", levels.stream().map(ApiAdminHandler::levelJson).toList(),
                    "text", MenuTranscript.text(levels)));
        }
        boolean dryRun = dryRun(event);
        TerritoryImport.Report report = editor.putVoice(body.get("menu"), body.get("routing"), dryRun);
        return written(access, report, Map.of("part", "voice", "operation", "put"));
    }

    private APIGatewayV2HTTPResponse element(APIGatewayV2HTTPEvent event, AgentAccess access, String route) {
        String[] words = route.split(" ");
        String method = words[0];
        Optional<TerritoryEditor.Part> part = java.util.Arrays.stream(TerritoryEditor.Part.values())
                .filter(p -> words.length == 2 && words[1].equals("/api/admin/" + p.field() + "/{id}")).findFirst();
        String id = ApiRequests.path(event, "id");
        if (part.isEmpty() || id == null || id.isBlank() || !(method.equals("PUT") || method.equals("DELETE"))) {
            return HttpResponses.notFound();
        }
        Optional<APIGatewayV2HTTPResponse> refusal = part.get() == TerritoryEditor.Part.PERMANENCES
                ? permanenceRefusal(event, access, id, method) : directoryRefusal(access);
        if (refusal.isPresent()) {
            return refusal.get();
        }
        boolean dryRun = dryRun(event);
        TerritoryImport.Report report = method.equals("PUT")
                ? editor.put(part.get(), id, ApiRequests.body(event), dryRun)
                : editor.delete(part.get(), id, dryRun);
        return written(access, report, Map.of("part", part.get().field(), "id", id, "operation", method.toLowerCase()));
    }

    private static Optional<APIGatewayV2HTTPResponse> directoryRefusal(AgentAccess access) {
        return access.may(AgentAccess.Action.DIRECTORY) ? Optional.empty() : Optional.of(AgentAccess.roleForbidden(
                "Les sites, thèmes et partenaires sont modifiés par les coordinateurs ; un référent modifie les permanences de son partenaire."));
    }

    /** A referent changes their partner's permanences only: the stored one's partner and the new one's. */
    @SuppressWarnings("unchecked")
    private Optional<APIGatewayV2HTTPResponse> permanenceRefusal(APIGatewayV2HTTPEvent event, AgentAccess access, String id,
            String method) {
        if (access.covers(AgentAccess.Action.PERMANENCES, null, null)) {
            return Optional.empty();
        }
        Optional<Object> stored = ((List<Object>) editor.document().get("permanences")).stream()
                .filter(p -> id.equals(((Map<String, Object>) p).get("id"))).map(p -> ((Map<String, Object>) p).get("partnerId"))
                .findFirst();
        Object wanted = method.equals("PUT") ? ApiRequests.body(event).get("partnerId") : null;
        boolean own = stored.map(partner -> access.covers(AgentAccess.Action.PERMANENCES, null, String.valueOf(partner))).orElse(true)
                && (wanted == null || access.covers(AgentAccess.Action.PERMANENCES, null, String.valueOf(wanted)));
        return own ? Optional.empty() : Optional.of(AgentAccess.scopeForbidden("Votre compte ne permet de modifier que les "
                + "permanences de votre partenaire (« " + access.referentPartner().orElse("aucun") + " »)."));
    }

    private APIGatewayV2HTTPResponse written(AgentAccess access, TerritoryImport.Report report, Map<String, String> what) {
        if (report.written()) {
            Map<String, String> details = new LinkedHashMap<>(what);
            details.put("slotsCreated", Integer.toString(report.slotsCreated()));
            details.put("slotsRemoved", Integer.toString(report.slotsRemoved()));
            details.put("appointmentsCancelled", Integer.toString(report.appointmentsCancelled()));
            audit.record(access, what.get("part").equals("voice") ? "voice-changed" : "directory-changed", details);
            changed.run();
            Log.info("api.admin.changed", Map.copyOf(details));
        }
        Map<String, Object> json = new LinkedHashMap<>(report.toTree());
        json.put("text", report.text());
        return HttpResponses.json(200, json);
    }

    private static boolean dryRun(APIGatewayV2HTTPEvent event) {
        return "true".equals(ApiRequests.query(event, "dryRun"));
    }

    /** "permanences[2].capacity : message" as the field a form ties the message to. */
    private static Map<String, String> fieldError(String problem) {
        int separator = problem.indexOf(" : ");
        return separator < 0 ? Map.of("field", "", "message", problem)
                : Map.of("field", problem.substring(0, separator), "message", problem.substring(separator + 3));
    }

    private static Map<String, Object> levelJson(MenuTranscript.Level level) {
        return Map.of("nodeId", level.nodeId(), "heard", level.heard(), "noAnswer", level.noAnswer(),
                "choices", level.choices().stream().map(c -> Map.of("key", c.key(), "outcome", c.outcome())).toList());
    }
}
