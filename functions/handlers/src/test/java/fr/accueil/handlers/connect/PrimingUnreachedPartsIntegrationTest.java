package fr.accueil.handlers.connect;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.callback.CallbackRecorder;
import fr.accueil.domain.callback.CallbackStore;
import fr.accueil.domain.callback.RetryPolicy;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.directory.SiteDirectory;
import fr.accueil.storage.dynamodb.DynamoCallbackStore;
import java.time.Duration;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The paths SnapStart priming takes besides its calls ({@link ConnectHandler#primeUnreachedParts}), whatever the hour
 * of the snapshot. Outside priming their writes are sent, as here: what they write shows which paths they took.
 */
class PrimingUnreachedPartsIntegrationTest {
    @Test
    void theEntryRoutesAKnownCallerToTheQueueAndAnUnknownOneWithTheCountersOpenAndClosed() throws Exception {
        // A Sunday: the priming calls themselves would only take the closed path.
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.CLOSED).seeded();
        ConnectEntryHandler entry = territory.entry();

        entry.primeUnreachedParts();

        Set<String> routes = territory.contacts.history(ConnectHandler.PRIMING_NUMBER, 50).stream()
                .filter(call -> call.at().equals(territory.clock.instant()))
                .map(Interaction::details).map(details -> details.get("route")).collect(Collectors.toSet());
        assertEquals(Set.of("queue", "menu", "closed"), routes);
    }

    @Test
    void theOutcomeRecordsADialledCallbacksOutcomesAndStoresNoCallback() throws Exception {
        VoiceTerritory territory = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        CallbackStore store = new DynamoCallbackStore(VoiceTerritory.STACK.client(), VoiceTerritory.STACK.table("CallbacksTable"),
                territory.clock, Duration.ofDays(30));
        CallbackRecorder recorder = new CallbackRecorder(store, territory.contacts, new SiteDirectory(territory.directory, territory.id),
                new SiteCalendar(new FrenchHolidays()), RetryPolicy.defaults());
        ConnectCallbackOutcomeHandler outcome = new ConnectCallbackOutcomeHandler(null, recorder, territory.clock, territory.voice,
                territory.queues);

        // Under PrimingGuard its conditional writes are answered in the process; here the store's condition refuses them.
        assertDoesNotThrow(outcome::primeUnreachedParts);
        assertTrue(store.find("priming").isEmpty(), "no priming callback is stored");
    }
}
