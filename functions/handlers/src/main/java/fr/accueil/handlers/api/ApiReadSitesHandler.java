package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /api/sites} and {@code GET /api/sites/{siteId}}: the territory's counters (one with its permanences). */
public final class ApiReadSitesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final SiteDirectory sites;

    public ApiReadSitesHandler() {
        this(new SiteDirectory(AppContext.get().directory(), AppContext.get().territoryId()));
    }

    public ApiReadSitesHandler(SiteDirectory sites) {
        this.sites = sites;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            String siteId = ApiRequests.path(event, "siteId");
            if (siteId == null) {
                return HttpResponses.json(200, Map.of("sites", sites.sites().stream().map(SiteJson::of).toList()));
            }
            return sites.site(siteId).map(site -> {
                // One site's page also shows the permanences held there.
                Map<String, Object> json = new LinkedHashMap<>(SiteJson.of(site));
                json.put("permanences", sites.permanences(site.id()).stream().map(PermanenceJson::of).toList());
                return HttpResponses.json(200, json);
            }).orElseGet(HttpResponses::notFound);
        } catch (RuntimeException e) {
            // An id too long to be one is a NotFoundException: 404, as an unknown site.
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.sites.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }
}
