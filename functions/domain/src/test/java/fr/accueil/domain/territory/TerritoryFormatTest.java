package fr.accueil.domain.territory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.MiniJson;
import fr.accueil.domain.directory.GeoPoint;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.tree.InvalidTreeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The territory file: the demo and docs/operations.md's example are valid; a bad file is told everything wrong with it. */
class TerritoryFormatTest {
    /** A Wednesday. */
    private static final LocalDate TODAY = LocalDate.of(2026, 12, 2);

    @Test
    void theDemoTerritoryIsOneValidDocument() throws IOException {
        Territory demo = TerritoryFormat.parse(MiniJson.parse(seed("demo-territory.json")), TODAY);
        assertEquals("demo", demo.id());
        assertEquals(5, demo.sites().size());
        assertEquals(8, demo.themes().size());
        assertEquals(7, demo.partners().size());
        assertEquals(11, demo.permanences().size());
        assertEquals("accueil", demo.menu().root());
        assertEquals("metz-borny", demo.routing().defaultSiteId());
        Site bus = demo.sites().stream().filter(Site::mobile).findFirst().orElseThrow();
        assertEquals(9 * 4, bus.stops().size(), "four stops a week over nine weeks");
        assertEquals(TODAY, bus.stops().get(0).date());
        assertEquals(DayOfWeek.THURSDAY, bus.stops().get(1).date().getDayOfWeek());
    }

    @Test
    void aRegionalTerritoryDeclaresPostcodesAndDepartementsOnce() throws IOException {
        Territory demo = TerritoryFormat.parse(MiniJson.parse(seed("demo-territory.json")), TODAY);
        assertEquals(List.of("54380", "54610", "54700", "57", "974"), demo.postcodes());
        Territory vosges = TerritoryFormat.parse(MiniJson.parse(seed("demo-territory-2.json")), TODAY);
        assertEquals(List.of("88"), vosges.postcodes());
        assertEquals(List.of(), TerritoryFormat.parse(MiniJson.parse(seed("example-territory.json")), TODAY).postcodes(),
                "a territory alone on its number declares none");

        @SuppressWarnings("unchecked")
        Map<String, Object> bad = (Map<String, Object>) MiniJson.parse(seed("example-territory.json"));
        @SuppressWarnings("unchecked")
        Map<String, Object> head = (Map<String, Object>) bad.get("territory");
        head.put("postcodes", List.of("67130", "6713", "96", "2A", "67130", "975", 67));
        InvalidTreeException e = assertThrows(InvalidTreeException.class, () -> TerritoryFormat.parse(bad, TODAY));
        assertEquals(List.of(
                "territory.postcodes[1] : code postal (57070) ou département (57, 974) attendu",
                "territory.postcodes[2] : code postal (57070) ou département (57, 974) attendu",
                "territory.postcodes[3] : code postal (57070) ou département (57, 974) attendu",
                "territory.postcodes[4] : « 67130 » figure deux fois",
                "territory.postcodes[6] : texte attendu"), e.problems());
    }

    @Test
    void theReadmeExampleIsValidWithItsExceptions() throws IOException {
        Territory example = TerritoryFormat.parse(MiniJson.parse(seed("example-territory.json")), TODAY);
        assertEquals("vallee-de-la-bruche", example.id());
        Permanence caf = example.permanences().get(0);
        assertEquals(Set.of(LocalDate.of(2026, 12, 28)), caf.cancelledDates());
        assertFalse(caf.heldOn(LocalDate.of(2026, 12, 28)));
        assertTrue(caf.heldOn(LocalDate.of(2027, 1, 4)));
        assertEquals(List.of("67130", "67570"), example.sites().get(0).postcodesServed());
        assertEquals(List.of("67420"), example.sites().get(1).postcodesServed(), "the bus serves where it stops");
        assertEquals(LocalDate.of(2026, 12, 24), example.sites().get(0).closures().get(0).from());
    }

