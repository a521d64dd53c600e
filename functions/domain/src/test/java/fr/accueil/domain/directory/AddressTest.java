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

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Rohrbach-lès-Bitche|rohrbach les bitche", "  ROHRBACH LES BITCHE |rohrbach les bitche",
        "L'Hôpital|l hopital", "Saint-Étienne-lès-Remiremont|saint etienne les remiremont",
        "Œuilly|oeuilly", "Pont-à-Mousson|pont a mousson", "--|''"})
    void keysACommuneWithoutAccentsCaseNorPunctuation(String name, String key) {
        assertEquals(key, Address.communeKey(name));
    }
}
