package fr.accueil.storage;

import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.EnvironmentVariableCredentialsProvider;
import software.amazon.awssdk.auth.credentials.SystemPropertyCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds SDK clients the way a cold start wants them: an explicit region and credentials
 * provider (no slow default chains), the URL connection HTTP client (no Netty or Apache),
 * and an endpoint that configuration can point at DynamoDB Local, LocalStack or AWS.
 *
 * <p>Configuration: {@code AWS_REGION} (set by Lambda; eu-west-3 otherwise),
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL} for the endpoint.
 */
public final class AwsClients {
    private AwsClients() {
    }

    public static DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").build();
    }

    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, String service) {
        builder.region(region())
                .credentialsProvider(AwsCredentialsProviderChain.of(
                        EnvironmentVariableCredentialsProvider.create(), SystemPropertyCredentialsProvider.create()))
                .httpClientBuilder(UrlConnectionHttpClient.builder());
        Environment.optional("AWS_ENDPOINT_URL_" + service)
                .or(() -> Environment.optional("AWS_ENDPOINT_URL"))
                .map(URI::create)
                .ifPresent(builder::endpointOverride);
        return builder;
    }

    public static Region region() {
        return Region.of(Environment.optional("AWS_REGION").orElse("eu-west-3"));
    }
}
