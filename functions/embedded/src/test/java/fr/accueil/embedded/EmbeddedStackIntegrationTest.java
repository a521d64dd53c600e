package fr.accueil.embedded;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveStatus;

class EmbeddedStackIntegrationTest {

    private static Template template() throws Exception {
        return Template.read(EmbeddedStack.repositoryRoot().resolve("template.yaml"));
    }

    @Test
    void createsEveryTableOfTheTemplateWithItsIndexesAndTtl() throws Exception {
        EmbeddedStack stack = EmbeddedStack.shared();
        List<String> tables = stack.client().listTables().tableNames();
        for (String logicalId : TemplateTables.names(template()).keySet()) {
            assertTrue(tables.contains(stack.table(logicalId)), logicalId);
        }
        TableDescription booking = stack.client().describeTable(r -> r.tableName(stack.table("BookingTable"))).table();
        assertEquals(List.of("FreeSlots", "Waitlist", "ByDay"),
                booking.globalSecondaryIndexes().stream().map(i -> i.indexName()).toList());
        assertEquals(TimeToLiveStatus.ENABLED, stack.client()
                .describeTimeToLive(r -> r.tableName(stack.table("CallbacksTable")))
                .timeToLiveDescription().timeToLiveStatus());
    }

    @Test
    void listensOnLoopbackOnly() {
        EmbeddedStack stack = EmbeddedStack.shared();
        assertEquals("127.0.0.1", stack.dynamoDb().endpoint().getHost());
    }

    @Test
    void aTakenPortIsReportedAsABindFailure() {
        int taken = EmbeddedStack.shared().dynamoDb().port();
        Exception e = assertThrows(Exception.class, () -> LocalDynamoDb.start(taken, null));
        Throwable cause = e;
        while (cause != null && !(cause instanceof BindException)) {
            cause = cause.getCause();
        }
        assertTrue(cause instanceof BindException, "expected a BindException, got " + e);
    }

    @Test
    void persistsAcrossRestartsInADataDirectory(@TempDir Path dir) throws Exception {
        try (EmbeddedStack first = EmbeddedStack.start(0, dir, template())) {
            first.client().putItem(r -> r.tableName(first.table("DirectoryTable")).item(java.util.Map.of(
                    "pk", AttributeValue.fromS("TERRITORY#t"), "sk", AttributeValue.fromS("SITE#s"))));
        }
        assertTrue(Files.list(dir).findAny().isPresent());
        try (EmbeddedStack second = EmbeddedStack.start(0, dir, template())) {
            assertEquals(1, second.client().query(r -> r.tableName(second.table("DirectoryTable"))
                    .keyConditionExpression("pk = :pk")
                    .expressionAttributeValues(java.util.Map.of(":pk", AttributeValue.fromS("TERRITORY#t"))))
                    .count());
        }
    }
}
