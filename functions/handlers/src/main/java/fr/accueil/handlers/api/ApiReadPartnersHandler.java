package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Theme;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.text.Collator;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/partners} and {@code GET /api/themes}: what citizens can book, and with whom. Internal themes
 * (the supervisors' callbacks) are left out of the themes unless {@code ?include=internal} asks for them, as the
 * agents' pages do; they are then marked {@code internal: true}.
 */
public final class ApiReadPartnersHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final DirectoryStore directory;
    private final String territoryId;

    public ApiReadPartnersHandler() {
        this(AppContext.get().directory(), AppContext.get().territoryId());
    }

    public ApiReadPartnersHandler(DirectoryStore directory, String territoryId) {
        this.directory = directory;
        this.territoryId = territoryId;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            Collator french = Collator.getInstance(Locale.FRENCH);
            if (ApiRequests.route(event).endsWith("/api/themes")) {
                String include = ApiRequests.query(event, "include");
                if (include != null && !include.isBlank() && !"internal".equals(include.trim())) {
                    return ApiRequests.invalidInput(List.of(Map.of("field", "include",
                            "message", "Seule la valeur « internal » est admise.")), "Seule la valeur « internal » est admise.");
                }
                boolean internal = include != null && !include.isBlank();
                return HttpResponses.json(200, Map.of("themes", directory.themes(territoryId).stream()
                        .filter(t -> internal || !t.internal())
                        .sorted(Comparator.comparing(Theme::label, french))
                        .map(ApiReadPartnersHandler::json).toList()));
            }
            return HttpResponses.json(200, Map.of("partners", directory.partners(territoryId).stream()
                    .sorted(Comparator.comparing(Partner::name, french))
                    .map(ApiReadPartnersHandler::json).toList()));
        } catch (RuntimeException e) {
            Log.error("api.partners.failed", Map.of(), e);
            return HttpResponses.internalError();
        }
    }

    private static Map<String, Object> json(Theme theme) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", theme.id());
        json.put("label", theme.label());
        if (theme.internal()) {
            json.put("internal", true);
        }
        if (!theme.documents().isEmpty()) {
            json.put("documents", theme.documents());
        }
        return json;
    }

    private static Map<String, Object> json(Partner partner) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", partner.id());
        json.put("name", partner.name());
        json.put("description", partner.description());
        json.put("themeIds", partner.themeIds());
        return json;
    }
}
