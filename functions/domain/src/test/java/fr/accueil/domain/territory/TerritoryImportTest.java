package fr.accueil.domain.territory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.MiniJson;
import fr.accueil.domain.booking.AppointmentHistory;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.Booking;
import fr.accueil.domain.booking.BookingRequest;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.BookingService;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.InMemoryAppointmentStore;
import fr.accueil.domain.booking.InMemoryDirectory;
import fr.accueil.domain.booking.InMemorySlotStore;
import fr.accueil.domain.booking.RecordingNotifier;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotGenerator;
import fr.accueil.domain.booking.SlotRegeneration;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.contact.InMemoryContactStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.domain.tree.InvalidTreeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A territory file imported into a stack's stores: reported, written, converging, and slots that follow. */
class TerritoryImportTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Wednesday 2 December 2026, 9:00 in Paris. */
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final Voice voice = new Voice();
    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(slots);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryContactStore contacts = new InMemoryContactStore();

    @Test
    void aFirstImportCreatesEverythingAndTheSameFileAgainChangesNothing() throws IOException {
        Territory example = example(NOW);

        TerritoryImport.Report first = importer(NOW).apply(example);

        assertEquals(List.of("schirmeck", "bus-bruche"), first.parts().get("sites").created());
        assertEquals(List.of("caf-schirmeck", "mission-locale-bus"), first.parts().get("permanences").created());
        assertEquals(List.of("menu"), first.parts().get("menu").created());
        assertEquals(List.of("schirmeck 2026-12-24/2026-12-31"), first.parts().get("fermetures").created());
        assertEquals(8, first.parts().get("arrêts").created().size(), "eight Tuesdays of the bus's round");
        assertTrue(first.written());
        assertTrue(first.slotsCreated() > 0);
        assertEquals(first.slotsCreated(), slots.slots.size());
        assertEquals(Optional.of("Communauté de communes de la Vallée de la Bruche"), directory.territoryName("vallee-de-la-bruche"));
        assertEquals(example.menu(), voice.menu("vallee-de-la-bruche").orElseThrow());

        TerritoryImport.Report again = importer(NOW).apply(example);
        assertTrue(again.unchanged(), again.text());
        assertEquals(List.of(0, 0, 0), List.of(again.slotsCreated(), again.slotsRemoved(), again.appointmentsCancelled()));
        assertTrue(again.text().contains("Rien ne change dans le territoire."));
    }

    @Test
    void aReimportOnAnotherDayConvergesAndKeepsTheBusHistoryAndItsCancelledStops() throws IOException {
        importer(NOW).apply(example(NOW));
        Site bus = directory.site("vallee-de-la-bruche", "bus-bruche").orElseThrow();
        LocalDate cancelledTuesday = bus.stops().get(2).date();
        directory.save("vallee-de-la-bruche", bus.withStopsCancelledOn(cancelledTuesday));

        Instant later = NOW.plus(Duration.ofDays(7));
        TerritoryImport.Report report = importer(later).apply(example(later));

        report.parts().forEach((part, changes) -> {
            if (!part.equals("arrêts")) {
                assertTrue(changes.isEmpty(), part + " " + changes);
            }
        });
        assertEquals(1, report.parts().get("arrêts").created().size(), "the round reaches one more Tuesday");
        assertEquals(List.of(), report.parts().get("arrêts").removed(), "the past Tuesday is history");
        List<Stop> stops = directory.site("vallee-de-la-bruche", "bus-bruche").orElseThrow().stops();
        assertEquals(9, stops.size());
        assertTrue(stops.stream().filter(Stop::cancelled).anyMatch(stop -> stop.date().equals(cancelledTuesday)));
        assertTrue(importer(later).dryRun(example(later)).unchanged());
    }

    @Test
    void aDryRunReportsWhatAnImportWouldDoAndWritesNothing() throws IOException {
        TerritoryImport.Report dry = importer(NOW).dryRun(example(NOW));

        assertFalse(dry.written());
        assertEquals(2, dry.parts().get("sites").created().size());
        assertTrue(dry.slotsCreated() > 0);
        assertTrue(dry.text().contains("essai (--dry-run), rien n’est écrit"), dry.text());
        assertEquals(List.of(), directory.sites("vallee-de-la-bruche"));
        assertEquals(Map.of(), slots.slots);
        assertEquals(Optional.empty(), voice.menu("vallee-de-la-bruche"));
        assertEquals(dry.slotsCreated(), importer(NOW).apply(example(NOW)).slotsCreated());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRemovedPermanenceCancelsItsAppointmentsWithNoticeAndIsRemoved() throws IOException {
        importer(NOW).apply(example(NOW));
        String booked = book("caf-schirmeck");
        Map<String, Object> tree = exampleTree();
        ((List<Object>) tree.get("permanences")).remove(0);

        TerritoryImport.Report report = importer(NOW).apply(TerritoryFormat.parse(tree, LocalDate.of(2026, 12, 2)));

        assertEquals(List.of("caf-schirmeck"), report.parts().get("permanences").removed());
        assertEquals(1, report.appointmentsCancelled());
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(booked).orElseThrow().status());
        assertTrue(appointments.queuedTexts().contains("cancellation SMS " + booked + " BY_SITE"), appointments.queuedTexts().toString());
        assertTrue(directory.permanence("vallee-de-la-bruche", "caf-schirmeck").isEmpty());
        assertFalse(slots.slots.keySet().stream().anyMatch(id -> id.startsWith("caf-schirmeck#")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aRemovedSiteGoesWithItsStopsAndItsPermanencesAppointmentsAreCancelledFirst() throws IOException {
        importer(NOW).apply(example(NOW));
        String booked = book("mission-locale-bus");
        Map<String, Object> tree = exampleTree();
        ((List<Object>) tree.get("sites")).remove(1);
        ((List<Object>) tree.get("permanences")).remove(1);

        TerritoryImport.Report report = importer(NOW).apply(TerritoryFormat.parse(tree, LocalDate.of(2026, 12, 2)));

        assertEquals(List.of("bus-bruche"), report.parts().get("sites").removed());
        assertEquals(8, report.parts().get("arrêts").removed().size());
        assertEquals(List.of("mission-locale-bus"), report.parts().get("permanences").removed());
        assertEquals(1, report.appointmentsCancelled());
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(booked).orElseThrow().status());
        assertTrue(appointments.queuedTexts().contains("cancellation EMAIL " + booked + " BY_SITE"), appointments.queuedTexts().toString());
        assertEquals(List.of("schirmeck"), directory.sites("vallee-de-la-bruche").stream().map(Site::id).toList());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aPermanenceMovedToAnotherSiteCancelsWhatWasBookedAtTheFirst() throws IOException {
        importer(NOW).apply(example(NOW));
        String booked = book("caf-schirmeck");
        Map<String, Object> tree = exampleTree();
        Map<String, Object> caf = (Map<String, Object>) ((List<Object>) tree.get("permanences")).get(0);
        caf.put("siteId", "bus-bruche");
        caf.put("window", "09:00-12:00");
        caf.put("recurrence", Map.of("kind", "weekly", "days", List.of("TUESDAY"), "everyWeeks", 1));

        TerritoryImport.Report report = importer(NOW).apply(TerritoryFormat.parse(tree, LocalDate.of(2026, 12, 2)));

        assertEquals(List.of("caf-schirmeck"), report.parts().get("permanences").changed());
        assertEquals(1, report.appointmentsCancelled());
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(booked).orElseThrow().status());
        assertTrue(slots.slots.values().stream().filter(slot -> slot.permanenceId().equals("caf-schirmeck"))
                .allMatch(slot -> slot.siteId().equals("bus-bruche")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClosureOverABookedSlotCancelsItsAppointmentAndAChangedCapacityKeepsTheOthers() throws IOException {
        importer(NOW).apply(example(NOW));
        String booked = book("caf-schirmeck");
        LocalDate day = slots.find(appointments.find(booked).orElseThrow().slotId()).orElseThrow().date();
        String other = bookOn("caf-schirmeck", day.plusWeeks(1));
        Map<String, Object> tree = exampleTree();
        Map<String, Object> schirmeck = (Map<String, Object>) ((List<Object>) tree.get("sites")).get(0);
        ((List<Object>) schirmeck.get("closures")).add(new HashMap<>(Map.of("from", day.toString(), "to", day.toString(),
                "reason", "Formation")));
        ((Map<String, Object>) ((List<Object>) tree.get("permanences")).get(0)).put("capacity", 2);

        TerritoryImport.Report report = importer(NOW).apply(TerritoryFormat.parse(tree, LocalDate.of(2026, 12, 2)));

        assertEquals(List.of("schirmeck " + day + "/" + day), report.parts().get("fermetures").created());
        assertEquals(List.of(), report.parts().get("sites").changed(), "only its closures changed");
        assertEquals(List.of("caf-schirmeck"), report.parts().get("permanences").changed());
        assertEquals(1, report.appointmentsCancelled());
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(booked).orElseThrow().status());
        assertEquals(AppointmentStatus.BOOKED, appointments.find(other).orElseThrow().status(), "its slot is still held");
        assertEquals(2, directory.site("vallee-de-la-bruche", "schirmeck").orElseThrow().closures().size());
    }

    @Test
    void aFileOfAnotherTerritoryIsRefusedAndNothingIsWritten() throws IOException {
        TerritoryImport other = new TerritoryImport("moselle", directory, voice, regeneration(NOW), Clock.fixed(NOW, PARIS));

        InvalidTreeException refused = assertThrows(InvalidTreeException.class, () -> other.apply(example(NOW)));

        assertEquals(List.of("territory.id : ce fichier décrit le territoire « vallee-de-la-bruche », cette pile sert le "
                + "territoire « moselle » (paramètre TerritoryId du modèle) : rien n’est importé"), refused.problems());
        assertEquals(List.of(), directory.sites("vallee-de-la-bruche"));
    }

    @Test
    void aRegionalNumbersTerritoriesDeclareTheirPostcodesAndOnlyOneTerritoryHoldsAnArea() throws IOException {
        Set<String> region = Set.of("vallee-de-la-bruche", "bas-rhin-nord");
        TerritoryImport regional = new TerritoryImport(region, directory, voice, regeneration(NOW), Clock.fixed(NOW, PARIS));
        Map<String, Object> bruche = exampleTree();
        territoryHead(bruche).put("postcodes", List.of("67130", "67570", "88"));

        TerritoryImport.Report first = regional.apply(TerritoryFormat.parse(bruche, LocalDate.of(2026, 12, 2)));
        assertEquals(List.of("67130", "67570", "88"), first.parts().get("codes postaux").created());
        assertTrue(first.text().contains("  codes postaux : 3 créés (67130, 67570, 88), 0 modifié, 0 supprimé"), first.text());
        assertEquals(Optional.of("vallee-de-la-bruche"), directory.postcodeIndex().territoryOf("88100"));

        Map<String, Object> nord = exampleTree();
        territoryHead(nord).put("id", "bas-rhin-nord");
        territoryHead(nord).put("postcodes", List.of("67", "67130", "88"));
        InvalidTreeException refused = assertThrows(InvalidTreeException.class,
                () -> regional.apply(TerritoryFormat.parse(nord, LocalDate.of(2026, 12, 2))));
        assertEquals(List.of("territory.postcodes : « 67130 » est déjà servi par le territoire « vallee-de-la-bruche » : rien n’est importé",
                "territory.postcodes : « 88 » est déjà servi par le territoire « vallee-de-la-bruche » : rien n’est importé"),
                refused.problems());
        assertEquals(Map.of("67130", "vallee-de-la-bruche", "67570", "vallee-de-la-bruche", "88", "vallee-de-la-bruche"),
                directory.postcodeAreas, "nothing written");

        // The département goes to one territory, its postcodes already declared stay with the other (the most precise).
        territoryHead(nord).put("postcodes", List.of("67"));
        regional.apply(TerritoryFormat.parse(nord, LocalDate.of(2026, 12, 2)));
        assertEquals(Optional.of("bas-rhin-nord"), directory.postcodeIndex().territoryOf("67500"));
        assertEquals(Optional.of("vallee-de-la-bruche"), directory.postcodeIndex().territoryOf("67130"));

        territoryHead(bruche).put("postcodes", List.of("67130"));
        TerritoryImport.Report fewer = regional.apply(TerritoryFormat.parse(bruche, LocalDate.of(2026, 12, 2)));
        assertEquals(List.of("67570", "88"), fewer.parts().get("codes postaux").removed());
        assertEquals(Map.of("67130", "vallee-de-la-bruche", "67", "bas-rhin-nord"), directory.postcodeAreas, "the import converges");
        assertEquals(List.of("67130"), directory.postcodeIndex().areasOf("vallee-de-la-bruche"));

        InvalidTreeException other = assertThrows(InvalidTreeException.class, () -> new TerritoryImport(Set.of("a-b", "c-d"),
                directory, voice, regeneration(NOW), Clock.fixed(NOW, PARIS)).apply(example(NOW)));
        assertEquals(List.of("territory.id : ce fichier décrit le territoire « vallee-de-la-bruche », cette pile sert les "
                + "territoires « a-b », « c-d » (paramètres TerritoryId et RegionTerritoryIds du modèle) : rien n’est importé"),
                other.problems());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> territoryHead(Map<String, Object> tree) {
        return (Map<String, Object>) tree.get("territory");
    }

    @Test
    void theDemoTerritoryImportsAndConverges() throws IOException {
        Territory demo = TerritoryFormat.parse(MiniJson.parse(seed("demo-territory.json")), LocalDate.of(2026, 12, 2));
        TerritoryImport demoImport = new TerritoryImport("demo", directory, voice, regeneration(NOW), Clock.fixed(NOW, PARIS));

        assertEquals(5, demoImport.apply(demo).parts().get("sites").created().size());
        assertTrue(demoImport.apply(demo).unchanged());
    }

    private TerritoryImport importer(Instant now) {
        return new TerritoryImport("vallee-de-la-bruche", directory, voice, regeneration(now), Clock.fixed(now, PARIS));
    }

    private SlotRegeneration regeneration(Instant now) {
        return new SlotRegeneration(new SlotGenerator(new FrenchHolidays()), slots, appointments, notifier,
                new AppointmentHistory(contacts), Clock.fixed(now, PARIS));
    }

    /** Books the permanence's first free slot for a citizen; the appointment's id. */
    private String book(String permanenceId) {
        Slot slot = slots.slots.values().stream().filter(s -> s.permanenceId().equals(permanenceId)).findFirst().orElseThrow();
        return book(slot);
    }

    private String bookOn(String permanenceId, LocalDate date) {
        return book(slots.slots.values().stream().filter(s -> s.permanenceId().equals(permanenceId) && s.date().equals(date))
                .findFirst().orElseThrow());
    }

    private String book(Slot slot) {
        BookingService service = new BookingService("vallee-de-la-bruche", directory, slots, appointments, notifier,
                new AppointmentHistory(contacts), new BookingRules(Duration.ofHours(48)), Clock.fixed(NOW, PARIS));
        Booking booking = service.book(new BookingRequest(slot.id(), null, "Marie Curie", "06 12 34 56 78",
                "marie@example.fr", null, Channel.WEB), "key-" + slot.id(), null);
        return booking.appointment().id();
    }

    private static Territory example(Instant now) throws IOException {
        return TerritoryFormat.parse(exampleTree(), LocalDate.ofInstant(now, PARIS));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> exampleTree() throws IOException {
        return (Map<String, Object>) MiniJson.parse(seed("example-territory.json"));
    }

    private static String seed(String name) throws IOException {
        String root = System.getProperty("accueil.root");
        Path repository = root == null || root.isBlank() ? Path.of("../..") : Path.of(root);
        return Files.readString(repository.resolve("seed").resolve(name));
    }

    /** The menu and routing rules in a map, as the DynamoDB store keeps them by territory. */
    static final class Voice implements VoiceMenuStore {
        private final Map<String, Menu> menus = new HashMap<>();
        private final Map<String, RoutingRules> rules = new HashMap<>();

        @Override
        public Optional<Menu> menu(String territoryId) {
            return Optional.ofNullable(menus.get(territoryId));
        }

        @Override
        public Optional<RoutingRules> routingRules(String territoryId) {
            return Optional.ofNullable(rules.get(territoryId));
        }

        @Override
        public void save(String territoryId, Menu menu) {
            menus.put(territoryId, menu);
        }

        @Override
        public void save(String territoryId, RoutingRules routing) {
            rules.put(territoryId, routing);
        }
    }
}
