package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Theme;
import fr.accueil.handlers.AppContext;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A territory file's themes, seeded into the running stack's DirectoryTable: the internal flag, and its check. */
class DemoSeedEnd2EndTest {
    private static final String SITE = "{\"id\": \"s\", \"name\": \"France Services\", \"address\": {\"street\": \"1 rue\", "
            + "\"postcode\": \"57000\", \"city\": \"Metz\"}, \"timeZone\": \"Europe/Paris\", \"hours\": {}}";

    private static ByteArrayInputStream territory(String id, String themes) {
        return new ByteArrayInputStream(("{\"territory\": {\"id\": \"" + id + "\"}, \"sites\": [" + SITE + "], \"themes\": ["
                + themes + "]}").getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void anInternalThemeIsSeededAsSuchAndAWrongFlagSeedsNothing() throws Exception {
        RunningStack.get();
        DirectoryStore directory = AppContext.get().directory();
        String id = "t-" + UUID.randomUUID();
        DemoSeed.seed(territory(id, "{\"id\": \"retraite\", \"label\": \"Retraite\", \"queue\": \"retraite\"},"
                + "{\"id\": \"supervision\", \"label\": \"Responsable\", \"queue\": \"supervision\", \"internal\": true}"),
                directory, LocalDate.now());
        assertEquals(List.of(new Theme("retraite", "Retraite", "retraite", false),
                new Theme("supervision", "Responsable", "supervision", true)),
                directory.themes(id).stream().sorted(java.util.Comparator.comparing(Theme::id)).toList());

        String wrong = "t-" + UUID.randomUUID();
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> DemoSeed.seed(territory(wrong,
                "{\"id\": \"supervision\", \"label\": \"Responsable\", \"queue\": \"supervision\", \"internal\": \"oui\"}"),
                directory, LocalDate.now()));
        assertTrue(refused.getMessage().contains("\"internal\" must be true or false"), refused.getMessage());
        assertEquals(List.of(), directory.sites(wrong), "nothing written");
        assertEquals(List.of(), directory.themes(wrong));
    }
}
