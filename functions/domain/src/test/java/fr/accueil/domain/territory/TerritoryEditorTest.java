package fr.accueil.domain.territory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.MiniJson;
import fr.accueil.domain.booking.AppointmentHistory;
import fr.accueil.domain.booking.AppointmentStatus;
import fr.accueil.domain.booking.BookingRequest;
import fr.accueil.domain.booking.BookingRules;
import fr.accueil.domain.booking.BookingService;
import fr.accueil.domain.booking.Channel;
import fr.accueil.domain.booking.InMemoryAppointmentStore;
import fr.accueil.domain.booking.InMemoryDirectory;
import fr.accueil.domain.booking.InMemorySlotStore;
import fr.accueil.domain.booking.NotFoundException;
import fr.accueil.domain.booking.RecordingNotifier;
import fr.accueil.domain.booking.Slot;
import fr.accueil.domain.booking.SlotGenerator;
import fr.accueil.domain.booking.SlotRegeneration;
import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.contact.InMemoryContactStore;
import fr.accueil.domain.tree.InvalidTreeException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** One element of a stored territory edited at a time: checked as an import, applied as one, slots following. */
class TerritoryEditorTest {
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    /** Wednesday 2 December 2026, 9:00 in Paris. */
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");
    private static final String TERRITORY = "vallee-de-la-bruche";

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final TerritoryImportTest.Voice voice = new TerritoryImportTest.Voice();
    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(slots);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryContactStore contacts = new InMemoryContactStore();
    private final Clock clock = Clock.fixed(NOW, PARIS);
    private final SlotRegeneration regeneration = new SlotRegeneration(new SlotGenerator(new FrenchHolidays()), slots,
            appointments, notifier, new AppointmentHistory(contacts), clock);
    private final TerritoryImport importer = new TerritoryImport(TERRITORY, directory, voice, regeneration, clock);
    private final TerritoryEditor editor = new TerritoryEditor(TERRITORY, directory, voice, importer, clock);

    @BeforeEach
    void imported() throws IOException {
        importer.apply(TerritoryFormat.parse(MiniJson.parse(seed()), LocalDate.of(2026, 12, 2)));
    }

    @Test
    void theStoredDocumentReadsBackUnchanged() {
        Territory read = TerritoryFormat.parse(editor.document(), LocalDate.of(2026, 12, 2));

        assertTrue(importer.dryRun(read).unchanged());
    }

    @Test
    void aNewSiteAndItsPermanenceOfferSlots() {
        Map<String, Object> site = new LinkedHashMap<>(Map.of("name", "France Services Rothau",
                "address", Map.of("street", "1 rue de la gare", "postcode", "67570", "city", "Rothau"),
                "timeZone", "Europe/Paris", "hours", Map.of("THURSDAY", List.of("09:00-12:00"))));
        TerritoryImport.Report added = editor.put(TerritoryEditor.Part.SITES, "rothau", site, false);

        assertEquals(List.of("rothau"), added.parts().get("sites").created());
        TerritoryImport.Report permanence = editor.put(TerritoryEditor.Part.PERMANENCES, "caf-rothau",
                permanence("rothau", "09:00-12:00", 2), false);

        assertEquals(List.of("caf-rothau"), permanence.parts().get("permanences").created());
        assertTrue(permanence.slotsCreated() > 0);
        assertTrue(slots.slots.values().stream().anyMatch(slot -> slot.permanenceId().equals("caf-rothau")
                && slot.date().getDayOfWeek() == java.time.DayOfWeek.THURSDAY));
    }

    @Test
    void aDryRunReportsAndWritesNothing() {
        TerritoryImport.Report dry = editor.put(TerritoryEditor.Part.PERMANENCES, "caf-schirmeck",
                permanence("schirmeck", "14:00-16:00", 1), true);

        assertFalse(dry.written());
        assertEquals(List.of("caf-schirmeck"), dry.parts().get("permanences").changed());
        assertEquals("14:00-17:00", directory.permanence(TERRITORY, "caf-schirmeck").orElseThrow().window().toString());
    }

    @Test
    void anInvalidPermanenceIsRefusedWithPathsRelativeToItAndNothingChanges() {
        InvalidTreeException refused = assertThrows(InvalidTreeException.class, () -> editor.put(
                TerritoryEditor.Part.PERMANENCES, "caf-schirmeck", permanence("schirmeck", "12:00-09:00", 0), false));

        assertTrue(refused.problems().stream().anyMatch(p -> p.startsWith("capacity : ")), refused.problems().toString());
        assertTrue(refused.problems().stream().anyMatch(p -> p.startsWith("window : ")), refused.problems().toString());
        assertEquals(1, directory.permanence(TERRITORY, "caf-schirmeck").orElseThrow().capacity());
    }

    @Test
    void anElementNamingAnotherIdIsRefused() {
        Map<String, Object> theme = Map.of("id", "sante", "label", "Santé", "queue", "sante");

        InvalidTreeException refused = assertThrows(InvalidTreeException.class,
                () -> editor.put(TerritoryEditor.Part.THEMES, "emploi", theme, false));

        assertTrue(refused.problems().get(0).startsWith("id : "), refused.problems().toString());
    }

