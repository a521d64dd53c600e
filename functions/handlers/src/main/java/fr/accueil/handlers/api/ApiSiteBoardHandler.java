package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.SiteBoard;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.Log;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/sites/{siteId}/board}: today's and tomorrow's permanences at a site, for the screen in its
 * lobby (web/tableau.html). Public and without personal data: partners, hours, places left.
 */
public final class ApiSiteBoardHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("EEEE d MMMM", Locale.FRENCH);
    private static final DateTimeFormatter HOUR = DateTimeFormatter.ofPattern("H' h 'mm", Locale.FRENCH);

    private final SiteBoard board;

    public ApiSiteBoardHandler() {
        this(AppContext.get().booking().board());
    }

    public ApiSiteBoardHandler(SiteBoard board) {
        this.board = board;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        try {
            String siteId = ApiRequests.path(event, "siteId");
            if (siteId == null || siteId.isBlank() || siteId.length() > 64) {
                return HttpResponses.notFound();
            }
            return HttpResponses.json(200, json(board.of(siteId)));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.board.failed", Map.of(), e);
                return HttpResponses.internalError();
            });
        }
    }

    private static Map<String, Object> json(SiteBoard.Board board) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("site", Map.of("id", board.site().id(), "name", board.site().name(), "mobile", board.site().mobile()));
        json.put("timeZone", board.site().zone().getId());
        json.put("at", board.at().truncatedTo(ChronoUnit.SECONDS).atZone(board.site().zone()).toOffsetDateTime().toString());
        LocalDate today = board.at().atZone(board.site().zone()).toLocalDate();
        json.put("days", board.days().stream().map(day -> {
            Map<String, Object> item = new LinkedHashMap<>();
            item.put("date", day.date().toString());
            item.put("label", (day.date().equals(today) ? "Aujourd’hui, " : "Demain, ") + DAY.format(day.date()));
            item.put("permanences", day.entries().stream().map(ApiSiteBoardHandler::entry).toList());
            return item;
        }).toList());
        return json;
    }

    private static Map<String, Object> entry(SiteBoard.Entry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("permanenceId", entry.permanenceId());
        json.put("partner", entry.partnerName());
        json.put("themes", List.copyOf(entry.themeLabels()));
        json.put("from", entry.from().toString());
        json.put("to", entry.to().toString());
        json.put("hours", "de " + HOUR.format(entry.from()) + " à " + HOUR.format(entry.to()));
        json.put("place", SiteJson.address(entry.place()));
        json.put("bookable", entry.bookable());
        json.put("walkInPlaces", entry.walkInPlaces());
        json.put("over", entry.over());
        return json;
    }
}
