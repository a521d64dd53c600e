package fr.accueil.domain.callback;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import fr.accueil.domain.ValidationException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallbackPhoneTest {

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "+33612345678, null, +33612345678",
        "+33612345678, '', +33612345678",
        "+33612345678, 03 87 12 34 56, +33387123456",
        "anonymous, 0692 12 34 56, +262692123456",
        "+590690123456, null, +590690123456"
    })
    void keepsTheCallerIdOrTakesTheKeyedNumber(String callerId, String keyed, String expected) {
        assertEquals(expected, CallbackPhone.resolve(callerId, keyed));
    }

    @ParameterizedTest
    @CsvSource(nullValues = "null", value = {
        "null, null, WITHHELD",
        "anonymous, '  ', WITHHELD",
        "+33612345678, 06 12, INVALID",
        "null, 12345, INVALID",
        "+442071234567, null, NOT_DIALABLE",
        "+33612345678, 0899 12 34 56, NOT_DIALABLE",
        "null, 0800 12 34 56, NOT_DIALABLE"
    })
    void refusesWithAFrenchMessage(String callerId, String keyed, String reason) {
        ValidationException e = assertThrows(ValidationException.class, () -> CallbackPhone.resolve(callerId, keyed));
        assertEquals("phone", e.field());
        String expected = switch (reason) {
            case "WITHHELD" -> CallbackPhone.WITHHELD;
            case "INVALID" -> CallbackPhone.INVALID;
            default -> CallbackPhone.NOT_DIALABLE;
        };
        assertEquals(expected, e.getMessage());
    }
}