    @Test
    @SuppressWarnings("unchecked")
    void aClosureOverABookedDayCancelsTheAppointmentWithNotice() {
        Slot slot = slots.slots.values().stream().filter(s -> s.permanenceId().equals("caf-schirmeck")).findFirst().orElseThrow();
        String booked = book(slot);
        Map<String, Object> schirmeck = new LinkedHashMap<>((Map<String, Object>) ((List<Object>) editor.document()
                .get("sites")).get(0));
        List<Object> closures = new ArrayList<>((List<Object>) schirmeck.get("closures"));
        closures.add(Map.of("from", slot.date().toString(), "to", slot.date().toString(), "reason", "Travaux"));
        schirmeck.put("closures", closures);

        TerritoryImport.Report report = editor.put(TerritoryEditor.Part.SITES, "schirmeck", schirmeck, false);

        assertEquals(1, report.appointmentsCancelled());
        assertEquals(AppointmentStatus.CANCELLED, appointments.find(booked).orElseThrow().status());
        assertTrue(appointments.queuedTexts().contains("cancellation SMS " + booked + " BY_SITE"), appointments.queuedTexts().toString());
    }

    @Test
    void aSiteStillHoldingPermanencesIsNotRemovedAndAnUnknownOneIsNotFound() {
        InvalidTreeException refused = assertThrows(InvalidTreeException.class,
                () -> editor.delete(TerritoryEditor.Part.SITES, "schirmeck", false));

        assertTrue(refused.problems().stream().anyMatch(p -> p.startsWith("permanences[0].siteId")), refused.problems().toString());
        assertTrue(directory.site(TERRITORY, "schirmeck").isPresent());
        assertThrows(NotFoundException.class, () -> editor.delete(TerritoryEditor.Part.SITES, "nulle-part", false));
    }

    @Test
    void aRemovedPermanenceTakesItsSlots() {
        TerritoryImport.Report report = editor.delete(TerritoryEditor.Part.PERMANENCES, "caf-schirmeck", false);

        assertEquals(List.of("caf-schirmeck"), report.parts().get("permanences").removed());
        assertTrue(slots.slots.values().stream().noneMatch(slot -> slot.permanenceId().equals("caf-schirmeck")));
    }

    @Test
    @SuppressWarnings("unchecked")
    void aMenuNamingAnUnknownThemeIsRefusedAndAGoodOneIsSaved() {
        Map<String, Object> menu = (Map<String, Object>) editor.document().get("menu");
        Object routing = editor.document().get("routing");
        Map<String, Object> node = new LinkedHashMap<>((Map<String, Object>) ((List<Object>) menu.get("nodes")).get(0));
        node.put("prompt", "Bonjour. Pour l'emploi, tapez 1.");
        node.put("options", List.of(Map.of("key", "1", "action", "queue", "theme", "logement")));
        Map<String, Object> changed = new LinkedHashMap<>(menu);
        changed.put("nodes", List.of(node));

        InvalidTreeException refused = assertThrows(InvalidTreeException.class, () -> editor.putVoice(changed, routing, false));
        assertTrue(refused.problems().stream().anyMatch(p -> p.startsWith("menu.nodes[0].options[0]")), refused.problems().toString());

        node.put("options", List.of(Map.of("key", "1", "action", "queue", "theme", "emploi")));
        TerritoryImport.Report saved = editor.putVoice(changed, routing, false);
        assertEquals(List.of("menu"), saved.parts().get("menu").changed());
        assertEquals("Bonjour. Pour l'emploi, tapez 1.", voice.menu(TERRITORY).orElseThrow().nodes().get("accueil").prompt().text());
    }

    private static Map<String, Object> permanence(String site, String window, int capacity) {
        Map<String, Object> permanence = new LinkedHashMap<>();
        permanence.put("partnerId", "caf");
        permanence.put("siteId", site);
        permanence.put("themeIds", List.of("allocations"));
        permanence.put("recurrence", Map.of("kind", "weekly", "days", List.of("THURSDAY"), "everyWeeks", 1));
        permanence.put("window", window);
        permanence.put("slotMinutes", 30);
        permanence.put("capacity", capacity);
        permanence.put("minNotice", "PT2H");
        permanence.put("horizonDays", 30);
        return permanence;
    }

    private String book(Slot slot) {
        BookingService service = new BookingService(TERRITORY, directory, slots, appointments, notifier,
                new AppointmentHistory(contacts), new BookingRules(Duration.ofHours(48)), clock);
        return service.book(new BookingRequest(slot.id(), null, "Marie Curie", "06 12 34 56 78", "marie@example.fr", null,
                Channel.WEB), "key-" + slot.id(), null).appointment().id();
    }

    private static String seed() throws IOException {
        String root = System.getProperty("accueil.root");
        Path repository = root == null || root.isBlank() ? Path.of("../..") : Path.of(root);
        return Files.readString(repository.resolve("seed").resolve("example-territory.json"));
    }
}
