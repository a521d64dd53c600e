package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.Booking;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.SlotStore;
import fr.accueil.domain.booking.Waitlist;
import fr.accueil.domain.booking.WaitlistEntry;
import fr.accueil.domain.booking.WaitlistRequest;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Log;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The waitlist's public routes: {@code POST /api/waitlist} joins it (body {@code themeId, siteId | postcode, from, to,
 * name, phone, email, consent}; the answer gives the entry's own link, {@code leaveLink}). That link or an offer's,
 * {@code ?token=}, reads the entry ({@code GET /api/waitlist/{id}}, with the held slot while an offer stands) and leaves
 * the list ({@code POST …/leave}: the entry erased, a held place freed for the next); an offer's link takes the held
 * place ({@code POST …/confirm}: the booking, as {@code POST /api/appointments} answers it) or lets it go
 * ({@code POST …/decline}). A wrong or missing token answers the same 404 as an unknown id.
 */
public final class ApiWaitlistHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final Waitlist waitlist;
    private final SlotStore slots;
    private final BookingAnswers answers;
    private final BookingRules rules;

    public ApiWaitlistHandler() {
        this(AppContext.get().booking());
    }

    public ApiWaitlistHandler(BookingContext booking) {
        this.waitlist = booking.waitlist();
        this.slots = booking.slots();
        this.answers = new BookingAnswers(booking);
        this.rules = booking.rules();
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = ApiRequests.route(event);
        try {
            if ("POST /api/waitlist".equals(route)) {
                return join(event);
            }
            String id = ApiRequests.path(event, "id");
            String token = ApiRequests.query(event, "token");
            if (id == null || token == null || token.isBlank()) {
                return HttpResponses.notFound();
            }
            if (route.endsWith("/confirm")) {
                Booking booking = waitlist.confirm(id, token);
                Log.info("api.waitlist.confirmed", Map.of("entryId", id, "appointmentId", booking.appointment().id()));
                Map<String, Object> json = new LinkedHashMap<>();
                json.put("appointment", BookingJson.appointment(booking.appointment(), true, answers.places()));
                json.put("managementLink", BookingMessages.managementPath(booking.appointment().id(), booking.managementToken()));
                json.put("token", booking.managementToken());
                return HttpResponses.json(201, json);
            }
            if (route.endsWith("/leave")) {
                waitlist.leave(id, token);
                Log.info("api.waitlist.left", Map.of("entryId", id));
                return HttpResponses.json(200, Map.of("message",
                        "Vous avez quitté la liste d’attente : vos coordonnées sont effacées et aucune place ne vous sera proposée."));
            }
            if (route.endsWith("/decline")) {
                WaitlistEntry waiting = waitlist.decline(id, token);
                Log.info("api.waitlist.declined", Map.of("entryId", id));
                return HttpResponses.json(200, Map.of("entry", entry(waiting)));
            }
            WaitlistEntry opened = waitlist.opened(id, token);
            Map<String, Object> json = new LinkedHashMap<>(entry(opened));
            if (opened.status() == WaitlistEntry.Status.OFFERED) {
                slots.find(opened.offeredSlotId()).ifPresent(slot -> json.put("slot", BookingJson.slot(slot, answers.places(), rules)));
            }
            return HttpResponses.json(200, Map.of("entry", json));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.waitlist.failed", Map.of("route", route), e);
                return HttpResponses.internalError();
            });
        }
    }

    private APIGatewayV2HTTPResponse join(APIGatewayV2HTTPEvent event) {
        Map<String, Object> body = ApiRequests.body(event);
        WaitlistRequest request = new WaitlistRequest(ApiRequests.text(body, "themeId"), ApiRequests.text(body, "siteId"),
                ApiRequests.text(body, "postcode"), ApiRequests.text(body, "from"), ApiRequests.text(body, "to"),
                ApiRequests.text(body, "name"), ApiRequests.text(body, "phone"), ApiRequests.text(body, "email"),
                Boolean.TRUE.equals(body.get("consent")));
        Waitlist.Joined joined = waitlist.join(request);
        Log.info("api.waitlist.joined", Map.of("entryId", joined.entry().id(), "already", joined.already()));
        Map<String, Object> json = new LinkedHashMap<>();
        // Who repeats a contact learns only that it waits already: the entry (its name, its days) stays unseen.
        json.put("already", joined.already());
        if (!joined.already()) {
            json.put("entry", entry(joined.entry()));
            json.put("leaveLink", BookingMessages.waitlistPath(joined.entry().id(), joined.leaveToken()));
        }
        json.put("message", joined.already()
                ? "Vous êtes déjà sur la liste d’attente pour ce motif et ce lieu."
                : "Vous êtes sur la liste d’attente. Dès qu’une place se libère, elle vous est proposée par message.");
        return HttpResponses.json(joined.already() ? 200 : 201, json);
    }

    /** What the citizen sees of an entry: never the name or contacts, which the link's holder has already. */
    private static Map<String, Object> entry(WaitlistEntry entry) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", entry.id());
        json.put("themeId", entry.themeId());
        json.put("siteIds", entry.siteIds());
        json.put("status", entry.status().name());
        if (entry.from() != null) {
            json.put("from", entry.from().toString());
        }
        if (entry.to() != null) {
            json.put("to", entry.to().toString());
        }
        if (entry.holdUntil() != null) {
            json.put("holdUntil", entry.holdUntil().toString());
        }
        return json;
    }
}
