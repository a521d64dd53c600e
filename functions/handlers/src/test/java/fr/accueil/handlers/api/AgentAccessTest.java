package fr.accueil.handlers.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.amazonaws.services.lambda.runtime.events.APIGatewayV2HTTPEvent;
import fr.accueil.handlers.api.AgentAccess.Action;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The claims as API Gateway's JWT authorizer passes a Cognito ID token, read into roles and scopes. */
class AgentAccessTest {
    private static AgentAccess access(Map<String, String> claims) {
        APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT jwt = new APIGatewayV2HTTPEvent.RequestContext.Authorizer.JWT();
        jwt.setClaims(claims);
        APIGatewayV2HTTPEvent.RequestContext.Authorizer authorizer = new APIGatewayV2HTTPEvent.RequestContext.Authorizer();
        authorizer.setJwt(jwt);
        APIGatewayV2HTTPEvent.RequestContext context = new APIGatewayV2HTTPEvent.RequestContext();
        context.setAuthorizer(authorizer);
        APIGatewayV2HTTPEvent event = new APIGatewayV2HTTPEvent();
        event.setRequestContext(context);
        return AgentAccess.of(event).orElse(null);
    }

    private static Map<String, String> idToken(String groups, String site, String partner) {
        Map<String, String> claims = new LinkedHashMap<>(Map.of("sub", "u-1", "token_use", "id", "aud", "client"));
        if (groups != null) {
            claims.put("cognito:groups", groups);
        }
        if (site != null) {
            claims.put("custom:site", site);
        }
        if (partner != null) {
            claims.put("custom:partner", partner);
        }
        return claims;
    }

    @Test
    void groupsArriveAsABracketedStringOfSpaceSeparatedNames() {
        assertEquals(List.of("agents", "managers"), AgentAccess.listClaim("[agents managers]"));
        assertEquals(List.of("agents"), AgentAccess.listClaim("[agents]"));
        assertEquals(List.of("agents", "managers"), AgentAccess.listClaim("[\"agents\",\"managers\"]"));
        assertEquals(List.of("metz-borny", "sarreguemines"), AgentAccess.listClaim(" metz-borny, sarreguemines "));
        assertEquals(List.of(), AgentAccess.listClaim("[]"));
        assertEquals(List.of(), AgentAccess.listClaim(null));
    }

    @Test
    void noSubjectOrAnAccessTokenIsNoAgent() {
        Map<String, String> access = idToken("[agents]", "*", null);
        access.put("token_use", "access");
        assertEquals(null, access(access), "an access token has no custom: attributes; the authorizer lets it through");
        Map<String, String> noSub = idToken("[agents]", "*", null);
        noSub.remove("sub");
        assertEquals(null, access(noSub));
        assertEquals(null, access(Map.of()));
    }

    @Test
    void anAgentActsAtTheSitesOfTheirAttributeOnly() {
        AgentAccess agent = access(idToken("[agents]", "metz-borny,sarreguemines", null));
        assertTrue(agent.may(Action.CALLBACKS));
        assertTrue(agent.covers(Action.CALLBACKS, "sarreguemines", null));
        assertFalse(agent.covers(Action.CALLBACKS, "forbach", null));
        assertFalse(agent.covers(Action.CALLBACKS, null, null));
        assertFalse(agent.territoryWide(Action.HISTORY));
        assertFalse(agent.may(Action.PERSONAL_DATA));
        assertFalse(agent.may(Action.FIGURES));
        assertEquals(java.util.Optional.empty(), agent.onlySite());
        assertEquals(java.util.Optional.of("metz-borny"), access(idToken("[agents]", "metz-borny", null)).onlySite());
        assertTrue(access(idToken("[agents]", "*", null)).territoryWide(Action.CALLBACKS));
    }

    @Test
    void anAgentWithoutSitesServesNone() {
        AgentAccess agent = access(idToken("[agents]", null, null));
        assertTrue(agent.may(Action.CALLBACKS));
        assertFalse(agent.covers(Action.CALLBACKS, "metz-borny", null));
        assertFalse(agent.territoryWide(Action.CALLBACKS));
    }

    @Test
    void aTokenWithoutAKnownGroupMayDoNothing() {
        for (String groups : new String[] {null, "[]", "[admins]", "[Agents]", "agents-metz"}) {
            AgentAccess none = access(idToken(groups, "*", null));
            for (Action action : Action.values()) {
                assertFalse(none.may(action), groups + " " + action);
            }
        }
    }

    @Test
    void aReferentReachesTheirPartnersDataAtAnySite() {
        AgentAccess referent = access(idToken("[referents]", null, "caf"));
        assertTrue(referent.covers(Action.APPOINTMENTS, "forbach", "caf"));
        assertFalse(referent.covers(Action.APPOINTMENTS, "forbach", "carsat"));
        assertTrue(referent.covers(Action.FIGURES, null, "caf"));
        assertFalse(referent.may(Action.CALLBACKS));
        assertFalse(referent.may(Action.BOOK));
        assertFalse(referent.may(Action.HISTORY));
        assertFalse(access(idToken("[referents]", null, null)).covers(Action.APPOINTMENTS, "forbach", null), "no partner, nothing");
    }

    @Test
    void exportAndErasureBelongToDataProtectionAlone() {
        assertTrue(access(idToken("[data-protection]", null, null)).may(Action.PERSONAL_DATA));
        for (String groups : new String[] {"[agents]", "[managers]", "[coordinators]", "[referents]", "[agents managers coordinators referents]"}) {
            assertFalse(access(idToken(groups, "*", "caf")).may(Action.PERSONAL_DATA), groups);
        }
    }

    @Test
    void aCoordinatorActsOnTheWholeTerritory() {
        AgentAccess coordinator = access(idToken("[coordinators]", "metz-borny", null));
        assertTrue(coordinator.covers(Action.CALLBACKS, "forbach", null));
        assertTrue(coordinator.territoryWide(Action.FIGURES));
    }

    @Test
    void theBackOfficeIsTheCoordinatorsAndAReferentsForTheirPartnersPermanencesOnly() {
        AgentAccess coordinator = access(idToken("[coordinators]", null, null));
        assertTrue(coordinator.may(Action.DIRECTORY) && coordinator.may(Action.VOICE));
        assertTrue(coordinator.covers(Action.PERMANENCES, null, "caf"));

        AgentAccess referent = access(idToken("[referents]", null, "caf"));
        assertFalse(referent.may(Action.DIRECTORY) || referent.may(Action.VOICE));
        assertTrue(referent.covers(Action.PERMANENCES, null, "caf"));
        assertFalse(referent.covers(Action.PERMANENCES, null, "carsat"));
        assertFalse(access(idToken("[referents]", null, null)).covers(Action.PERMANENCES, null, null), "no partner, no permanence");

        AgentAccess everySite = access(idToken("[agents managers data-protection]", "*", null));
        for (Action action : List.of(Action.DIRECTORY, Action.VOICE, Action.PERMANENCES)) {
            assertFalse(everySite.may(action), action.name());
        }
    }
}
