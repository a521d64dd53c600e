package fr.accueil.domain.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AddressTest {

    @ParameterizedTest
    @CsvSource({"57000, 57", "67000, 67", "97400, 974", "20000, 2A", "20200, 2B", "75011, 75"})
    void derivesTheDepartementFromThePostcode(String postcode, String departement) {
        assertEquals(departement, new Address("1 rue de la Paix", postcode, "X").departement());
    }
}
