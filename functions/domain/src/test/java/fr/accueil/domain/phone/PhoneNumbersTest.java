package fr.accueil.domain.phone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class PhoneNumbersTest {

    @ParameterizedTest
    @CsvSource({
        "06 12 34 56 78, +33612345678",
        "+33 3 87 00 00 00, +33387000000",
        "0033612345678, +33612345678",
        "0262 12 34 56, +262262123456",
        "+262 692 12 34 56, +262692123456",
        "0696 12 34 56, +596696123456"
    })
    void normalisesFrenchAndOverseasNumbersToE164(String raw, String e164) {
        assertEquals(Optional.of(e164), PhoneNumbers.toE164(raw));
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"anonymous", "Restricted", "+0000", "12", "06 12", "éàü☎", "0612345678901234567890123456789012345678901234567890123456789012345"})
    void rejectsWithheldAndInvalidNumbers(String raw) {
        assertEquals(Optional.empty(), PhoneNumbers.toE164(raw));
    }

    @ParameterizedTest
    @CsvSource({"+33612345678, +33*******78", "'', ***"})
    void masksAllButCountryCodeAndLastDigits(String e164, String masked) {
        assertEquals(masked, PhoneNumbers.mask(e164));
    }

    @ParameterizedTest
    @CsvSource({
        "+33612345678, true",
        "+33756123456, true",
        "+262692123456, true",
        "+596696123456, true",
        "+33387000000, false",
        "+33899123456, false",
        "+33810123456, false",
        "+33800123456, false",
        "+33912345678, false",
        "+447700900123, false",
        "+881612345678, false",
        "'', false"
    })
    void onlyFrenchAndOverseasMobilesReceiveSms(String e164, boolean receives) {
        assertEquals(receives, PhoneNumbers.receivesSms(e164.isEmpty() ? null : e164));
    }
}
