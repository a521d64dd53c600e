package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/sites} and {@code GET /api/sites/{siteId}}: the territory's counters (one with its permanences). With
 * {@code ?postcode=}, the counters by nearness ({@link fr.accueil.domain.directory.SitesByNearness}), each saying whether
 * it serves the postcode ({@code serving}) and, when known, how far it is from those that do ({@code distanceKm}).
 */
public final class ApiReadSitesHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern POSTCODE = Pattern.compile("\\d{5}");
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
            String postcode = ApiRequests.query(event, "postcode");
            if (siteId == null && postcode != null) {
                if (!POSTCODE.matcher(postcode).matches()) {
                    return ApiRequests.invalidInput(List.of(Map.of("field", "postcode", "message", "Le code postal compte 5 chiffres.")),
                            "Le code postal compte 5 chiffres.");
                }
                return HttpResponses.json(200, Map.of("sites", sites.nearest(postcode).stream().map(ranked -> {
                    Map<String, Object> json = new LinkedHashMap<>(SiteJson.of(ranked.site()));
                    json.put("serving", ranked.serving());
                    ranked.kilometres().ifPresent(km -> json.put("distanceKm", Math.round(km)));
                    return json;
                }).toList()));
            }
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