    @Test
    void exportGivesTheSameTerritoryBack() throws IOException {
        for (String file : List.of("demo-territory.json", "demo-territory-2.json", "example-territory.json")) {
            Territory territory = TerritoryFormat.parse(MiniJson.parse(seed(file)), TODAY);
            assertEquals(territory, TerritoryFormat.parse(TerritoryFormat.toTree(territory, TODAY), TODAY), file);
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void exportLeavesOutWhatTheFileLeftOut() throws IOException {
        Map<String, Object> tree = TerritoryFormat.toTree(TerritoryFormat.parse(MiniJson.parse(seed("example-territory.json")), TODAY), TODAY);
        Map<String, Object> caf = (Map<String, Object>) ((List<Object>) tree.get("permanences")).get(0);
        assertFalse(caf.containsKey("validFrom"));
        assertFalse(caf.containsKey("walkInPlaces"));
        Map<String, Object> bus = (Map<String, Object>) ((List<Object>) tree.get("sites")).get(1);
        assertFalse(bus.containsKey("postcodesServed"), "the bus serves where it stops, not named");
        assertFalse(bus.containsKey("location"), "a site placed nowhere stays so");
        assertEquals(8, bus.get("roundWeeks"));
        assertEquals(List.of(Map.of("day", "TUESDAY", "hours", "09:00-12:00",
                "address", Map.of("street", "Place de la mairie", "postcode", "67420", "city", "Saales"))), bus.get("stopRound"));
    }

    @Test
    void aPermanenceWithoutStartReadsTheSameWhateverTheDay() throws IOException {
        Object demo = MiniJson.parse(seed("demo-territory.json"));
        Territory today = TerritoryFormat.parse(demo, TODAY);
        Territory nextWeek = TerritoryFormat.parse(demo, TODAY.plusDays(9));
        assertEquals(today.permanences(), nextWeek.permanences(), "held from always, fortnights counted from a fixed Monday");
        Permanence fortnightly = today.permanences().stream().filter(p -> p.id().equals("france-travail-sarreguemines")).findFirst().orElseThrow();
        assertEquals(null, fortnightly.validFrom());
        assertTrue(fortnightly.heldOn(LocalDate.of(2026, 12, 11)) != fortnightly.heldOn(LocalDate.of(2026, 12, 18)));
    }

    @Test
    @SuppressWarnings("unchecked")
    void everyProblemIsToldWithItsPath() throws IOException {
        Map<String, Object> bad = (Map<String, Object>) MiniJson.parse(seed("example-territory.json"));
        Map<String, Object> schirmeck = site(bad, 0);
        ((Map<String, Object>) schirmeck.get("address")).put("postcode", "6713");
        schirmeck.put("timeZone", "Europe/Strasbourg");
        ((List<Object>) ((Map<String, Object>) schirmeck.get("hours")).get("MONDAY")).set(1, "17:00-14:00");
        ((Map<String, Object>) ((List<Object>) schirmeck.get("closures")).get(0)).put("to", "2026-12-20");
        Map<String, Object> caf = permanence(bad, 0);
        caf.put("capacity", 0);
        caf.put("window", "12:00-09:00");
        caf.put("horizonDays", -5);
        caf.put("minNotice", "-PT1H");
        caf.put("cancelledDates", List.of("2026-13-01"));
        Map<String, Object> bus = permanence(bad, 1);
        bus.put("id", "caf-schirmeck");
        bus.put("themeIds", List.of("emploi", "retraite"));
        site(bad, 1).put("id", "Bus Bruche");
        ((Map<String, Object>) ((List<Object>) ((Map<String, Object>) ((List<Object>) ((Map<String, Object>) bad.get("menu"))
                .get("nodes")).get(0)).get("options")).get(2)).put("site", "saales");
        ((Map<String, Object>) bad.get("routing")).put("defaultSite", "molsheim");

        InvalidTreeException e = assertThrows(InvalidTreeException.class, () -> TerritoryFormat.parse(bad, TODAY));
        assertEquals(List.of(
                "sites[0].address.postcode : code postal français attendu : 5 chiffres d’un département existant (par ex. 57070, 97400)",
                "sites[0].timeZone : fuseau horaire inconnu (par ex. Europe/Paris, Indian/Reunion, America/Cayenne)",
                "sites[0].hours.MONDAY[1] : la plage finit (14:00) avant de commencer (17:00)",
                "sites[0].closures[0].to : la fermeture finit (2026-12-20) avant de commencer (2026-12-24)",
                "sites[1].id : identifiant attendu : minuscules sans accents, chiffres et tirets (par ex. « metz-borny »), 64 caractères au plus",
                "permanences[0].cancelledDates[0] : date AAAA-MM-JJ attendue (par ex. 2026-12-24)",
                "permanences[0].window : la plage finit (09:00) avant de commencer (12:00)",
                "permanences[0].capacity : nombre entier entre 1 et 1000 attendu",
                "permanences[0].minNotice : durée ISO 8601 positive ou nulle attendue (par ex. PT2H, P1D)",
                "permanences[0].horizonDays : nombre entier entre 1 et 730 attendu",
                "permanences[1].id : l’identifiant de permanence « caf-schirmeck » est déjà celui de permanences[0]",
                "permanences[1].siteId : le site « bus-bruche » n’existe pas dans sites",
                "permanences[1].themeIds[1] : le thème « retraite » n’existe pas dans themes",
                "menu.nodes[0].options[2].site : le site « saales » n’existe pas dans sites",
                "routing.defaultSite : le site « molsheim » n’existe pas dans sites"), e.problems());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aSiteMayGiveWhereItStandsInDegrees() throws IOException {
        Territory demo = TerritoryFormat.parse(MiniJson.parse(seed("demo-territory.json")), TODAY);
        assertEquals(new GeoPoint(49.1117, 6.2257), demo.sites().get(0).location());
        assertTrue(demo.sites().stream().allMatch(site -> site.location() != null), "every demo site is placed");
        Territory again = TerritoryFormat.parse(TerritoryFormat.toTree(demo, TODAY), TODAY);
        assertEquals(demo.sites(), again.sites(), "the coordinates survive an export");

        Map<String, Object> bad = (Map<String, Object>) MiniJson.parse(seed("example-territory.json"));
        site(bad, 0).put("location", Map.of("latitude", 91, "longitude", "7,1", "altitude", 300));
        InvalidTreeException e = assertThrows(InvalidTreeException.class, () -> TerritoryFormat.parse(bad, TODAY));
        assertEquals(List.of("sites[0].location.altitude : champ inconnu (attendus : latitude, longitude)",
                "sites[0].location.latitude : nombre entre -90 et 90 attendu",
                "sites[0].location.longitude : nombre entre -180 et 180 attendu"), e.problems());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theMenuIsCheckedInPlaceAndAgainstTheThemes() throws IOException {
        Map<String, Object> bad = (Map<String, Object>) MiniJson.parse(seed("example-territory.json"));
        Map<String, Object> menu = (Map<String, Object>) bad.get("menu");
        menu.put("root", "bienvenue");
        ((List<Map<String, Object>>) bad.get("themes")).get(1).put("internal", true);
        ((Map<String, Object>) bad.get("routing")).put("menuStart", "horaires");
        InvalidTreeException e = assertThrows(InvalidTreeException.class, () -> TerritoryFormat.parse(bad, TODAY));
        assertEquals(List.of("menu.root : le nœud racine « bienvenue » n’existe pas"), e.problems());

        menu.put("root", "accueil");
        e = assertThrows(InvalidTreeException.class, () -> TerritoryFormat.parse(bad, TODAY));
        assertEquals(List.of(
                "menu.nodes[0].options[1].theme : le thème « emploi » est interne : il n’est jamais proposé aux usagers",
                "routing.menuStart : le nœud « horaires » n’existe pas dans menu.nodes"), e.problems());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aThemeMayListTheDocumentsToBringAFewShortLines() throws IOException {
        Territory demo = TerritoryFormat.parse(MiniJson.parse(seed("demo-territory.json")), TODAY);
        assertEquals(List.of("Pièce d’identité", "Relevé de carrière (si vous l’avez)", "Dernier avis d’imposition", "RIB"),
                demo.themes().stream().filter(t -> t.id().equals("retraite")).findFirst().orElseThrow().documents());
        assertEquals(List.of(), demo.themes().stream().filter(t -> t.id().equals("sante")).findFirst().orElseThrow().documents(),
                "optional");

        Map<String, Object> bad = (Map<String, Object>) MiniJson.parse(seed("example-territory.json"));
        List<Map<String, Object>> themes = (List<Map<String, Object>>) bad.get("themes");
        themes.get(0).put("documents", List.of("Pièce d’identité", "", "x".repeat(151)));
        themes.get(1).put("documents", java.util.Collections.nCopies(11, "RIB"));
        InvalidTreeException e = assertThrows(InvalidTreeException.class, () -> TerritoryFormat.parse(bad, TODAY));
        assertEquals(List.of("themes[0].documents[1] : ne doit pas être vide", "themes[0].documents[2] : 150 caractères au plus",
                "themes[1].documents : 10 documents au plus"), e.problems());
    }

    @Test
    void aDocumentWithoutItsPartsSaysWhichAreMissing() {
        InvalidTreeException e = assertThrows(InvalidTreeException.class,
                () -> TerritoryFormat.parse(Map.of("territory", Map.of("id", "xy")), TODAY));
        assertEquals(List.of("territory.name : champ obligatoire manquant", "themes : champ obligatoire manquant",
                "sites : champ obligatoire manquant", "menu : champ obligatoire manquant", "routing : champ obligatoire manquant"),
                e.problems());
        assertTrue(e.getMessage().startsWith("Territoire invalide :"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> site(Map<String, Object> territory, int index) {
        return ((List<Map<String, Object>>) territory.get("sites")).get(index);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> permanence(Map<String, Object> territory, int index) {
        return ((List<Map<String, Object>>) territory.get("permanences")).get(index);
    }

    private static String seed(String file) throws IOException {
        String root = System.getProperty("accueil.root");
        Path repository = root == null || root.isBlank() ? Path.of("../..") : Path.of(root);
        return Files.readString(repository.resolve("seed").resolve(file));
    }
}
