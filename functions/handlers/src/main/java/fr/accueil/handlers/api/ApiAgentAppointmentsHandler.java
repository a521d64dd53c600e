package fr.accueil.handlers.api;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.audit.AuditTrail;
import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.AppointmentStore;
import fr.accueil.domain.booking.BookingService;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotStore;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Log;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Agents' appointment routes (bearer JWT, verified by the gateway's authorizer or locally by the runner):
 * {@code GET /api/agent/appointments?site=&date=}, {@code POST /api/agent/appointments/{id}/attendance}
 * (body {@code {status}}) and {@code POST /api/agent/appointments} (booking for a caller, body as the
 * citizen's plus {@code channel}: phone or counter). An agent acts at their sites only, a referent on their
 * partner's appointments only; by id, the appointment's (or the slot's) own site and partner decide.
 */
public final class ApiAgentAppointmentsHandler implements RequestHandler<APIGatewayV2HTTPEvent, APIGatewayV2HTTPResponse> {
    private final BookingService service;
    private final AppointmentStore appointments;
    private final SlotStore slots;
    private final BookingAnswers answers;
    private final AgentAudit audit;

    public ApiAgentAppointmentsHandler() {
        this(AppContext.get().booking(), AppContext.get().audit());
    }

    public ApiAgentAppointmentsHandler(BookingContext booking, AuditTrail audit) {
        this.audit = new AgentAudit(audit, booking.clock());
        this.service = booking.service();
        this.appointments = booking.appointments();
        this.slots = booking.slots();
        this.answers = new BookingAnswers(booking);
    }

    @Override
    public APIGatewayV2HTTPResponse handleRequest(APIGatewayV2HTTPEvent event, Context context) {
        String route = ApiRequests.route(event);
        Optional<AgentAccess> verified = AgentAccess.of(event);
        if (verified.isEmpty()) {
            return AgentAccess.unauthenticated();
        }
        AgentAccess access = verified.get();
        try {
            if (route.startsWith("GET ")) {
                return list(event, access);
            }
            if (route.endsWith("/attendance")) {
                return attendance(event, access);
            }
            return bookForCaller(event, access);
        } catch (RuntimeException e) {
            return ApiRequests.problemOf(e).orElseGet(() -> {
                Log.error("api.agent.appointments.failed", Map.of("route", route), e);
                return HttpResponses.internalError();
            });
        }
    }

    private APIGatewayV2HTTPResponse list(APIGatewayV2HTTPEvent event, AgentAccess access) {
        if (!access.may(AgentAccess.Action.APPOINTMENTS)) {
            return AgentAccess.roleForbidden("La liste des rendez-vous est réservée aux agents, coordinateurs et référents.");
        }
        String site = ApiRequests.query(event, "site");
        String date = ApiRequests.query(event, "date");
        List<Map<String, String>> errors = new ArrayList<>();
        if (site == null || site.isBlank() || site.length() > 64) {
            errors.add(Map.of("field", "site", "message", "Indiquez le lieu."));
        }
        LocalDate day = null;
        try {
            day = date == null ? null : LocalDate.parse(date.trim());
        } catch (DateTimeParseException e) {
            // reported below
        }
        if (day == null) {
            errors.add(Map.of("field", "date", "message", "La date doit être au format AAAA-MM-JJ."));
        }
        if (!errors.isEmpty()) {
            return HttpResponses.problem(400, "requete-invalide", "Requête invalide",
                    String.join(" ", errors.stream().map(e -> e.get("message")).toList()), Map.of("errors", errors));
        }
        // A referent sees their partner's appointments at any site; an agent all those of their sites.
        String partner = access.covers(AgentAccess.Action.APPOINTMENTS, site.trim(), null) ? null
                : access.referentPartner().orElse(null);
        if (partner == null && !access.covers(AgentAccess.Action.APPOINTMENTS, site.trim(), null)) {
            return AgentAccess.scopeForbidden("Votre compte ne donne accès qu’aux rendez-vous de vos sites.");
        }
        Places places = answers.places();
        List<Map<String, Object>> list = appointments.bySiteAndDate(site.trim(), day).stream()
                .filter(a -> partner == null || partner.equals(a.partnerId()))
                .sorted(Comparator.comparing((Appointment a) -> a.start().toInstant()))
                .map(a -> withBookingAgent(BookingJson.appointment(a, true, places), a)).toList();
        return HttpResponses.json(200, Map.of("appointments", list));
    }

    /** Who booked it, for the agents' list only (a citizen's link never names the agent). */
    private static Map<String, Object> withBookingAgent(Map<String, Object> json, Appointment appointment) {
        if (appointment.bookedBy() != null) {
            json.put("bookedBy", appointment.bookedBy());
        }
        return json;
    }

    private APIGatewayV2HTTPResponse attendance(APIGatewayV2HTTPEvent event, AgentAccess access) {
        if (!access.may(AgentAccess.Action.APPOINTMENTS)) {
            return AgentAccess.roleForbidden("La présence est notée par les agents, coordinateurs et référents.");
        }
        // The appointment's own site and partner, read before anything is written.
        Appointment stored = Optional.ofNullable(ApiRequests.path(event, "id")).flatMap(appointments::find)
                .orElseThrow(() -> new NotFoundException("Rendez-vous introuvable."));
        if (!access.covers(AgentAccess.Action.APPOINTMENTS, stored.siteId(), stored.partnerId())) {
            return AgentAccess.scopeForbidden("Ce rendez-vous est celui d’un site ou d’un partenaire hors de votre compte.");
        }
        String status = ApiRequests.text(ApiRequests.body(event), "status");
        AppointmentStatus attendance;
        try {
            attendance = AppointmentStatus.valueOf(status == null ? "" : status.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            attendance = null;
        }
        if (attendance == null || !attendance.isAttendance()) {
            return ApiRequests.invalidInput(List.of(Map.of("field", "status",
                    "message", "Indiquez ATTENDED, NO_SHOW ou EXCUSED.")), "Indiquez ATTENDED, NO_SHOW ou EXCUSED.");
        }
        Appointment updated = service.recordAttendance(stored.id(), attendance, access.actor());
        audit.record(access, "appointment-attendance", Map.of("appointmentId", updated.id(), "siteId", updated.siteId(),
                "partnerId", updated.partnerId(), "status", attendance.name(), "previous", stored.status().name()));
        Log.info("api.agent.attendance", Map.of("appointmentId", updated.id(), "status", attendance.name()));
        return HttpResponses.json(200, Map.of("appointment", BookingJson.appointment(updated, true, answers.places())));
    }

    private APIGatewayV2HTTPResponse bookForCaller(APIGatewayV2HTTPEvent event, AgentAccess access) {
        if (!access.may(AgentAccess.Action.BOOK)) {
            return AgentAccess.roleForbidden("La prise de rendez-vous pour un usager est réservée aux agents et coordinateurs.");
        }
        Map<String, Object> body = ApiRequests.body(event);
        // The slot's own site and partner: an agent books at their sites only. An unknown slot is answered by the booking.
        String slotId = ApiRequests.text(body, "slotId");
        Optional<Slot> slot = slotId == null || slotId.isBlank() || slotId.length() > 200 ? Optional.empty() : slots.find(slotId.trim());
        if (slot.isPresent() && !access.covers(AgentAccess.Action.BOOK, slot.get().siteId(), slot.get().partnerId())) {
            return AgentAccess.scopeForbidden("Votre compte ne donne accès qu’aux créneaux de vos sites.");
        }
        String channel = ApiRequests.lower(ApiRequests.text(body, "channel"));
        if (!"phone".equals(channel) && !"counter".equals(channel)) {
            return ApiRequests.invalidInput(List.of(Map.of("field", "channel",
                    "message", "Indiquez le canal : phone (téléphone) ou counter (accueil).")),
                    "Indiquez le canal : phone (téléphone) ou counter (accueil).");
        }
        APIGatewayV2HTTPResponse answer = answers.book(event, "phone".equals(channel) ? Channel.PHONE : Channel.COUNTER,
                false, "api.agent.appointment.booked", access.actor());
        if (answer.getStatusCode() == 201) {
            audit.record(access, "appointment-booked", Map.of("slotId", slotId.trim(), "siteId", slot.get().siteId(),
                    "partnerId", slot.get().partnerId(), "channel", channel));
        }
        return answer;
    }
}
