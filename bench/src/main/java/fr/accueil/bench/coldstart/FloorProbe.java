package fr.accueil.bench.coldstart;

import fr.accueil.storage.AwsClients;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The floor under the entry function's cold start: the baseline's one GetItem, but through the client
 * the functions build ({@link AwsClients}: URL connection client, explicit region and credentials),
 * from the deployment jar. What the entry function takes beyond it is its own work.
 *
 * <p>Arguments: table, pk, sk. Prints {@code ANSWER <attribute count>} when it has the item.
 */
public final class FloorProbe {
    private FloorProbe() {
    }

    public static void main(String[] args) {
        int attributes = AwsClients.dynamoDb().getItem(r -> r.tableName(args[0])
                .key(Map.of("pk", AttributeValue.fromS(args[1]), "sk", AttributeValue.fromS(args[2])))).item().size();
        System.out.println("ANSWER " + attributes);
        System.out.flush();
    }
}
