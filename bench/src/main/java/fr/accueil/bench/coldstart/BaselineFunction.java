package fr.accueil.bench.coldstart;

import java.util.Map;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.providers.DefaultAwsRegionProviderChain;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;

/**
 * The cold start baseline: a function written the way the {@code sam init} Java template writes
 * one — a static client with the Apache HTTP client, the default credentials and region chains —
 * doing one GetItem. The endpoint comes from AWS_ENDPOINT_URL_DYNAMODB, which the SDK reads itself.
 *
 * <p>Arguments: table, pk, sk. Prints {@code ANSWER <attribute count>} when it has the item.
 */
public final class BaselineFunction {
    private static final DynamoDbClient DYNAMO = DynamoDbClient.builder()
            .httpClient(ApacheHttpClient.builder().build())
            .credentialsProvider(DefaultCredentialsProvider.builder().build())
            .region(new DefaultAwsRegionProviderChain().getRegion())
            .build();

    private BaselineFunction() {
    }

    public static void main(String[] args) {
        GetItemResponse response = DYNAMO.getItem(r -> r.tableName(args[0])
                .key(Map.of("pk", AttributeValue.fromS(args[1]), "sk", AttributeValue.fromS(args[2]))));
        System.out.println("ANSWER " + response.item().size());
        System.out.flush();
    }
}
