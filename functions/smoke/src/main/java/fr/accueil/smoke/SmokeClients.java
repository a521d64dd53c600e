package fr.accueil.smoke;

import fr.accueil.storage.Environment;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudformation.CloudFormationClient;
import software.amazon.awssdk.services.connect.ConnectClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.lambda.LambdaClient;

/**
 * The smoke tier's SDK clients, on the operator's machine: the credentials provider it is given (the SDK's default
 * chain for an operator), the region of the stack, and each service's endpoint overridable by
 * {@code AWS_ENDPOINT_URL_<SERVICE>} (the SDK's own convention), which is how the suite points them at the local runner.
 */
public record SmokeClients(CloudFormationClient cloudFormation, DynamoDbClient dynamoDb, LambdaClient lambda,
                           ConnectClient connect) implements AutoCloseable {
    /** The slot generator may regenerate a large territory: Invoke waits for it (Lambda's 15-minute maximum aside). */
    private static final Duration INVOKE_READ_TIMEOUT = Duration.ofMinutes(5);

    /** @param endpoint a service's endpoint by its name as in AWS_ENDPOINT_URL_<SERVICE>; empty for AWS's own */
    public static SmokeClients of(Region region, AwsCredentialsProvider credentials, Function<String, Optional<URI>> endpoint) {
        return new SmokeClients(
                configure(CloudFormationClient.builder(), "CLOUDFORMATION", region, credentials, endpoint, null).build(),
                configure(DynamoDbClient.builder(), "DYNAMODB", region, credentials, endpoint, null).build(),
                configure(LambdaClient.builder(), "LAMBDA", region, credentials, endpoint, INVOKE_READ_TIMEOUT).build(),
                configure(ConnectClient.builder(), "CONNECT", region, credentials, endpoint, null).build());
    }

    /** The endpoints the environment names (AWS_ENDPOINT_URL_<SERVICE>, else AWS_ENDPOINT_URL). */
    public static Optional<URI> environmentEndpoint(String service) {
        return Environment.optional("AWS_ENDPOINT_URL_" + service.toUpperCase(Locale.ROOT))
                .or(() -> Environment.optional("AWS_ENDPOINT_URL")).map(URI::create);
    }

    /** A client builder of the operator's: region, credentials, URL connection HTTP client, endpoint when one is given. */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(
            B builder, String service, Region region, AwsCredentialsProvider credentials,
            Function<String, Optional<URI>> endpoint, Duration readTimeout) {
        UrlConnectionHttpClient.Builder http = UrlConnectionHttpClient.builder();
        if (readTimeout != null) {
            http.socketTimeout(readTimeout);
        }
        builder.region(region).credentialsProvider(credentials).httpClientBuilder(http);
        endpoint.apply(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    @Override
    public void close() {
        cloudFormation.close();
        dynamoDb.close();
        lambda.close();
        connect.close();
    }
}
