package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.FreeSlotFinder;
import fr.accueil.domain.booking.Page;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotSearch;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/slots?partner=&theme=&site=&postcode=|commune=&from=&to=}: free slots bookable now. A postcode
 * stands for the sites serving it (one Query of its directory partition); a commune's name (accents and case
 * aside) stands for its postcode (one Query of the commune's partition). Sites may be given as a list separated
 * by commas, as repeated parameters arrive.
 */
public final class ApiSearchSlotsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final Pattern POSTCODE = Pattern.compile("\\d{5}");
    /** The longest commune names of France are under 50 characters. */
    private static final int MAX_COMMUNE_LENGTH = 64;

    private final FreeSlotFinder finder;
    private final DirectoryStore directory;
    private final String territoryId;
    private final BookingRules rules;

    public ApiSearchSlotsHandler() {
        this(AppContext.get().booking().finder(), AppContext.get().directory(), AppContext.get().territoryId(),
                AppContext.get().booking().rules());
    }

    public ApiSearchSlotsHandler(FreeSlotFinder finder, DirectoryStore directory, String territoryId, BookingRules rules) {
        this.rules = rules;
        this.finder = finder;
        this.directory = directory;
        this.territoryId = territoryId;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            String site = ApiRequests.query(event, "site");
            List<String> sites = site == null ? new ArrayList<>() : new ArrayList<>(Arrays.asList(site.split(",")));
            SlotSearch search = SlotSearch.parse(ApiRequests.query(event, "partner"), ApiRequests.query(event, "theme"),
                    sites, ApiRequests.query(event, "from"), ApiRequests.query(event, "to"),
                    ApiRequests.query(event, "pageSize"), ApiRequests.query(event, "cursor"));
            Where where = where(ApiRequests.query(event, "postcode"), ApiRequests.query(event, "commune"));
            if (where.problem() != null) {
                return ApiRequests.invalidInput(List.of(Map.of("field", where.field(), "message", where.problem())),
                        where.problem());
            }
            if (where.postcode() != null) {
                List<String> serving = directory.siteIdsServing(territoryId, where.postcode());
                List<String> wanted = search.siteIds().isEmpty() ? serving
                        : search.siteIds().stream().filter(serving::contains).toList();
                if (wanted.isEmpty()) {
                    return answer(new Page<>(List.of(), null));
                }
                search = search.at(wanted, where.postcode());
            }
            return answer(finder.find(search));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.slots.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }

    /** The postcode searched (typed, or the one of the commune named), or the problem with the field. */
    private record Where(String postcode, String field, String problem) {
    }

    private Where where(String postcodeText, String communeText) {
        String postcode = postcodeText == null || postcodeText.isBlank() ? null : postcodeText.trim();
        String commune = communeText == null || communeText.isBlank() ? null : communeText.trim();
        if (postcode != null && commune != null) {
            return new Where(null, "commune", "Indiquez un code postal ou une commune, pas les deux.");
        }
        if (postcode != null) {
            return POSTCODE.matcher(postcode).matches() ? new Where(postcode, null, null)
                    : new Where(null, "postcode", "Le code postal compte 5 chiffres.");
        }
        if (commune == null) {
            return new Where(null, null, null);
        }
        if (commune.length() > MAX_COMMUNE_LENGTH || Address.communeKey(commune).length() < 2) {
            return new Where(null, "commune", "Indiquez le nom de votre commune, par exemple Volmunster.");
        }
        // By key: the commune's index entries, never a read of the whole directory.
        List<String> postcodes = directory.postcodesOfCommune(territoryId, commune);
        if (postcodes.isEmpty()) {
            return new Where(null, "commune", "Nous ne trouvons pas la commune « " + commune
                    + " » parmi celles du territoire : indiquez votre code postal.");
        }
        if (postcodes.size() > 1) {
            return new Where(null, "commune", "Plusieurs communes portent ce nom (codes postaux "
                    + String.join(", ", postcodes) + ") : indiquez votre code postal.");
        }
        return new Where(postcodes.get(0), null, null);
    }

    /** Each slot with its place: a mobile site's slots are at the stop of the day, not at the site's address. */
    private APIGatewayV2HTTPResponse answer(Page<Slot> page) {
        Places places = new Places(directory, territoryId);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("slots", page.items().stream().map(slot -> BookingJson.slot(slot, places, rules)).toList());
        json.put("nextCursor", page.nextCursor());
        return HttpResponses.json(200, json);
    }
}
