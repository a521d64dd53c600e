package fr.accueil.handlers.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ApiReadSitesHandlerIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();

    private final String territory = "t-" + UUID.randomUUID();
    private final DirectoryStore store =
            new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), Clock.systemUTC());
    private final ApiReadSitesHandler handler = new ApiReadSitesHandler(new SiteDirectory(store, territory));

    private Site site(String id, String name, String postcode, String zone) {
        return new Site(id, territory, name, new Address("1 rue de la Gare", postcode, "Ville"), List.of(postcode),
                ZoneId.of(zone), new WeeklyHours(Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("09:00-12:00")))),
                List.of(), null, "general");
    }

    @BeforeEach
    void seed() {
        store.save(territory, site("metz-borny", "France Services Metz-Borny", "57070", "Europe/Paris"));
        store.save(territory, site("saint-denis-reunion", "France Services Saint-Denis", "97400", "Indian/Reunion"));
        store.save(territory, site("epinal", "Épinal", "88000", "Europe/Paris"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void listsTheSitesInFrenchAlphabeticalOrder() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                SampleEvents.read("ApiReadSitesFunction.json", APIGatewayV2HTTPEvent.class), null);

        assertEquals(200, response.getStatusCode());
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/json"));
        List<Map<String, Object>> sites = (List<Map<String, Object>>) Json.readObject(response.getBody()).get("sites");
        assertEquals(List.of("Épinal", "France Services Metz-Borny", "France Services Saint-Denis"),
                sites.stream().map(s -> s.get("name")).toList());
        assertEquals("Indian/Reunion", sites.get(2).get("timeZone"));
        assertEquals(Map.of("monday", List.of("09:00-12:00")), sites.get(1).get("hours"));
    }

    @Test
    void readsOneSite() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                SampleEvents.read("ApiReadSitesFunction.site.json", APIGatewayV2HTTPEvent.class), null);

        assertEquals(200, response.getStatusCode());
        assertEquals("France Services Metz-Borny", Json.readObject(response.getBody()).get("name"));
    }

    @Test
    @SuppressWarnings("unchecked")
    void oneSiteListsThePermanencesHeldThere() throws Exception {
        store.save(territory, new Permanence("carsat-metz", "carsat", "metz-borny", List.of("retraite"),
                new Recurrence.MonthlyNthWeekday(DayOfWeek.TUESDAY, List.of(4, 2)), TimeRange.parse("09:00-12:00"),
                30, 1, Duration.ofHours(2), 60, null, null, Set.of(LocalDate.parse("2026-12-22"))));
        store.save(territory, new Permanence("caf-metz", "caf", "metz-borny", List.of("allocations"),
                new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY), 2, LocalDate.parse("2026-01-05")),
                TimeRange.parse("14:00-17:00"), 20, 1, Duration.ofHours(2), 60, null, null, Set.of()));
        store.save(territory, new Permanence("caf-epinal", "caf", "epinal", List.of("allocations"),
                new Recurrence.Weekly(Set.of(DayOfWeek.MONDAY), 1, LocalDate.parse("2026-01-05")),
                TimeRange.parse("14:00-17:00"), 20, 1, Duration.ofHours(2), 60, null, null, Set.of()));

        APIGatewayV2HTTPResponse response = handler.handleRequest(
                SampleEvents.read("ApiReadSitesFunction.site.json", APIGatewayV2HTTPEvent.class), null);

        assertEquals(200, response.getStatusCode());
        List<Map<String, Object>> permanences =
                (List<Map<String, Object>>) Json.readObject(response.getBody()).get("permanences");
        Map<String, Map<String, Object>> byId = new java.util.HashMap<>();
        permanences.forEach(p -> byId.put((String) p.get("id"), p));
        assertEquals(Set.of("carsat-metz", "caf-metz"), byId.keySet(), "only the site's own permanences");
        assertEquals(Map.of("kind", "monthly", "day", "TUESDAY", "ordinals", List.of(2, 4)),
                byId.get("carsat-metz").get("recurrence"));
        assertEquals("09:00-12:00", byId.get("carsat-metz").get("window"));
        assertEquals(List.of("2026-12-22"), byId.get("carsat-metz").get("cancelledDates"));
        assertEquals(Map.of("kind", "weekly", "days", List.of("MONDAY"), "everyWeeks", 2),
                byId.get("caf-metz").get("recurrence"));
        assertEquals(20, ((Number) byId.get("caf-metz").get("slotMinutes")).intValue());
    }

    @Test
    void anUnknownSiteIsAProblem404() throws Exception {
        APIGatewayV2HTTPResponse response = handler.handleRequest(
                SampleEvents.read("ApiReadSitesFunction.unknown-site.json", APIGatewayV2HTTPEvent.class), null);

        assertEquals(404, response.getStatusCode());
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/problem+json"));
        assertEquals(404, ((Number) Json.readObject(response.getBody()).get("status")).intValue());

        // DynamoDB refuses a key over 1 KB: an id that long names no site, and is answered so before any read.
        APIGatewayV2HTTPEvent longId = SampleEvents.read("ApiReadSitesFunction.unknown-site.json", APIGatewayV2HTTPEvent.class);
        longId.setPathParameters(java.util.Map.of("siteId", "a".repeat(5000)));
        assertEquals(404, handler.handleRequest(longId, null).getStatusCode());
    }

    @Test
    void aStoreFailureIsAProblem500WithoutDetails() throws Exception {
        ApiReadSitesHandler failing = new ApiReadSitesHandler(new SiteDirectory(new DynamoDirectoryStore(
                STACK.client(), "NoSuchTable", Clock.systemUTC()), territory));

        APIGatewayV2HTTPResponse response = failing.handleRequest(
                SampleEvents.read("ApiReadSitesFunction.json", APIGatewayV2HTTPEvent.class), null);

        assertEquals(500, response.getStatusCode());
        assertTrue(response.getHeaders().get("Content-Type").startsWith("application/problem+json"));
    }
}
