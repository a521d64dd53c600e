package fr.accueil.storage.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.GeoPoint;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.embedded.EmbeddedStack;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

class DynamoDirectoryStoreIntegrationTest {
    private static final EmbeddedStack STACK = EmbeddedStack.shared();
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T09:00:00Z"), ZoneOffset.UTC);

    private final String territory = "t-" + UUID.randomUUID();
    private final DynamoDirectoryStore store =
            new DynamoDirectoryStore(STACK.client(), STACK.table("DirectoryTable"), CLOCK);

    static Site site(String territory, String id, String name, List<String> postcodes) {
        return new Site(id, territory, name, new Address("1 place de la Comédie", "57000", "Metz"), postcodes,
                ZoneId.of("Europe/Paris"),
                new WeeklyHours(Map.of(DayOfWeek.MONDAY, List.of(TimeRange.parse("09:00-12:00"), TimeRange.parse("14:00-17:00")))),
                List.of(new Closure(LocalDate.parse("2026-12-24"), LocalDate.parse("2026-12-24"), "Fermeture exceptionnelle")),
                "+33387000000", "metz");
    }

    @Test
    void savesAndReadsSitesWithEveryField() {
        Site metz = site(territory, "metz", "France Services Metz", List.of("57000", "57050"));
        store.save(territory, metz);
        store.save(territory, site(territory, "boulay", "France Services Boulay", List.of("57220")));

        assertEquals(metz, store.site(territory, "metz").orElseThrow());
        Site placed = new Site("placed", territory, "France Services Placé", metz.address(), List.of("57000"), metz.zone(),
                metz.hours(), List.of(), null, null, false, List.of(), new GeoPoint(49.1117, 6.2257));
        store.save(territory, placed);
        assertEquals(placed, store.site(territory, "placed").orElseThrow(), "its coordinates too");
        store.deleteSite(territory, "placed");
        assertEquals(Set.of("metz", "boulay"), Set.copyOf(store.sites(territory).stream().map(Site::id).toList()));
        assertTrue(store.site(territory, "nowhere").isEmpty());
        assertTrue(store.sites("another-" + territory).isEmpty());
    }

    @Test
    void keepsEveryTerritorysPostcodeAreasInOneIndexAndAnAreaWithOneTerritory() {
        String other = "another-" + territory;
        // Areas of their own: the index is one partition shared by every test of the stack.
        String postcode = "01" + (100 + Math.floorMod(territory.hashCode(), 900));
        String overseas = "98" + (100 + Math.floorMod(other.hashCode(), 900));
        store.savePostcodeArea(postcode, territory);
        store.savePostcodeArea(overseas, other);
        store.savePostcodeArea(postcode, territory);

        assertEquals(java.util.Optional.of(territory), store.postcodeIndex().territoryOf(postcode));
        assertEquals(List.of(overseas), store.postcodeIndex().areasOf(other));
        IllegalStateException taken = org.junit.jupiter.api.Assertions.assertThrows(IllegalStateException.class,
                () -> store.savePostcodeArea(postcode, other));
        assertTrue(taken.getMessage().contains("« " + postcode + " » est servi par un autre territoire"), taken.getMessage());
        assertEquals(territory, store.postcodeIndex().territoryByArea().get(postcode), "the area stays with its territory");

        store.deletePostcodeArea(postcode);
        store.deletePostcodeArea(overseas);
        assertTrue(store.postcodeIndex().areasOf(territory).isEmpty());
        assertTrue(store.postcodeIndex().areasOf(other).isEmpty());
    }

    @Test
    void keepsThePostcodeEntriesInStepWithTheSite() {
        store.save(territory, site(territory, "metz", "France Services Metz", List.of("57000", "57050")));
        store.save(territory, site(territory, "metz", "France Services Metz", List.of("57000", "57070")));

        assertEquals(List.of(), sitesServing("57050"));
        assertEquals(List.of("metz"), sitesServing("57070"));
    }

