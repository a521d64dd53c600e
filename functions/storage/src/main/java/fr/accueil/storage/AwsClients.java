package fr.accueil.storage;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProviderChain;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Builds SDK clients the way a cold start wants them: an explicit region and credentials
 * provider (no slow default chains), the URL connection HTTP client (no Netty or Apache; it answers the
 * requests {@link PrimingGuard} stops while priming),
 * and an endpoint that configuration can point at DynamoDB Local, LocalStack or AWS.
 *
 * <p>Configuration: {@code AWS_REGION} (set by Lambda; eu-central-1 otherwise),
 * {@code AWS_ENDPOINT_URL_<SERVICE>} or {@code AWS_ENDPOINT_URL} for the endpoint.
 */
public final class AwsClients {
    /**
     * One DynamoDB attempt. DynamoDB answers a key read or write in milliseconds; an attempt this long is a
     * stuck connection, better given up and tried again (AWS SDK for Java 2.x developer guide, « Best
     * practices »: configure API timeouts, apiCallAttemptTimeout and apiCallTimeout).
     */
    public static final Duration DYNAMODB_ATTEMPT_TIMEOUT = Duration.ofMillis(800);
    /**
     * A whole DynamoDB call, its retries included. Amazon Connect waits {@code InvocationTimeLimitSeconds} (3 s in
     * flows/, 8 s at most) for a flow's function, then takes the block's Error branch (Connect Administrator Guide,
     * « AWS Lambda function » block; Flow language, InvokeLambdaFunction): a voice function must have given up on
     * DynamoDB and answered its safe route by then. One failed call costs at most this, two fit in 3 s.
     * The same client serves the API functions: well within their Timeout (10 s) and API Gateway's 30 s
     * integration timeout (HTTP API quotas).
     */
    public static final Duration DYNAMODB_CALL_TIMEOUT = Duration.ofMillis(1200);
    /** SNS and SES (the booking functions' messages, within their 10 s Timeout): one attempt. */
    public static final Duration MESSAGING_ATTEMPT_TIMEOUT = Duration.ofSeconds(2);
    /** SNS and SES: a whole call; two of them and the booking's DynamoDB calls fit in the functions' 10 s. */
    public static final Duration MESSAGING_CALL_TIMEOUT = Duration.ofSeconds(4);
    /** Where a deployment runs when nothing says otherwise: the EU region with Amazon Connect (Paris has none). */
    static final String DEFAULT_REGION = "eu-central-1";

    private AwsClients() {
    }

    /** The container's DynamoDB client: bounded by {@link #dynamoDbBounds}, guarded by {@link PrimingGuard}. */
    public static DynamoDbClient dynamoDb() {
        return configure(DynamoDbClient.builder(), "DYNAMODB").overrideConfiguration(AwsClients::dynamoDbBounds).build();
    }

    /**
     * The standard retry mode's 3 attempts (instead of DynamoDB's legacy 9), each and all bounded: a throttled
     * or failed request is tried again while the call's time allows, a stuck one is cut.
     */
    public static void dynamoDbBounds(ClientOverrideConfiguration.Builder configuration) {
        configuration.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                .apiCallAttemptTimeout(DYNAMODB_ATTEMPT_TIMEOUT)
                .apiCallTimeout(DYNAMODB_CALL_TIMEOUT)
                .addExecutionInterceptor(new PrimingGuard());
    }

    /** SNS and SES: the standard retry mode, each attempt and the whole call bounded. */
    public static void messagingBounds(ClientOverrideConfiguration.Builder configuration) {
        configuration.retryStrategy(AwsRetryStrategy.standardRetryStrategy())
                .apiCallAttemptTimeout(MESSAGING_ATTEMPT_TIMEOUT)
                .apiCallTimeout(MESSAGING_CALL_TIMEOUT)
                .addExecutionInterceptor(new PrimingGuard());
    }

    /**
     * Region, credentials, HTTP client and endpoint; each caller sets its client's time bounds
     * ({@code overrideConfiguration} replaces, it does not merge).
     */
    public static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> B configure(B builder, String service) {
        builder.region(region())
                .credentialsProvider(credentials())
                .httpClientBuilder(PrimingGuard.answering(UrlConnectionHttpClient.builder()));
        endpointOverride(service).ifPresent(builder::endpointOverride);
        return builder;
    }

    /** {@code AWS_ENDPOINT_URL_<SERVICE>}, else {@code AWS_ENDPOINT_URL}; none for the service's public endpoint. */
    public static Optional<URI> endpointOverride(String service) {
        return Environment.optional("AWS_ENDPOINT_URL_" + service)
                .or(() -> Environment.optional("AWS_ENDPOINT_URL"))
                .map(URI::create);
    }

    /**
     * Credentials as Lambda gives them, and only those two ways (no profile file, no instance metadata to
     * probe on a cold start): the access-key variables Lambda sets for a function without SnapStart, else
     * the container credentials endpoint Lambda gives a SnapStart function instead
     * ({@code AWS_CONTAINER_CREDENTIALS_FULL_URI} and {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}; Lambda
     * Developer Guide, « Activating and managing Lambda SnapStart », Using SnapStart with AWS SDKs, and
     * « Defined runtime environment variables »). The SDK reads the container settings from system properties
     * {@code aws.containerCredentialsFullUri} and {@code aws.containerAuthorizationToken} first, then the
     * environment; it fetches them again before they expire. One provider per client: a client built later
     * (tests) reads the settings of its time.
     */
    public static AwsCredentialsProvider credentials() {
        return AwsCredentialsProviderChain.builder()
                .credentialsProviders(AwsClients::accessKeyVariables, ContainerCredentialsProvider.builder().build())
                .build();
    }

    /**
     * {@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY} and {@code AWS_SESSION_TOKEN}, read through
     * {@link Environment}: the local runner hosts SnapStart functions, which have none, in a JVM whose own
     * environment may have some, and blanks them as Lambda leaves them unset.
     */
    private static AwsCredentials accessKeyVariables() {
        String id = Environment.optional("AWS_ACCESS_KEY_ID").orElse(null);
        String secret = Environment.optional("AWS_SECRET_ACCESS_KEY").orElse(null);
        if (id == null || secret == null) {
            throw SdkClientException.create("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
        }
        return Environment.optional("AWS_SESSION_TOKEN")
                .<AwsCredentials>map(token -> AwsSessionCredentials.create(id, secret, token))
                .orElseGet(() -> AwsBasicCredentials.create(id, secret));
    }

    public static Region region() {
        return Region.of(Environment.optional("AWS_REGION").orElse(DEFAULT_REGION));
    }
}
