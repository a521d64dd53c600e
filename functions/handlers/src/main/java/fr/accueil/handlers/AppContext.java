package fr.accueil.handlers;

import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.storage.AwsClients;
import fr.accueil.storage.Environment;
import fr.accueil.storage.dynamodb.DynamoContactStore;
import fr.accueil.storage.dynamodb.DynamoDirectoryStore;
import java.time.Clock;
import java.time.Duration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What every function of a container shares, built once on first use (outside the handler
 * call, so SnapStart snapshots it): the SDK client, the clock and the stores.
 */
public final class AppContext {
    private static AppContext instance;

    private final String territoryId;
    private final Clock clock;
    private final DirectoryStore directory;
    private final ContactStore contacts;
    private BookingContext booking;

    public AppContext(String territoryId, Clock clock, DirectoryStore directory, ContactStore contacts) {
        this.territoryId = territoryId;
        this.clock = clock;
        this.directory = directory;
        this.contacts = contacts;
    }

    public static synchronized AppContext get() {
        if (instance == null) {
            instance = fromEnvironment();
        }
        return instance;
    }

    private static AppContext fromEnvironment() {
        DynamoDbClient dynamo = AwsClients.dynamoDb();
        Clock clock = Clock.systemUTC();
        Duration retention = Duration.ofDays(Long.parseLong(Environment.optional("RETENTION_DAYS").orElse("365")));
        return new AppContext(
                Environment.required("TERRITORY_ID"),
                clock,
                new DynamoDirectoryStore(dynamo, Environment.required("DIRECTORY_TABLE"), clock),
                new DynamoContactStore(dynamo, Environment.required("CONTACTS_TABLE"), clock, retention));
    }

    public String territoryId() {
        return territoryId;
    }

    public Clock clock() {
        return clock;
    }

    public DirectoryStore directory() {
        return directory;
    }

    public ContactStore contacts() {
        return contacts;
    }

    /** The booking stores and services, built on first use by the functions that need them. */
    public synchronized BookingContext booking() {
        if (booking == null) {
            booking = BookingContext.fromEnvironment(this);
        }
        return booking;
    }
}
