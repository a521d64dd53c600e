package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.callback.CallbackChoice;
import fr.accueil.domain.callback.CallbackRequest;
import fr.accueil.domain.callback.CallbackRequested;
import fr.accueil.domain.callback.CallbackService;
import fr.accueil.domain.callback.CallbackSpeech;
import fr.accueil.domain.callback.DueWindow;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.callback.CallbackContext;
import fr.accueil.handlers.Log;
import fr.accueil.handlers.TerritoryVoice;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A citizen asks for a callback from a site's page (web/site.html), as a caller does by voice: the same
 * half-days ({@link CallbackService#choices}), the same number checks and the same deduplication.
 * <ul>
 * <li>{@code GET /api/callback-windows?site=&theme=}: the half-days with room ({@code key}, {@code label},
 * {@code from}, {@code to}, {@code span}), none when every window of the horizon is full.</li>
 * <li>{@code POST /api/callbacks} with {@code {site, theme, phone, window}} ({@code window} a key offered):
 * 201 with the callback's window, or 200 with the one already pending for that number and theme.</li>
 * </ul>
 * No theme is the general reception list. Bad input answers 422 with every field at fault, nothing stored.
 */
public final class ApiCallbackRequestHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private static final java.util.regex.Pattern SITE_ID = java.util.regex.Pattern.compile("[A-Za-z0-9_-]{1,128}");
    static final String NO_SITE = "Choisissez un lieu de la liste.";
    static final String NO_THEME = "Choisissez un motif de la liste.";
    static final String NO_PHONE = "Indiquez le numéro auquel vous rappeler.";
    static final String PHONE_HINT = " Indiquez les 10 chiffres de votre numéro, par exemple 06 12 34 56 78.";
    static final String NO_WINDOW = "Choisissez quand vous rappeler.";

    private final CallbackService callbacks;
    private final TerritoryVoice territory;
    private final Clock clock;

    public ApiCallbackRequestHandler() {
        this(CallbackContext.get().service(), AppContext.get().voices().defaultVoice(), AppContext.get().clock());
    }

    public ApiCallbackRequestHandler(CallbackService callbacks, TerritoryVoice territory, Clock clock) {
        this.callbacks = callbacks;
        this.territory = territory;
        this.clock = clock;
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = ApiRequests.route(event);
        try {
            return route.startsWith("GET ") ? windows(event) : request(ApiRequests.body(event));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.callback.failed", Map.of("route", route), e);
                return HttpResponses.internalError();
            });
        }
    }

    private APIGatewayV2HTTPResponse windows(APIGatewayV2HTTPEvent event) {
        List<Map<String, String>> errors = new ArrayList<>();
        Optional<Site> site = site(ApiRequests.query(event, "site"), errors);
        Optional<Theme> theme = theme(ApiRequests.query(event, "theme"), errors);
        if (!errors.isEmpty()) {
            return ApiRequests.invalidInput(errors, errors.get(0).get("message"));
        }
        Instant now = clock.instant();
        List<Map<String, String>> windows = callbacks.choices(site.orElseThrow(), theme.orElseThrow()).stream()
                .map(choice -> window(choice, now)).toList();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("site", site.get().id());
        json.put("theme", theme.get().id());
        json.put("windows", windows);
        return HttpResponses.json(200, json);
    }

    private APIGatewayV2HTTPResponse request(Map<String, Object> body) {
        List<Map<String, String>> errors = new ArrayList<>();
        Optional<Site> site = site(ApiRequests.text(body, "site"), errors);
        Optional<Theme> theme = theme(ApiRequests.text(body, "theme"), errors);
        String phone = ApiRequests.text(body, "phone");
        if (phone == null || phone.isBlank()) {
            errors.add(error("phone", NO_PHONE));
        } else if (PhoneNumbers.toE164(phone).isEmpty()) {
            errors.add(error("phone", "Ce numéro n’est pas valide." + PHONE_HINT));
        }
        Instant window = null;
        try {
            window = Instant.parse(Optional.ofNullable(ApiRequests.text(body, "window")).orElse(""));
        } catch (DateTimeParseException e) {
            errors.add(error("window", NO_WINDOW));
        }
        if (!errors.isEmpty()) {
            return ApiRequests.invalidInput(errors, errors.get(0).get("message"));
        }
        // The number's type and region, and no window left, are the domain's refusals, as by voice (422).
        CallbackRequested requested = callbacks.request(new CallbackRequest(site.orElseThrow(), theme.orElseThrow(), null, phone, null, window));
        Log.info("api.callback.requested", Map.of("callbackId", requested.callback().id(),
                "phone", PhoneNumbers.mask(requested.callback().phone()), "siteId", site.get().id(), "themeId", theme.get().id(),
                "alreadyPending", requested.alreadyPending()));
        DueWindow due = requested.callback().window();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", requested.callback().id());
        json.put("alreadyPending", requested.alreadyPending());
        json.put("from", due.from().toString());
        json.put("to", due.to().toString());
        json.put("message", requested.prompt());
        return HttpResponses.json(requested.alreadyPending() ? 200 : 201, json);
    }

    private Optional<Site> site(String siteId, List<Map<String, String>> errors) {
        // Only what can be an id is looked up: a site the cache misses is read by key, and DynamoDB refuses an
        // oversized key with an error (DynamoDB Developer Guide, « Service, account, and table quotas »: key sizes).
        Optional<Site> site = siteId == null || !SITE_ID.matcher(siteId.trim()).matches() ? Optional.empty()
                : territory.site(siteId.trim());
        if (site.isEmpty()) {
            errors.add(error("site", NO_SITE));
        }
        return site;
    }

    private Optional<Theme> theme(String themeId, List<Map<String, String>> errors) {
        if (themeId == null || themeId.isBlank()) {
            return Optional.of(Theme.GENERAL);
        }
        Optional<Theme> theme = territory.theme(themeId.trim());
        if (theme.isEmpty()) {
            errors.add(error("theme", NO_THEME));
        }
        return theme;
    }

    private static Map<String, String> window(CallbackChoice choice, Instant now) {
        Map<String, String> json = new LinkedHashMap<>();
        json.put("key", choice.key());
        json.put("label", choice.label());
        json.put("from", choice.window().from().toString());
        json.put("to", choice.window().to().toString());
        json.put("span", CallbackSpeech.span(choice.window(), now));
        return json;
    }

    private static Map<String, String> error(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
