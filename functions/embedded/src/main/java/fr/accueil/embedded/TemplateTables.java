package fr.accueil.embedded;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.StreamSpecification;

/**
 * Creates in DynamoDB Local the tables that template.yaml declares, so the table definitions
 * have one source of truth. A table's local name is its TableName property, else its logical id.
 */
public final class TemplateTables {
    private TemplateTables() {
    }

    /** Creates the tables that do not exist yet; returns the names of all the template's tables. */
    public static List<String> create(Template template, DynamoDbClient dynamo) {
        Set<String> existing = Set.copyOf(dynamo.listTables().tableNames());
        List<String> names = new ArrayList<>();
        template.resources("AWS::DynamoDB::Table").forEach((logicalId, properties) -> {
            CreateTableRequest request = createRequest(logicalId, properties);
            names.add(request.tableName());
            if (!existing.contains(request.tableName())) {
                dynamo.createTable(request);
                String ttl = ttlAttribute(properties);
                if (ttl != null) {
                    dynamo.updateTimeToLive(r -> r.tableName(request.tableName())
                            .timeToLiveSpecification(s -> s.attributeName(ttl).enabled(true)));
                }
            }
        });
        return names;
    }

    /** The local table name of each table's logical id. */
    public static Map<String, String> names(Template template) {
        Map<String, String> names = new java.util.LinkedHashMap<>();
        template.resources("AWS::DynamoDB::Table").forEach((id, p) -> names.put(id, tableName(id, p)));
        return names;
    }

    private static String tableName(String logicalId, Map<String, Object> properties) {
        Object name = properties.get("TableName");
        return name instanceof String s ? s : logicalId;
    }

    @SuppressWarnings("unchecked")
    static CreateTableRequest createRequest(String logicalId, Map<String, Object> p) {
        CreateTableRequest.Builder request = CreateTableRequest.builder()
                .tableName(tableName(logicalId, p))
                .billingMode(BillingMode.fromValue(String.valueOf(p.getOrDefault("BillingMode", "PAY_PER_REQUEST"))))
                .attributeDefinitions(maps(p.get("AttributeDefinitions")).stream()
                        .map(a -> AttributeDefinition.builder()
                                .attributeName((String) a.get("AttributeName"))
                                .attributeType((String) a.get("AttributeType")).build())
                        .toList())
                .keySchema(keySchema(p.get("KeySchema")));
        List<Map<String, Object>> indexes = maps(p.get("GlobalSecondaryIndexes"));
        if (!indexes.isEmpty()) {
            request.globalSecondaryIndexes(indexes.stream().map(i -> {
                Map<String, Object> projection = (Map<String, Object>) i.getOrDefault("Projection", Map.of());
                return GlobalSecondaryIndex.builder()
                        .indexName((String) i.get("IndexName"))
                        .keySchema(keySchema(i.get("KeySchema")))
                        .projection(Projection.builder()
                                .projectionType(String.valueOf(projection.getOrDefault("ProjectionType", "ALL")))
                                .nonKeyAttributes((List<String>) projection.get("NonKeyAttributes"))
                                .build())
                        .build();
            }).toList());
        }
        if (p.get("StreamSpecification") instanceof Map<?, ?> stream) {
            request.streamSpecification(StreamSpecification.builder()
                    .streamEnabled(true).streamViewType(String.valueOf(stream.get("StreamViewType"))).build());
        }
        return request.build();
    }

    private static String ttlAttribute(Map<String, Object> p) {
        if (p.get("TimeToLiveSpecification") instanceof Map<?, ?> ttl && Boolean.TRUE.equals(ttl.get("Enabled"))) {
            return (String) ttl.get("AttributeName");
        }
        return null;
    }

    private static List<KeySchemaElement> keySchema(Object node) {
        return maps(node).stream().map(k -> KeySchemaElement.builder()
                .attributeName((String) k.get("AttributeName"))
                .keyType((String) k.get("KeyType")).build()).toList();
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> maps(Object node) {
        return node == null ? List.of() : (List<Map<String, Object>>) node;
    }
}
