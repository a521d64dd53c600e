package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentCalendar;
import fr.accueil.domain.booking.BookingService;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.booking.SlotFullException;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Log;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

/**
 * The management link's routes: {@code GET /api/appointments/{id}}, {@code POST …/cancel},
 * {@code POST …/reschedule} (body {@code {slotId}}) and {@code GET …/calendar.ics}, each with
 * {@code ?token=}. A wrong or missing token answers the same 404 as an unknown id.
 */
public final class ApiManageAppointmentHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final BookingService service;
    private final DirectoryStore directory;
    private final String territoryId;
    private final BiFunction<String, String, String> managementUrl;
    private final Clock clock;
    private final BookingAnswers answers;

    public ApiManageAppointmentHandler() {
        this(AppContext.get().booking());
    }

    public ApiManageAppointmentHandler(BookingContext booking) {
        this.service = booking.service();
        this.directory = booking.directory();
        this.territoryId = booking.territoryId();
        this.managementUrl = booking::managementUrl;
        this.clock = booking.clock();
        this.answers = new BookingAnswers(booking);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String token = ApiRequests.query(event, "token");
        String route = ApiRequests.route(event);
        try {
            String id = ApiRequests.path(event, "id");
            if (id == null || token == null || token.isBlank()) {
                return HttpResponses.notFound();
            }
            if (route.endsWith("/cancel")) {
                Appointment cancelled = service.cancel(id, token);
                Log.info("api.appointment.cancelled", Map.of("appointmentId", id));
                return HttpResponses.json(200, Map.of("appointment", BookingJson.appointment(cancelled, true, answers.places())));
            }
            if (route.endsWith("/reschedule")) {
                return reschedule(event, id, token);
            }
            Appointment appointment = service.view(id, token);
            if (route.endsWith("/calendar.ics")) {
                return calendar(appointment, token);
            }
            return HttpResponses.json(200, Map.of("appointment", BookingJson.appointment(appointment, true, answers.places())));
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.appointment.manage.failed", Map.of("route", route), e);
                return HttpResponses.internalError();
            });
        }
    }

    private APIGatewayV2HTTPResponse reschedule(APIGatewayV2HTTPEvent event, String id, String token) {
        // The link is checked before the body is read: a wrong token learns nothing, even about the body.
        service.view(id, token);
        String slotId = ApiRequests.text(ApiRequests.body(event), "slotId");
        if (slotId == null || slotId.isBlank()) {
            return ApiRequests.invalidInput(List.of(Map.of("field", "slotId", "message", "Choisissez un créneau.")),
                    "Choisissez un créneau.");
        }
        try {
            Appointment moved = service.reschedule(id, token, slotId.trim());
            Log.info("api.appointment.rescheduled", Map.of("appointmentId", id, "slotId", moved.slotId()));
            return HttpResponses.json(200, Map.of("appointment", BookingJson.appointment(moved, true, answers.places())));
        } catch (SlotFullException full) {
            return answers.slotFull(full);
        } catch (NotFoundException unknownSlot) {
            return BookingAnswers.unknownSlot();
        }
    }

    private APIGatewayV2HTTPResponse calendar(Appointment appointment, String token) {
        Site site = directory.site(territoryId, appointment.siteId()).orElseThrow(() -> new NotFoundException("site"));
        Partner partner = directory.partners(territoryId).stream().filter(p -> p.id().equals(appointment.partnerId()))
                .findFirst().orElseThrow(() -> new NotFoundException("partner"));
        Theme theme = directory.themes(territoryId).stream().filter(t -> t.id().equals(appointment.themeId()))
                .findFirst().orElseThrow(() -> new NotFoundException("theme"));
        String ics = AppointmentCalendar.ics(appointment, site, partner, theme,
                managementUrl.apply(appointment.id(), token), clock.instant());
        return HttpResponses.text(200, "text/calendar; charset=utf-8", ics,
                Map.of("Content-Disposition", "attachment; filename=\"rendez-vous.ics\""));
    }
}
