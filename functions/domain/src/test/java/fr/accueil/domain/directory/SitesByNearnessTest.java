package fr.accueil.domain.directory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SitesByNearnessTest {
    private static final GeoPoint METZ = new GeoPoint(49.1117, 6.2257);
    private static final GeoPoint SARREGUEMINES = new GeoPoint(49.1099, 7.0684);
    private static final GeoPoint PONT_A_MOUSSON = new GeoPoint(48.9036, 6.0543);
    private static final GeoPoint SAINT_DENIS = new GeoPoint(-20.8789, 55.4481);

    private static Site site(String id, String name, String postcode, List<String> served, GeoPoint location) {
        return new Site(id, "t", name, new Address("1 rue", postcode, "Ville"), served, ZoneId.of("Europe/Paris"),
                new WeeklyHours(Map.of()), List.of(), null, null, false, List.of(), location);
    }

    private static final List<Site> SITES = List.of(
            site("reunion", "Saint-Denis", "97400", List.of("97400"), SAINT_DENIS),
            site("sans-position", "Abreschviller", "57560", List.of("57560"), null),
            site("pam", "Pont-à-Mousson", "54700", List.of("54700"), PONT_A_MOUSSON),
            site("sarreguemines", "Sarreguemines", "57200", List.of("57200", "57070"), SARREGUEMINES),
            site("metz", "Metz-Borny", "57070", List.of("57070"), METZ),
            site("autre-sans-position", "Albestroff", "57670", List.of("57670"), null));

    private static List<String> ids(List<SitesByNearness.Ranked> ranked) {
        return ranked.stream().map(r -> r.site().id()).toList();
    }

    @Test
    void theGreatCircleDistanceIsTheKnownOne() {
        assertEquals(61.0, METZ.kilometresTo(SARREGUEMINES), 1.0);
        assertEquals(METZ.kilometresTo(PONT_A_MOUSSON), PONT_A_MOUSSON.kilometresTo(METZ), 1e-9);
        assertEquals(0.0, METZ.kilometresTo(METZ), 1e-9);
        assertTrue(METZ.kilometresTo(SAINT_DENIS) > 9000);
        assertThrows(IllegalArgumentException.class, () -> new GeoPoint(91, 0));
        assertThrows(IllegalArgumentException.class, () -> new GeoPoint(0, Double.NaN));
    }

    @Test
    void theServingSitesComeFirstThenTheOthersByDistanceThenTheUnplacedByName() {
        List<SitesByNearness.Ranked> ranked = SitesByNearness.order(SITES, "57070");

        assertEquals(List.of("metz", "sarreguemines", "pam", "reunion", "sans-position", "autre-sans-position"), ids(ranked),
                "the site at the postcode, the other serving it, then Pont-à-Mousson (27 km from Metz), La Réunion, "
                        + "then Abreschviller and Albestroff (no position) by name");
        assertTrue(ranked.get(0).serving() && ranked.get(1).serving() && !ranked.get(2).serving());
        assertEquals(0.0, ranked.get(1).kilometres().orElseThrow());
        assertEquals(METZ.kilometresTo(PONT_A_MOUSSON), ranked.get(2).kilometres().orElseThrow(), 1e-9, "from the nearest serving site");
        assertFalse(ranked.get(5).kilometres().isPresent());
    }

    @Test
    void withNoServingSitePlacedTheDistancesAreUnknownAndTheOthersComeByName() {
        List<SitesByNearness.Ranked> ranked = SitesByNearness.order(SITES, "57560");
        assertEquals(List.of("sans-position", "autre-sans-position", "metz", "pam", "reunion", "sarreguemines"), ids(ranked));
        assertTrue(ranked.stream().skip(1).noneMatch(r -> r.kilometres().isPresent()));
        assertEquals(List.of("sans-position", "autre-sans-position", "metz", "pam", "reunion", "sarreguemines"),
                ids(SitesByNearness.order(SITES, "75001")), "a postcode nobody serves: every site by name");
    }
}
