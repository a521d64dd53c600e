package fr.accueil.domain.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.booking.Appointment;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.callback.CallOutcome;
import fr.accueil.domain.callback.Callback;
import fr.accueil.domain.callback.DueWindow;
import fr.accueil.domain.directory.Theme;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PartnerEventsTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");
    private static final String NAME = "Jeanne Martin";
    private static final String PHONE = "+33612345678";
    private static final String EMAIL = "jeanne.martin@example.fr";

    private static Slot slot(String localStart) {
        ZonedDateTime start = LocalDateTime.parse(localStart).atZone(PARIS);
        return new Slot(Slot.idOf("carsat-metz", start.toLocalDateTime()), "carsat-metz", "metz-borny", "carsat",
                List.of("retraite"), start, start.plusMinutes(30), 2, 0);
    }

    private static Appointment booked(Slot slot) {
        return new Appointment("rdv-1", slot.id(), slot.permanenceId(), slot.siteId(), slot.partnerId(), "retraite",
                slot.start(), slot.end(), NAME, PHONE, EMAIL, "Mon dossier de retraite", AppointmentStatus.BOOKED,
                Channel.WEB, AT, "hash", null);
    }

    private static String type(Optional<PartnerEvent> event) {
        return event.map(PartnerEvent::detailType).orElse("none");
    }

    @Test
    void eachAppointmentChangeIsItsEvent() {
        Appointment booked = booked(slot("2026-12-08T09:00"));
        assertEquals(PartnerEvents.BOOKED, type(PartnerEvents.appointment("e1", AT, null, booked)));
        Appointment moved = booked.movedTo(slot("2026-12-09T14:00"));
        Optional<PartnerEvent> move = PartnerEvents.appointment("e2", AT, booked, moved);
        assertEquals(PartnerEvents.MOVED, type(move));
        assertEquals("2026-12-08T09:00+01:00", move.orElseThrow().detail().get("previousStart"));
        assertEquals("2026-12-09T14:00+01:00", move.orElseThrow().detail().get("start"));
        assertEquals(PartnerEvents.CANCELLED, type(PartnerEvents.appointment("e3", AT, moved, moved.withStatus(AppointmentStatus.CANCELLED))));
        assertEquals(PartnerEvents.ATTENDED, type(PartnerEvents.appointment("e4", AT, booked, booked.withStatus(AppointmentStatus.ATTENDED))));
        assertEquals(PartnerEvents.NO_SHOW, type(PartnerEvents.appointment("e5", AT, booked, booked.withStatus(AppointmentStatus.NO_SHOW))));
        // An attendance corrected is told again.
        assertEquals(PartnerEvents.EXCUSED, type(PartnerEvents.appointment("e6", AT, booked.withStatus(AppointmentStatus.NO_SHOW),
                booked.withStatus(AppointmentStatus.EXCUSED))));
    }

    @Test
    void aDeletionOrAnUnfollowedChangeTellsNothing() {
        Appointment booked = booked(slot("2026-12-08T09:00"));
        assertTrue(PartnerEvents.appointment("e1", AT, booked, null).isEmpty(), "an erasure or an expiry");
        assertTrue(PartnerEvents.appointment("e2", AT, booked, booked).isEmpty(), "the same slot and status");
        Callback requested = callback();
        assertTrue(PartnerEvents.callback("e3", AT, requested, requested.claim("agent", AT, AT.plusSeconds(600))).isEmpty());
        assertTrue(PartnerEvents.callback("e4", AT, requested, null).isEmpty());
    }

    @Test
    void aCallbackIsRequestedThenCompletedWhateverItsEnd() {
        Callback requested = callback();
        Optional<PartnerEvent> asked = PartnerEvents.callback("e1", AT, null, requested);
        assertEquals(PartnerEvents.CALLBACK_REQUESTED, type(asked));
        assertEquals(Map.of("eventId", "e1", "callbackId", "cb-1", "siteId", "metz-borny", "themeId", "retraite",
                "requestedAt", "2026-11-23T09:00:00Z", "windowFrom", "2026-11-23T13:00:00Z", "windowTo", "2026-11-23T16:00:00Z",
                "channel", "phone", "status", "PENDING", "attempts", "0"), asked.orElseThrow().detail());
        Callback claimed = requested.claim("agent", AT, AT.plusSeconds(600));
        Optional<PartnerEvent> reached = PartnerEvents.callback("e2", AT, claimed, claimed.close(CallOutcome.REACHED, AT, "Rappelée, dossier vu."));
        assertEquals(PartnerEvents.CALLBACK_COMPLETED, type(reached));
        assertEquals("REACHED", reached.orElseThrow().detail().get("outcome"));
        assertEquals("COMPLETED", reached.orElseThrow().detail().get("status"));
        assertEquals(PartnerEvents.CALLBACK_COMPLETED, type(PartnerEvents.callback("e3", AT, requested,
                requested.fail(CallOutcome.NO_ANSWER, "trois essais", AT, null))));
    }

    @Test
    void noEventCarriesANameANumberAnEmailOrANote() {
        Appointment booked = booked(slot("2026-12-08T09:00"));
        Callback requested = callback();
        Callback claimed = requested.claim("agent", AT, AT.plusSeconds(600));
        for (Optional<PartnerEvent> event : List.of(PartnerEvents.appointment("e1", AT, null, booked),
                PartnerEvents.appointment("e2", AT, booked, booked.movedTo(slot("2026-12-09T14:00"))),
                PartnerEvents.callback("e3", AT, null, requested),
                PartnerEvents.callback("e4", AT, claimed, claimed.close(CallOutcome.REACHED, AT, "Note de Jeanne Martin")))) {
            String text = event.orElseThrow().toString();
            for (String personal : List.of(NAME, "Martin", PHONE, "612345678", EMAIL, "dossier", "Note")) {
                assertFalse(text.contains(personal), personal + " in " + text);
            }
        }
    }

    private static Callback callback() {
        DueWindow window = new DueWindow(Instant.parse("2026-11-23T13:00:00Z"), Instant.parse("2026-11-23T16:00:00Z"), PARIS);
        return Callback.requested("cb-1", PHONE, new Theme("retraite", "Retraite", "retraite", false), "metz-borny", null, AT, window);
    }
}
