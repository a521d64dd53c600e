package fr.accueil.territory;

import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.territory.Territory;
import fr.accueil.domain.territory.TerritoryImport;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.BookingContext;
import fr.accueil.smoke.DeployedStack;
import fr.accueil.smoke.SmokeClients;
import fr.accueil.storage.dynamodb.DynamoMessageQueue;
import fr.accueil.storage.dynamodb.MessageQueue;
import fr.accueil.storage.messaging.KmsMessageSeal;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.kms.KmsClient;

/**
 * A deployed stack's territory, on the tables its CloudFormation resources name and with the settings its parameters
 * give the functions (TerritoryId, RetentionDays, NotifierMode, EmailFrom, PublicBaseUrl): the same stores, slot
 * regeneration and notifier as the functions build, so an import cancels and tells exactly as they would.
 */
final class StackTerritory {
    /** What the template gives every function as CANCELLATION_DELAY; an import's cancellations are the site's, which no delay limits. */
    private static final Duration CANCELLATION_DELAY = Duration.ofHours(48);

    private final AppContext app;
    private final BookingContext booking;
    /** TerritoryId, then RegionTerritoryIds (absent from a stack deployed before regional numbers): a file of one of them is imported. */
    private final java.util.Set<String> territoryIds;

    private StackTerritory(AppContext app, BookingContext booking, java.util.Set<String> territoryIds) {
        this.app = app;
        this.booking = booking;
        this.territoryIds = territoryIds;
    }

    /**
     * @param endpoint a service's endpoint by its name as in AWS_ENDPOINT_URL_<SERVICE>; empty for AWS's own
     * @throws IllegalStateException when the stack lacks a table or parameter the functions are given
     */
    static StackTerritory of(DeployedStack stack, DynamoDbClient dynamo, Region region, AwsCredentialsProvider credentials,
            Function<String, Optional<URI>> endpoint) {
        Clock clock = Clock.systemUTC();
        String territoryId = parameter(stack, "TerritoryId");
        Duration retention = Duration.ofDays(Long.parseLong(parameter(stack, "RetentionDays")));
        AppContext app = AppContext.of(territoryId, clock, dynamo, retention, table(stack, "DirectoryTable"),
                table(stack, "ContactsTable"), table(stack, "StatsTable"));
        // As the functions do: messages queued in MessagesTable with their text sealed by MessagesKey, sent by
        // MessageSenderFunction from the table's stream; kept in BookingTable's outbox with NotifierMode outbox.
        MessageQueue queue = "outbox".equals(parameter(stack, "NotifierMode")) ? null
                : new DynamoMessageQueue(dynamo, table(stack, "MessagesTable"), clock, new KmsMessageSeal(
                        SmokeClients.configure(KmsClient.builder(), "KMS", region, credentials, endpoint, null).build(),
                        stack.physicalId("MessagesKey").orElseThrow(
                                () -> new IllegalStateException("la pile " + stack.name() + " n'a pas de clé MessagesKey"))));
        String singleNumber = parameter(stack, "TerritoryPhoneNumber");
        BookingContext booking = new BookingContext(territoryId, clock, app.directory(), dynamo, table(stack, "BookingTable"),
                retention, new BookingRules(CANCELLATION_DELAY), parameter(stack, "PublicBaseUrl"), queue, app.contacts(),
                singleNumber.isEmpty() ? null : singleNumber);
        java.util.Set<String> territoryIds = new java.util.LinkedHashSet<>(List.of(territoryId));
        java.util.Arrays.stream(stack.parameters().getOrDefault("RegionTerritoryIds", "").split(","))
                .map(String::trim).filter(id -> !id.isEmpty()).forEach(territoryIds::add);
        return new StackTerritory(app, booking, territoryIds);
    }

    String territoryId() {
        return app.territoryId();
    }

    TerritoryImport territoryImport() {
        return booking.territoryImport(app.voiceMenus(), territoryIds);
    }

    /** The territory as stored, empty when it has no menu or routing rules yet (nothing was imported). */
    Optional<Territory> stored() {
        String id = app.territoryId();
        DirectoryStore directory = app.directory();
        VoiceMenuStore voice = app.voiceMenus();
        return voice.menu(id).flatMap(menu -> voice.routingRules(id).map(routing -> new Territory(id,
                directory.territoryName(id).orElse(id), directory.sites(id), directory.themes(id), directory.partners(id),
                directory.permanences(id), menu, routing, directory.postcodeIndex().areasOf(id))));
    }

    private static String table(DeployedStack stack, String logicalId) {
        return stack.physicalId(logicalId)
                .orElseThrow(() -> new IllegalStateException("la pile " + stack.name() + " n'a pas de table " + logicalId));
    }

    private static String parameter(DeployedStack stack, String name) {
        String value = stack.parameters().get(name);
        if (value == null) {
            throw new IllegalStateException("la pile " + stack.name() + " n'a pas de paramètre " + name);
        }
        return value;
    }
}
