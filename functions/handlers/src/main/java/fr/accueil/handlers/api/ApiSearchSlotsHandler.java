package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.FreeSlotFinder;
import fr.accueil.domain.booking.Page;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotSearch;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * {@code GET /api/slots?partner=&theme=&site=&postcode=&from=&to=}: free slots bookable now. A postcode
 * stands for the sites serving it (one Query of its directory partition); sites may be given as a list
 * separated by commas, as repeated parameters arrive.
 */
public final class ApiSearchSlotsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern POSTCODE = Pattern.compile("\\d{5}");

    private final FreeSlotFinder finder;
    private final DirectoryStore directory;
    private final String territoryId;

    public ApiSearchSlotsHandler() {
        this(AppContext.get().booking().finder(), AppContext.get().directory(), AppContext.get().territoryId());
    }

    public ApiSearchSlotsHandler(FreeSlotFinder finder, DirectoryStore directory, String territoryId) {
        this.finder = finder;
        this.directory = directory;
        this.territoryId = territoryId;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            String site = ApiRequests.query(event, "site");
            List<String> sites = site == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(site.split(",")));
            String postcode = ApiRequests.query(event, "postcode");
            SlotSearch search = SlotSearch.parse(ApiRequests.query(event, "partner"), ApiRequests.query(event, "theme"),
                    sites, ApiRequests.query(event, "from"), ApiRequests.query(event, "to"),
                    ApiRequests.query(event, "pageSize"), ApiRequests.query(event, "cursor"));
            if (postcode != null && !postcode.isBlank()) {
                if (!POSTCODE.matcher(postcode.trim()).matches()) {
                    return ApiRequests.invalidInput(List.of(Map.of("field", "postcode",
                            "message", "Le code postal compte 5 chiffres.")), "Le code postal compte 5 chiffres.");
                }
                List<String> serving = directory.siteIdsServing(territoryId, postcode.trim());
                List<String> wanted = search.siteIds().isEmpty() ? serving
                        : search.siteIds().stream().filter(serving::contains).toList();
                if (wanted.isEmpty()) {
                    return answer(new Page<>(List.of(), null), List.of());
                }
                search = search.at(wanted, postcode.trim());
            }
            return answer(finder.find(search), directory.sites(territoryId));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.slots.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }

    /** Each slot with its place: a mobile site's slots are at the stop of the day, not at the site's address. */
    private static APIGatewayV2HTTPResponse answer(Page<Slot> page, List<Site> sites) {
        Map<String, Site> byId = sites.stream().collect(Collectors.toMap(Site::id, Function.identity()));
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slots", page.items().stream().map(slot -> {
            Map<String, Object> item = BookingJson.slot(slot);
            Site site = byId.get(slot.siteId());
            if (site != null) {
                item.put("place", SiteJson.address(site.placeAt(slot.start())));
            }
            return item;
        }).toList());
        json.put("nextCursor", page.nextCursor());
        return HttpResponses.json(200, json);
    }
}
