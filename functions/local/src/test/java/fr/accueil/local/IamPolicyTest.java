package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.embedded.Template;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The local IAM's evaluation of a role, as the IAM policy evaluation logic and the policy element reference describe it. */
class IamPolicyTest {
    private static final String TABLE = "arn:aws:dynamodb:eu-west-3:000000000000:table/BookingTable";

    private static IamPolicy policy(Object... statements) {
        return IamPolicy.of("F", List.of(Map.of("Statement", List.of(statements))), Function.identity());
    }

    private static IamPolicy.Grant grant(String action, String resource) {
        return new IamPolicy.Grant(action, resource);
    }

    @Test
    void onlyWhatAStatementAllowsAndNoStatementDenies() {
        IamPolicy policy = policy(
                Map.of("Effect", "Allow", "Action", List.of("dynamodb:GetItem", "dynamodb:Query"), "Resource", List.of(TABLE, TABLE + "/index/*")),
                Map.of("Effect", "Deny", "Action", "dynamodb:Query", "Resource", TABLE + "/index/ByDay"));

        assertTrue(policy.allows(grant("dynamodb:GetItem", TABLE)));
        assertTrue(policy.allows(grant("DynamoDB:getitem", TABLE)), "actions are case-insensitive");
        assertTrue(policy.allows(grant("dynamodb:Query", TABLE + "/index/FreeSlots")));
        assertFalse(policy.allows(grant("dynamodb:Query", TABLE + "/index/ByDay")), "an explicit deny wins");
        assertFalse(policy.allows(grant("dynamodb:Scan", TABLE)), "nothing allows it: implicit deny");
        assertFalse(policy.allows(grant("dynamodb:GetItem", TABLE.toLowerCase())), "resources are case-sensitive");
        assertFalse(policy.allows(grant("dynamodb:GetItem", TABLE + "Two")));
    }

    @Test
    void publishToAPhoneNumberButToNoTopic() {
        IamPolicy policy = policy(Map.of("Effect", "Allow", "Action", "sns:Publish", "NotResource", "arn:aws:sns:*:*:*"));

        assertTrue(policy.allows(grant("sns:Publish", "*")), "a phone number names no ARN");
        assertFalse(policy.allows(grant("sns:Publish", "arn:aws:sns:eu-central-1:123456789012:alerts")));
        assertEquals(List.of(grant("sns:Publish", "NotResource [arn:aws:sns:*:*:*]")), policy.unused(List.of()));
        assertEquals(List.of(), policy.unused(List.of(grant("sns:Publish", "*"))));
    }

    @Test
    void aSamPolicyTemplateAManagedPolicyOrAConditionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> IamPolicy.of("F",
                List.of(Map.of("DynamoDBCrudPolicy", Map.of("TableName", "BookingTable"))), Function.identity()));
        assertThrows(IllegalArgumentException.class, () -> IamPolicy.of("F", List.of("AmazonDynamoDBFullAccess"), Function.identity()));
        assertThrows(IllegalArgumentException.class, () -> policy(Map.of("Effect", "Allow", "Action", "dynamodb:GetItem",
                "Resource", TABLE, "Condition", Map.of())));
    }

    @Test
    void everyFunctionOfTheTemplateHasExplicitStatementsOnItsTablesAndIndexes() throws Exception {
        Functions functions = Functions.from(Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml")), Map.of());

        for (FunctionSpec function : functions.all()) {
            List<IamPolicy.Grant> grants = function.policy().unused(List.of());
            assertFalse(grants.isEmpty(), function.logicalId() + " has a role");
            for (IamPolicy.Grant g : grants) {
                assertFalse(g.action().contains("*"), function.logicalId() + ": no wildcard action, " + g);
                assertFalse(List.of("dynamodb:Scan", "dynamodb:BatchWriteItem", "ses:VerifyEmailIdentity").contains(g.action()),
                        function.logicalId() + ": " + g);
                assertTrue(!g.action().startsWith("dynamodb:") || g.resource().matches("arn:aws:dynamodb:[^*]+:table/\\w+(/index/\\w+)?"),
                        function.logicalId() + ": a table or one of its indexes, by name: " + g);
            }
        }
    }
}
