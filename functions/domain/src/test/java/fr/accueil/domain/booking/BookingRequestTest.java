package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.slot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.accueil.domain.ValidationException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BookingRequestTest {
    private final Slot slot = slot("2025-09-16T09:00", 30, 1, 0);

    private static BookingRequest request(String theme, String name, String phone, String email, String note) {
        return new BookingRequest("carsat-metz#20250916T0900", theme, name, phone, email, note, null);
    }

    private List<String> fieldsAtFault(BookingRequest request) {
        return assertThrows(InvalidInputException.class, () -> request.validFor(slot))
                .problems().stream().map(InvalidInputException.Problem::field).toList();
    }

    @Test
    void cleansAValidRequest() {
        BookingRequest valid = request(null, "  Marie   Curie ", "06 12 34 56 78", " marie@example.fr ", "  ").validFor(slot);

        assertEquals(new BookingRequest(slot.id(), "retraite", "Marie Curie", "+33612345678", "marie@example.fr", null,
                Channel.WEB), valid);
    }

    @Test
    void reportsEveryProblemAtOnceInFrench() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> request("impots", " ", "12", "marie@", "x".repeat(501)).validFor(slot));

        assertEquals(List.of("name", "phone", "email", "themeId", "note"),
                e.problems().stream().map(InvalidInputException.Problem::field).toList());
        assertEquals("Le nom est obligatoire.", e.problems().get(0).message());
        // Read as a plain ValidationException it names the first field and says everything.
        ValidationException plain = e;
        assertEquals("name", plain.field());
        assertEquals(5, plain.getMessage().split("\\. ").length);
    }

    @Test
    void needsAPhoneOrAnEmail() {
        assertEquals(List.of("phone"), fieldsAtFault(request(null, "Marie Curie", null, " ", null)));
        request(null, "Marie Curie", null, "marie@example.fr", null).validFor(slot);
        request(null, "Marie Curie", "+262 692 12 34 56", null, null).validFor(slot);
    }

    @Test
    void theThemeMustBeOneOfTheSlots() {
        Slot twoThemes = slot("2025-09-16T09:00", 30, 1, 0, "retraite", "invalidite");
        BookingRequest noTheme = request(null, "Marie Curie", null, "marie@example.fr", null);
        assertEquals("themeId", assertThrows(InvalidInputException.class, () -> noTheme.validFor(twoThemes)).field());
        assertEquals("invalidite", request("invalidite", "Marie Curie", null, "marie@example.fr", null)
                .validFor(twoThemes).themeId());
    }

    @ParameterizedTest
    @ValueSource(strings = {"M", "1234", "Marie\u0007Curie", "----"})
    void refusesNamesThatAreNotNames(String name) {
        assertEquals(List.of("name"), fieldsAtFault(request(null, name, "0612345678", null, null)));
    }

    @Test
    void refusesAnOverlongName() {
        assertEquals(List.of("name"), fieldsAtFault(request(null, "a".repeat(101), "0612345678", null, null)));
        request(null, "Lê Nguyễn-O'Connor", "0612345678", null, null).validFor(slot);
    }

    @ParameterizedTest
    @ValueSource(strings = {"marie", "marie@", "@example.fr", "marie@example", "ma rie@example.fr", "marie@@example.fr",
        "marie@example..fr"})
    void refusesMistypedEmails(String email) {
        assertEquals(List.of("email"), fieldsAtFault(request(null, "Marie Curie", null, email, null)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"marie.curie+rdv@sub.example.fr", "m@example.co.uk", "jean-éric@exemple.fr"})
    void acceptsUsualEmails(String email) {
        assertEquals(email, request(null, "Marie Curie", null, email, null).validFor(slot).email());
    }

    @Test
    void keepsPersonalDataOutOfItsDescription() {
        String text = request(null, "Marie Curie", "0612345678", "marie@example.fr", "diabète").toString();
        assertFalse(text.contains("Marie") || text.contains("0612") || text.contains("marie@") || text.contains("diab"));
        assertFalse(Fixtures.appointment(slot).toString().contains("Marie"));
    }
}
