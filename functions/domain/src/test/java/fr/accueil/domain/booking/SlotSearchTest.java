package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.TUESDAYS;
import static fr.accueil.domain.booking.Fixtures.permanence;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Permanence;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SlotSearchTest {

    private static List<String> fieldsAtFault(String partner, String theme, String from, String to, String pageSize) {
        return assertThrows(InvalidInputException.class,
                () -> SlotSearch.parse(partner, theme, List.of(), from, to, pageSize, null))
                .problems().stream().map(InvalidInputException.Problem::field).toList();
    }

    @Test
    void readsAValidSearch() {
        SlotSearch search = SlotSearch.parse(" carsat ", "", Arrays.asList("metz", " ", "metz", null),
                "2025-09-01", "2025-11-01", null, null);

        assertEquals(new SlotSearch("carsat", null, List.of("metz"),
                new DateRange(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 11, 1)), 20, null), search);
        assertEquals(62, search.dates().days());
        // The dates are the site's: midnight in Metz is 22:00 UTC in summer.
        assertEquals(Instant.parse("2025-08-31T22:00:00Z"), search.dates().startIn(Fixtures.PARIS));
        assertEquals(Instant.parse("2025-11-01T23:00:00Z"), search.dates().endIn(Fixtures.PARIS));
    }

    @Test
    void saysEverythingMissingAtOnce() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> SlotSearch.parse(null, null, null, null, "", null, null));
        assertEquals(List.of("partner", "from", "to"),
                e.problems().stream().map(InvalidInputException.Problem::field).toList());
        assertEquals("Indiquez un partenaire ou un motif.", e.problems().get(0).message());
        assertEquals("La date de début est obligatoire.", e.problems().get(1).message());
    }

    @ParameterizedTest(name = "{0} to {1}: {2}")
    @CsvSource({
        "01/09/2025, 2025-09-30, from",
        "2025-09-01, 2025-02-30, to",
        "2025-09-30, 2025-09-01, to",
        "2025-09-01, 2025-11-02, to"   // 63 days
    })
    void checksTheDates(String from, String to, String field) {
        assertEquals(List.of(field), fieldsAtFault(null, "retraite", from, to, null));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "101", "vingt", "-5"})
    void checksThePageSize(String pageSize) {
        assertEquals(List.of("pageSize"), fieldsAtFault("carsat", null, "2025-09-01", "2025-09-30", pageSize));
    }

    @Test
    void refusesAGarbageCursor() {
        assertThrows(InvalidInputException.class,
                () -> SlotSearch.parse("carsat", null, List.of(), "2025-09-01", "2025-09-30", "10", "x".repeat(2000)));
    }

    @Test
    void coversThePermanencesOfThePartnerThemeAndSites() {
        Permanence carsat = permanence(TUESDAYS, "09:00-12:00", 30);
        DateRange september = new DateRange(LocalDate.of(2025, 9, 1), LocalDate.of(2025, 9, 30));

        assertTrue(new SlotSearch("carsat", null, List.of(), september, 20, null).covers(carsat));
        assertTrue(new SlotSearch(null, "retraite", List.of("metz"), september, 20, null).covers(carsat));
        assertFalse(new SlotSearch("caf", null, List.of(), september, 20, null).covers(carsat));
        assertFalse(new SlotSearch("carsat", "impots", List.of(), september, 20, null).covers(carsat));
        assertFalse(new SlotSearch("carsat", null, List.of("thionville"), september, 20, null).covers(carsat));
    }
}
