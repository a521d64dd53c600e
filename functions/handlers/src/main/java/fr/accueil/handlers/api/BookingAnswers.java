package fr.accueil.handlers.api;

import fr.accueil.domain.audit.Actor;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.booking.Booking;
import fr.accueil.domain.booking.BookingMessages;
import fr.accueil.domain.booking.BookingRequest;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.BookingService;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.FreeSlotFinder;
import fr.accueil.domain.booking.ErasedBookingException;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.booking.SlotFullException;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Log;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/** Booking a slot from a request body, for citizens and for agents on their behalf. */
final class BookingAnswers {
    /** Keys are client-made (a UUID); anything else is refused before it reaches the table's keys. */
    private static final Pattern IDEMPOTENCY_KEY = Pattern.compile("[A-Za-z0-9._:-]{8,128}");
    private static final int NEXT_SLOTS = 5;

    private final BookingService service;
    private final FreeSlotFinder finder;
    private final DirectoryStore directory;
    private final String territoryId;
    private final BookingRules rules;

    BookingAnswers(BookingContext booking) {
        this.rules = booking.rules();
        this.service = booking.service();
        this.finder = booking.finder();
        this.directory = booking.directory();
        this.territoryId = booking.territoryId();
    }

    /** A fresh cache of sites for one answer. */
    Places places() {
        return new Places(directory, territoryId);
    }

    /**
     * @param keyRequired citizens' clients must send a key (a double click must not book twice); an
     *                    agent's console may not, and each of its requests then books once
     * @param by          the agent booking for a caller (in the history), null for the citizen
     */
    APIGatewayV2HTTPResponse book(APIGatewayV2HTTPEvent event, Channel channel, boolean keyRequired, String logEvent, Actor by) {
        String key = ApiRequests.header(event, "Idempotency-Key");
        if (key == null ? keyRequired : !IDEMPOTENCY_KEY.matcher(key).matches()) {
            return HttpResponses.problem(400, "cle-idempotence", "En-tête Idempotency-Key manquant ou invalide",
                    "Envoyez un en-tête Idempotency-Key unique par réservation (8 à 128 caractères : lettres, chiffres, . _ : -).");
        }
        Map<String, Object> body = ApiRequests.body(event);
        String slotId = ApiRequests.text(body, "slotId");
        if (slotId == null || slotId.isBlank() || slotId.length() > 200) {
            return ApiRequests.invalidInput(List.of(Map.of("field", "slotId", "message", "Choisissez un créneau.")),
                    "Choisissez un créneau.");
        }
        BookingRequest request = new BookingRequest(slotId.trim(), ApiRequests.text(body, "themeId"),
                ApiRequests.text(body, "name"), ApiRequests.text(body, "phone"), ApiRequests.text(body, "email"),
                ApiRequests.text(body, "note"), channel);
        try {
            Booking booking = service.book(request, key, by);
            Log.info(logEvent, Map.of("appointmentId", booking.appointment().id(), "slotId", slotId,
                    "channel", channel.name(), "replayed", booking.replayed()));
            Map<String, Object> json = new LinkedHashMap<>();
            Places places = places();
            if (booking.replayed()) {
                // Whoever repeats a key learns the booking stands, not who made it nor its link.
                json.put("appointment", BookingJson.appointment(booking.appointment(), false, places));
                json.put("replayed", true);
                // A replay long after the booking sends a new link to the contact booked with, never in this answer.
                json.put("linkResent", booking.linkResent());
                return HttpResponses.json(200, json);
            }
            json.put("appointment", BookingJson.appointment(booking.appointment(), true, places));
            json.put("managementLink", BookingMessages.managementPath(booking.appointment().id(), booking.managementToken()));
            json.put("token", booking.managementToken());
            json.put("changeableUntil", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(rules.changeDeadline(booking.appointment().start())));
            BookingMessages.smsNotice(booking.appointment()).ifPresent(notice -> json.put("smsNotice", notice));
            return HttpResponses.json(201, json);
        } catch (SlotFullException full) {
            return slotFull(full);
        } catch (ErasedBookingException erased) {
            return HttpResponses.problem(410, "reservation-effacee", "Réservation effacée", erased.getMessage());
        } catch (NotFoundException unknownSlot) {
            return unknownSlot();
        }
    }

    /** 409 with the permanence's next free slots (and their places), so the citizen can pick another at once. */
    APIGatewayV2HTTPResponse slotFull(SlotFullException full) {
        Places places = places();
        return HttpResponses.problem(409, "creneau-complet", "Créneau complet", full.getMessage(),
                Map.of("slotId", full.slotId(), "nextSlots", finder.nextFree(permanenceOf(full.slotId()), NEXT_SLOTS).stream()
                        .map(slot -> BookingJson.slot(slot, places, rules)).toList()));
    }

    /** A slot id that names no slot is a fault of the form's field, not a missing resource of the route. */
    static APIGatewayV2HTTPResponse unknownSlot() {
        return ApiRequests.invalidInput(List.of(Map.of("field", "slotId", "message", "Ce créneau n’existe pas.")),
                "Ce créneau n’existe pas.");
    }

    /** Slot ids are {@code permanenceId#localStart}. */
    private static String permanenceOf(String slotId) {
        int separator = slotId.lastIndexOf('#');
        return separator < 0 ? slotId : slotId.substring(0, separator);
    }
}