    @Test
    void findsTheCommunesOfTheSitesAndTheirStopsByKeyWhateverTheAccents() {
        Address rohrbach = new Address("Place de la mairie", "57410", "Rohrbach-lès-Bitche");
        Address volmunster = new Address("Parking de la salle des fêtes", "57720", "Volmunster");
        Site bus = new Site("bus", territory, "France Services itinérante", new Address("4 rue du Général Stuhl", "57230", "Bitche"),
                List.of(), ZoneId.of("Europe/Paris"), new WeeklyHours(Map.of()), List.of(), null, null, true, List.of(
                        new Stop(LocalDate.parse("2026-11-30"), TimeRange.parse("09:00-12:00"), rohrbach, false),
                        new Stop(LocalDate.parse("2026-12-01"), TimeRange.parse("09:00-12:00"), volmunster, false)));
        store.save(territory, site(territory, "metz", "France Services Metz", List.of("57000")));
        store.save(territory, bus);

        assertEquals(List.of("57410"), store.postcodesOfCommune(territory, "ROHRBACH LES BITCHE"));
        assertEquals(List.of("57720"), store.postcodesOfCommune(territory, "volmünster"));
        assertEquals(List.of("57000"), store.postcodesOfCommune(territory, "Metz"));
        assertEquals(List.of(), store.postcodesOfCommune("another-" + territory, "Metz"));

        // The round changes: the commune it no longer stops in is no longer found.
        store.save(territory, new Site("bus", territory, bus.name(), bus.address(), List.of(), bus.zone(), bus.hours(),
                List.of(), null, null, true, List.of(bus.stops().get(0))));
        assertEquals(List.of(), store.postcodesOfCommune(territory, "Volmunster"));
        assertEquals(List.of("57410"), store.postcodesOfCommune(territory, "Rohrbach-lès-Bitche"));
        assertEquals(List.of(), sitesServing("57720"));
    }

