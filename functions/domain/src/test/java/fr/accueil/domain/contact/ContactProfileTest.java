package fr.accueil.domain.contact;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which events of the history make a caller known, and with what. */
class ContactProfileTest {
    private static final Instant AT = Instant.parse("2026-11-23T09:00:00Z");
    private static final String PHONE = "+33611000001";
    private static final Map<String, String> SITE_AND_THEME = Map.of("siteId", "metz-borny", "themeId", "retraite");

    private static Optional<ContactProfile.Update> of(String phone, String kind, Map<String, String> details) {
        return ContactProfile.of(new Interaction("id", phone, AT, "web", kind, details));
    }

    @Test
    void aBookingOrACallbackRequestSetsTheSiteAndTheTheme() {
        ContactProfile.Update update = new ContactProfile.Update("metz-borny", "retraite", AT);
        assertEquals(Optional.of(update), of(PHONE, "appointment-booked", SITE_AND_THEME));
        assertEquals(Optional.of(update), of(PHONE, "appointment-rescheduled", SITE_AND_THEME));
        assertEquals(Optional.of(update), of(PHONE, "callback-requested", SITE_AND_THEME));
        assertEquals(Optional.of(new ContactProfile.Update("metz-borny", null, AT)),
                of(PHONE, "callback-requested", Map.of("siteId", "metz-borny", "themeId", "")), "no theme: the last one stays");
    }

    @Test
    void aCallbackSetsThemOnlyOnceItReachedTheCitizen() {
        Map<String, String> reached = Map.of("siteId", "metz-borny", "themeId", "retraite", "outcome", "REACHED");
        assertEquals(Optional.of(new ContactProfile.Update("metz-borny", "retraite", AT)), of(PHONE, "callback-completed", reached));
        assertEquals(Optional.empty(), of(PHONE, "callback-failed", Map.of("siteId", "metz-borny", "outcome", "NO_ANSWER")));
        assertEquals(Optional.empty(), of(PHONE, "callback-completed", Map.of("siteId", "metz-borny", "outcome", "WRONG_NUMBER")));
    }

    @Test
    void callsLeaveItAlone() {
        assertEquals(Optional.empty(), of(PHONE, "call", Map.of("route", "queue", "siteId", "metz-borny")));
        assertEquals(Optional.empty(), of(PHONE, "menu-choice", Map.of("action", "queue", "theme", "emploi")));
    }

    @Test
    void onlyAPhoneNumberHasAProfileAndOtherEventsLeaveItAlone() {
        assertEquals(Optional.empty(), of("jeanne@example.fr", "appointment-booked", SITE_AND_THEME));
        assertEquals(Optional.empty(), of(null, "callback-requested", SITE_AND_THEME));
        assertEquals(Optional.empty(), of(PHONE, "appointment-cancelled", SITE_AND_THEME));
        assertEquals(Optional.empty(), of(PHONE, "appointment-attendance", SITE_AND_THEME));
    }
}
