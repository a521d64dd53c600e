package fr.accueil.handlers.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPResponse;
import fr.accueil.domain.audit.AuditEntry;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.territory.TerritoryFormat;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.BookingContext;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.SampleEvents;
import fr.accueil.storage.dynamodb.DynamoAuditTrail;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import fr.accueil.storage.dynamodb.DynamoVoiceMenuStore;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The back office's routes through their handler fed from events/, against DynamoDB Local, on the demo territory
 * imported under a territory of its own. Monday 23 November 2026, 10:00 in Moselle.
 */
class ApiAdminHandlerIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);
    private static final String TERRITORY = "t-" + UUID.randomUUID();
    private static final DynamoDirectoryStore DIRECTORY = new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
    private static final DynamoVoiceMenuStore VOICE = new DynamoVoiceMenuStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);
    private static final BookingContext BOOKING = new BookingContext(TERRITORY, CLOCK, DIRECTORY, STACK.client(),
            STACK.table("BookingTable"), Duration.ofDays(365), new BookingRules(Duration.ofHours(48)),
            "https://accueil.example.fr", null,
            new DynamoContactStore(STACK.client(), STACK.table("ContactsTable"), CLOCK, Duration.ofDays(365)), null);
    private static final DynamoAuditTrail AUDIT = new DynamoAuditTrail(STACK.client(), STACK.table("ContactsTable"), TERRITORY,
            CLOCK, Duration.ofDays(365));
    private static final AtomicInteger FORGOTTEN = new AtomicInteger();
    private static final ApiAdminHandler HANDLER = new ApiAdminHandler(TERRITORY, DIRECTORY, VOICE, BOOKING.regeneration(),
            AUDIT, CLOCK, FORGOTTEN::incrementAndGet);

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void imported() throws Exception {
        Map<String, Object> demo = Json.readObject(Files.readString(EmbeddedStack.repositoryRoot().resolve("seed/demo-territory.json")));
        ((Map<String, Object>) demo.get("territory")).put("id", TERRITORY);
        new TerritoryImport(TERRITORY, DIRECTORY, VOICE, BOOKING.regeneration(), CLOCK)
                .apply(TerritoryFormat.parse(demo, LocalDate.of(2026, 11, 23)));
    }

    private static APIGatewayV2HTTPEvent event(String name) {
        return SampleEvents.read(name, APIGatewayV2HTTPEvent.class);
    }

    private static Map<String, Object> json(APIGatewayV2HTTPResponse response) throws Exception {
        return Json.readObject(response.getBody());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theCoordinatorReadsTheDocumentAndMayEditEverything() throws Exception {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event("ApiAdminFunction.json"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        Map<String, Object> body = json(response);
        assertEquals(TERRITORY, ((Map<String, Object>) ((Map<String, Object>) body.get("territory")).get("territory")).get("id"));
        assertEquals(Map.of("sites", true, "themes", true, "partners", true, "voice", true, "permanences", "all"), body.get("may"));
        APIGatewayV2HTTPEvent referent = event("ApiAdminFunction.referent-permanence.json");
        referent.setRouteKey("GET /api/admin/territory");
        assertEquals(Map.of("sites", false, "themes", false, "partners", false, "voice", false,
                "permanences", Map.of("partnerId", "carsat")), json(HANDLER.handleRequest(referent, null)).get("may"));
    }

    @Test
    void aReferentChangesTheirPartnersPermanenceAndItIsAudited() throws Exception {
        int forgotten = FORGOTTEN.get();
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event("ApiAdminFunction.referent-permanence.json"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(List.of("carsat-metz"), ((Map<?, ?>) ((Map<?, ?>) json(response).get("parts")).get("permanences")).get("changed"));
        Permanence stored = DIRECTORY.permanence(TERRITORY, "carsat-metz").orElseThrow();
        assertTrue(stored.cancelledDates().contains(LocalDate.of(2026, 12, 8)));
        assertEquals(forgotten + 1, FORGOTTEN.get(), "the container's cached territory is forgotten");
        List<AuditEntry> entries = AUDIT.between(CLOCK.instant().minusSeconds(1), CLOCK.instant().plusSeconds(1), 50);
        assertTrue(entries.stream().anyMatch(e -> e.action().equals("directory-changed")
                && "carsat-metz".equals(e.details().get("id")) && "referent.carsat@example.fr".equals(e.actor().name())), entries.toString());
    }

    @Test
    void aReferentOfAnotherPartnerOrOnASiteIsRefused() throws Exception {
        APIGatewayV2HTTPResponse other = HANDLER.handleRequest(event("ApiAdminFunction.other-partner.json"), null);
        assertEquals(403, other.getStatusCode());
        assertTrue(other.getBody().contains("permanences de votre partenaire"), other.getBody());

        APIGatewayV2HTTPEvent site = event("ApiAdminFunction.referent-permanence.json");
        site.setRouteKey("DELETE /api/admin/sites/{id}");
        site.setPathParameters(Map.of("id", "metz-borny"));
        assertEquals(403, HANDLER.handleRequest(site, null).getStatusCode());
        APIGatewayV2HTTPEvent voice = event("ApiAdminFunction.referent-permanence.json");
        voice.setRouteKey("POST /api/admin/voice/transcript");
        assertEquals(403, HANDLER.handleRequest(voice, null).getStatusCode());
        assertTrue(DIRECTORY.site(TERRITORY, "metz-borny").isPresent());
    }

    @Test
    @SuppressWarnings("unchecked")
    void anInvalidPermanenceIs422WithEachPathAndNothingChanges() throws Exception {
        Permanence before = DIRECTORY.permanence(TERRITORY, "carsat-metz").orElseThrow();

        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event("ApiAdminFunction.invalid.json"), null);

        assertEquals(422, response.getStatusCode(), response.getBody());
        List<Map<String, String>> errors = (List<Map<String, String>>) json(response).get("errors");
        List<String> fields = errors.stream().map(e -> e.get("field")).toList();
        assertTrue(fields.contains("capacity") && fields.contains("window"), errors.toString());
        assertEquals(before, DIRECTORY.permanence(TERRITORY, "carsat-metz").orElseThrow());
    }

    @Test
    void aDryRunReportsAndWritesNothing() throws Exception {
        APIGatewayV2HTTPEvent dry = event("ApiAdminFunction.referent-permanence.json");
        Map<String, Object> body = Json.readObject(dry.getBody());
        body.put("capacity", 3);
        dry.setBody(Json.write(body));
        dry.setQueryStringParameters(Map.of("dryRun", "true"));

        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(dry, null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        assertEquals(false, json(response).get("written"));
        assertEquals(1, DIRECTORY.permanence(TERRITORY, "carsat-metz").orElseThrow().capacity());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theTranscriptTellsWhatACallerWouldHearAndSavesNothing() throws Exception {
        APIGatewayV2HTTPResponse response = HANDLER.handleRequest(event("ApiAdminFunction.transcript.json"), null);

        assertEquals(200, response.getStatusCode(), response.getBody());
        List<Map<String, Object>> levels = (List<Map<String, Object>>) json(response).get("levels");
        assertEquals(1, levels.size());
        assertTrue(((String) levels.get(0).get("heard")).startsWith("Bienvenue. Pour la retraite"));
        assertTrue(((String) json(response).get("text")).contains("Touche 2 : entend l’adresse et les horaires de « France Services Metz-Borny »"));
        assertFalse(VOICE.menu(TERRITORY).orElseThrow().nodes().get("accueil").prompt().text().startsWith("Bienvenue. Pour la retraite"));

        APIGatewayV2HTTPEvent unknownTheme = event("ApiAdminFunction.transcript.json");
        unknownTheme.setBody(unknownTheme.getBody().replace("\"retraite\"", "\"jardinage\""));
        APIGatewayV2HTTPResponse refused = HANDLER.handleRequest(unknownTheme, null);
        assertEquals(422, refused.getStatusCode(), refused.getBody());
        assertTrue(refused.getBody().contains("menu.nodes[0].options[0]"), refused.getBody());
    }

    @Test
    void withoutATokenOrWithAnAgentsEveryRouteIsRefused() throws Exception {
        for (String name : List.of("ApiAdminFunction.json", "ApiAdminFunction.referent-permanence.json", "ApiAdminFunction.transcript.json")) {
            APIGatewayV2HTTPEvent anonymous = event(name);
            anonymous.getRequestContext().setAuthorizer(null);
            assertEquals(401, HANDLER.handleRequest(anonymous, null).getStatusCode());
            APIGatewayV2HTTPEvent agent = event(name);
            Map<String, String> claims = new HashMap<>(agent.getRequestContext().getAuthorizer().getJwt().getClaims());
            claims.put("cognito:groups", "[agents]");
            agent.getRequestContext().getAuthorizer().getJwt().setClaims(claims);
            assertEquals(403, HANDLER.handleRequest(agent, null).getStatusCode(), name);
        }
    }
}
