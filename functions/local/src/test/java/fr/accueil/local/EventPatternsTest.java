package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.events.PartnerEvent;
import fr.accueil.domain.events.PartnerEvents;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.LocalClients;
import fr.accueil.embedded.Template;
import java.nio.file.Files;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The event pattern language as the template's rule and stream filters use it, and the rule the template holds. */
class EventPatternsTest {
    private static final Map<String, Object> BOOKED = Map.of("source", "fr.accueil.partners", "detail-type", "Appointment Booked",
            "detail", Map.of("partnerId", "carsat", "themeId", "retraite"));

    @Test
    void valuesListedNestedFieldsPrefixesAndExistence() {
        assertTrue(EventPatterns.matches(Map.of("detail", Map.of("partnerId", List.of("cpam", "carsat"))), BOOKED));
        assertFalse(EventPatterns.matches(Map.of("detail", Map.of("partnerId", List.of("cpam"))), BOOKED));
        assertFalse(EventPatterns.matches(Map.of("detail", Map.of("siteId", List.of("metz-borny"))), BOOKED), "a field the event lacks");
        assertTrue(EventPatterns.matches(Map.of("detail-type", List.of(Map.of("prefix", "Appointment "))), BOOKED));
        assertFalse(EventPatterns.matches(Map.of("detail-type", List.of(Map.of("prefix", "Callback "))), BOOKED));
        assertTrue(EventPatterns.matches(Map.of("detail", Map.of("outcome", List.of(Map.of("exists", false)))), BOOKED));
        assertFalse(EventPatterns.matches(Map.of("detail", Map.of("themeId", List.of(Map.of("exists", false)))), BOOKED));
        // A stream record's key, as the template's FilterCriteria select it.
        Map<String, Object> record = Map.of("dynamodb", Map.of("Keys", Map.of("pk", Map.of("S", "APPOINTMENT#a1"))));
        assertTrue(EventPatterns.matches(Map.of("dynamodb", Map.of("Keys", Map.of("pk", Map.of("S", List.of(Map.of("prefix", "APPOINTMENT#")))))), record));
        assertFalse(EventPatterns.matches(Map.of("dynamodb", Map.of("Keys", Map.of("pk", Map.of("S", List.of(Map.of("prefix", "SLOT#")))))), record));
    }

    /** The partners' rule lists every event the domain makes, from its source, and filters as its parameters say. */
    @Test
    @SuppressWarnings("unchecked")
    void theTemplatesRuleListsEveryPartnerEventAndFiltersByItsParameters() throws Exception {
        Template template = Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
        Map<String, Object> rule = template.resources("AWS::Events::Rule").get("PartnerWebhookRule");
        Map<String, Object> pattern = (Map<String, Object>) rule.get("EventPattern");
        assertEquals(PartnerEvents.DETAIL_TYPES, pattern.get("detail-type"));
        assertEquals(List.of(PartnerEvent.SOURCE), pattern.get("source"));
        String docs = Files.readString(EmbeddedStack.repositoryRoot().resolve("docs/events.md"));
        PartnerEvents.DETAIL_TYPES.forEach(type -> assertTrue(docs.contains("`" + type + "`"), type + " documented"));

        Map<String, String> parameters = new java.util.LinkedHashMap<>(template.parameterDefaults());
        parameters.put("PartnerWebhookUrl", "https://partenaire.example.fr/accueil");
        parameters.put("PartnerWebhookPartnerIds", "carsat,cpam");
        TemplateValues values = new TemplateValues(parameters, Map.of(), template.conditions(), LocalClients.REGION.id(), Set.of());
        Map<String, Object> filtered = (Map<String, Object>) values.resolve(pattern);
        assertEquals(Map.of("partnerId", List.of("carsat", "cpam")), filtered.get("detail"));
        assertTrue(EventPatterns.matches(filtered, BOOKED));
        parameters.put("PartnerWebhookPartnerIds", "");
        Map<String, Object> all = (Map<String, Object>) new TemplateValues(parameters, Map.of(), template.conditions(),
                LocalClients.REGION.id(), Set.of()).resolve(pattern);
        assertFalse(all.containsKey("detail"), "no filter: every partner and theme");
    }
}