    private List<String> sitesServing(String postcode) {
        return STACK.client().query(r -> r.tableName(STACK.table("DirectoryTable"))
                .keyConditionExpression("pk = :pk")
                .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS(DirectoryItems.postcodeKey(territory, postcode)))))
                .items().stream().map(i -> i.get("siteId").s()).toList();
    }

    @Test
    void savesPartnersThemesAndPermanences() {
        Partner carsat = new Partner("carsat", "CARSAT", "Retraite du régime général", List.of("retraite"));
        Theme retraite = new Theme("retraite", "Retraite", "social", false, List.of("Pièce d’identité", "RIB"));
        Theme supervision = new Theme("supervision", "Rappel par un responsable", "supervision", true);
        Permanence weekly = new Permanence("p1", "carsat", "metz", List.of("retraite"),
                new Recurrence.Weekly(Set.of(DayOfWeek.TUESDAY), 2, LocalDate.parse("2026-11-24")),
                TimeRange.parse("09:00-12:00"), 30, 1, Duration.ofHours(2), 60,
                LocalDate.parse("2026-11-01"), null, Set.of(LocalDate.parse("2026-12-22")));
        Permanence monthly = new Permanence("p2", "carsat", "metz", List.of("retraite"),
                new Recurrence.MonthlyNthWeekday(DayOfWeek.THURSDAY, List.of(2, -1)),
                TimeRange.parse("14:00-16:00"), 45, 3, Duration.ofDays(1), 30, null, null, Set.of());
        store.save(territory, carsat);
        store.save(territory, retraite);
        store.save(territory, supervision);
        store.save(territory, weekly);
        store.save(territory, monthly);

        assertEquals(List.of(carsat), store.partners(territory));
        assertEquals(Set.of(retraite, supervision), Set.copyOf(store.themes(territory)));
        assertEquals(Set.of(weekly, monthly), Set.copyOf(store.permanences(territory)));
        assertEquals(carsat, store.partner(territory, "carsat").orElseThrow());
        assertTrue(store.partner(territory, "caf").isEmpty());
        assertEquals(monthly, store.permanence(territory, "p2").orElseThrow());
        assertTrue(store.permanence(territory, "p3").isEmpty());
        assertTrue(store.permanence("another-" + territory, "p1").isEmpty());
    }

    @Test
    void deletesASiteWithEveryEntryThatFindsItAndLeavesTheOthers() {
        Address rohrbach = new Address("Place de la mairie", "57410", "Rohrbach-lès-Bitche");
        Site bus = new Site("bus", territory, "France Services itinérante", new Address("4 rue du Général Stuhl", "57230", "Bitche"),
                List.of("57230"), ZoneId.of("Europe/Paris"), new WeeklyHours(Map.of()), List.of(), null, null, true, List.of(
                        new Stop(LocalDate.parse("2026-11-30"), TimeRange.parse("09:00-12:00"), rohrbach, false)));
        store.save(territory, site(territory, "metz", "France Services Metz", List.of("57000")));
        store.save(territory, bus);

        store.deleteSite(territory, "bus");
        store.deleteSite(territory, "nowhere");

        assertEquals(List.of("metz"), store.sites(territory).stream().map(Site::id).toList());
        assertEquals(List.of(), store.siteIdsServing(territory, "57230"));
        assertEquals(List.of(), store.siteIdsServing(territory, "57410"));
        assertEquals(List.of(), store.postcodesOfCommune(territory, "Rohrbach-lès-Bitche"));
        assertEquals(List.of("metz"), store.siteIdsServing(territory, "57000"));
        assertEquals(List.of("57000"), store.postcodesOfCommune(territory, "Metz"));
    }

    @Test
    void deletesPartnersThemesAndPermanencesByIdAndKeepsTheTerritorysName() {
        Permanence monthly = new Permanence("p2", "carsat", "metz", List.of("retraite"),
                new Recurrence.MonthlyNthWeekday(DayOfWeek.THURSDAY, List.of(2, -1)),
                TimeRange.parse("14:00-16:00"), 45, 3, Duration.ofDays(1), 30, null, null, Set.of());
        store.save(territory, new Partner("carsat", "CARSAT", "", List.of("retraite")));
        store.save(territory, new Partner("caf", "CAF", "", List.of("retraite")));
        store.save(territory, new Theme("retraite", "Retraite", "social"));
        store.save(territory, monthly);
        store.saveTerritoryName(territory, "Pays de Bitche");

        store.deletePermanence(territory, "p2");
        store.deletePartner(territory, "carsat");
        store.deleteTheme(territory, "retraite");

        assertEquals(List.of(), store.permanences(territory));
        assertEquals(List.of("caf"), store.partners(territory).stream().map(Partner::id).toList());
        assertEquals(List.of(), store.themes(territory));
        assertEquals(java.util.Optional.of("Pays de Bitche"), store.territoryName(territory));
        assertTrue(store.territoryName("another-" + territory).isEmpty());
        assertEquals(List.of(), store.sites(territory), "the name is no site");
    }

    @Test
    void ignoresExpiredItems() {
        store.save(territory, site(territory, "metz", "France Services Metz", List.of()));
        STACK.client().updateItem(r -> r.tableName(STACK.table("DirectoryTable"))
                .key(Map.of("pk", AttributeValue.fromS("TERRITORY#" + territory), "sk", AttributeValue.fromS("SITE#metz")))
                .updateExpression("SET expiresAt = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(CLOCK.instant().getEpochSecond() - 1)))));

        assertTrue(store.site(territory, "metz").isEmpty());
        assertTrue(store.sites(territory).isEmpty());
    }

    @Test
    void anExpiredPostcodeEntryFindsNoSite() {
        store.save(territory, site(territory, "metz", "France Services Metz", List.of("57000", "57050")));
        STACK.client().updateItem(r -> r.tableName(STACK.table("DirectoryTable"))
                .key(Map.of("pk", AttributeValue.fromS(DirectoryItems.postcodeKey(territory, "57050")), "sk", AttributeValue.fromS("SITE#metz")))
                .updateExpression("SET expiresAt = :past")
                .expressionAttributeValues(Map.of(":past", AttributeValue.fromN(Long.toString(CLOCK.instant().getEpochSecond() - 1)))));

        assertEquals(List.of(), store.siteIdsServing(territory, "57050"));
        assertEquals(List.of("metz"), store.siteIdsServing(territory, "57000"));
    }
}
