package fr.accueil.handlers.connect;

import static fr.accueil.handlers.connect.VoiceTerritory.answer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.handlers.TerritoryVoices;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * One number for two territories: the entry function asks the postcode (or recognises the caller), answers the
 * chosen territory as {@code territoryId}, and the menu function reads that territory's menu.
 */
class RegionalNumberIntegrationTest {
    private final VoiceTerritory first;
    private final VoiceTerritory second;
    private final TerritoryVoices region;
    /** Postcodes of their own: the index is one partition, shared by every test of the JVM. */
    private final String firstPostcode = "01" + (100 + ThreadLocalRandom.current().nextInt(450));
    private final String secondPostcode = "01" + (550 + ThreadLocalRandom.current().nextInt(450));

    RegionalNumberIntegrationTest() throws IOException {
        first = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        second = new VoiceTerritory(VoiceTerritory.OPEN).seeded();
        second.voiceMenus.save(second.id, MenuFormat.parse(vosges("menu")));
        second.directory.save(second.id, new Site("epinal", second.id, "France Services Épinal",
                new Address("10 rue de la Préfecture", "88000", "Épinal"), List.of("88000"), ZoneId.of("Europe/Paris"),
                new WeeklyHours(Map.of()), List.of(), "+33329000101", "site-epinal"));
        first.directory.savePostcodeArea(firstPostcode, first.id);
        first.directory.savePostcodeArea(secondPostcode, second.id);
        region = new TerritoryVoices(first.id, () -> List.of(second.id), first.directory, first.voiceMenus);
    }

    @AfterEach
    void freeThePostcodes() {
        first.directory.deletePostcodeArea(firstPostcode);
        first.directory.deletePostcodeArea(secondPostcode);
    }

    private ConnectEntryHandler entry() {
        return new ConnectEntryHandler(region, first.contacts, first.queues, first.load, first.clock);
    }

    @Test
    void anUnknownCallerIsAskedTheirPostcodeThenHearsTheirTerritorysMenu() throws Exception {
        String caller = VoiceTerritory.newCaller();
        Map<String, String> asked = answer(entry(), event("ConnectEntryFunction.json", caller, Map.of(), Map.of()));
        assertEquals("postcode", asked.get("route"));
        assertEquals(ConnectEntryHandler.ASK_POSTCODE, asked.get("prompt"));
        assertEquals("0", asked.get("postcodeAttempts"));
        assertEquals("", asked.get(TerritoryVoices.ATTRIBUTE), "no territory yet");

        Map<String, String> routed = answer(entry(), event("ConnectEntryFunction.json", caller,
                Map.of("postcodeAttempts", "0"), Map.of("step", "postcode", "postcode", secondPostcode)));
        assertEquals("menu", routed.get("route"));
        assertEquals(second.id, routed.get(TerritoryVoices.ATTRIBUTE));
        assertTrue(routed.get("prompt").startsWith("Bienvenue à France Services des Vosges"), routed.get("prompt"));

        Map<String, String> home = answer(entry(), event("ConnectEntryFunction.json", caller,
                Map.of("postcodeAttempts", "0"), Map.of("step", "postcode", "postcode", firstPostcode)));
        assertEquals(first.id, home.get(TerritoryVoices.ATTRIBUTE));
        assertTrue(home.get("prompt").startsWith("Bienvenue sur la ligne France Services"), home.get("prompt"));
    }

    @Test
    void anUnknownPostcodeIsAskedAgainOnceThenTheCallGoesToTheStacksOwnTerritory() throws Exception {
        String caller = VoiceTerritory.newCaller();
        Map<String, String> again = answer(entry(), event("ConnectEntryFunction.json", caller,
                Map.of("postcodeAttempts", "0"), Map.of("step", "postcode", "postcode", "75001")));
        assertEquals("postcode", again.get("route"));
        assertEquals(ConnectEntryHandler.ASK_AGAIN, again.get("prompt"));
        assertEquals("1", again.get("postcodeAttempts"));

        Map<String, String> fallback = answer(entry(), event("ConnectEntryFunction.json", caller,
                Map.of("postcodeAttempts", "1"), Map.of("step", "postcode", "postcode", "Timeout")));
        assertEquals("menu", fallback.get("route"));
        assertEquals(first.id, fallback.get(TerritoryVoices.ATTRIBUTE));
        assertEquals(ConnectEntryHandler.DEFAULT_NOTICE, fallback.get("notice"));
        assertTrue(fallback.get("promptSsml").startsWith("<speak>" + ConnectEntryHandler.DEFAULT_NOTICE), fallback.get("promptSsml"));

        // On a Sunday the stack's own territory is closed: the caller is told why before its hours.
        VoiceTerritory sunday = new VoiceTerritory(VoiceTerritory.CLOSED);
        Map<String, String> closed = answer(new ConnectEntryHandler(region, sunday.contacts, sunday.queues, sunday.load, sunday.clock),
                event("ConnectEntryFunction.json", caller, Map.of("postcodeAttempts", "1"), Map.of("step", "postcode", "postcode", "")));
        assertEquals("closed", closed.get("route"));
        assertTrue(closed.get("prompt").startsWith(ConnectEntryHandler.DEFAULT_NOTICE + " ")
                && closed.get("prompt").contains("Nos conseillers"), closed.get("prompt"));
        assertEquals(first.id, closed.get(TerritoryVoices.ATTRIBUTE));
    }

    @Test
    void aRecognisedCallerGoesToTheirSitesTerritoryWithoutBeingAsked() throws Exception {
        String caller = VoiceTerritory.newCaller();
        first.contacts.save(new Contact(caller, "Jeanne", null, "epinal", "fr"));

        Map<String, String> answer = answer(entry(), event("ConnectEntryFunction.json", caller, Map.of(), Map.of()));

        assertEquals(second.id, answer.get(TerritoryVoices.ATTRIBUTE));
        assertEquals("true", answer.get("callerKnown"));
        assertEquals("epinal", answer.get("siteId"));
        assertTrue(List.of("menu", "queue", "closed").contains(answer.get("route")), answer.get("route"));
    }

    @Test
    void theMenuReadsTheCallsTerritoryAndRefusesOneTheStackDoesNotServe() throws Exception {
        ConnectMenuHandler menu = new ConnectMenuHandler(region, first.contacts, first.queues, first.load, first.clock);
        Map<String, String> vosges = answer(menu, event("ConnectMenuFunction.json", VoiceTerritory.newCaller(),
                Map.of(TerritoryVoices.ATTRIBUTE, second.id), Map.of("digits", "3")));
        assertEquals("ask", vosges.get("action"));
        assertEquals("horaires", vosges.get("menuNode"));
        assertTrue(vosges.get("prompt").startsWith("Épinal, tapez 1."), vosges.get("prompt"));

        Map<String, String> stranger = answer(menu, event("ConnectMenuFunction.json", VoiceTerritory.newCaller(),
                Map.of(TerritoryVoices.ATTRIBUTE, "creuse-sud"), Map.of("digits", "3")));
        assertEquals("true", stranger.get("safeRoute"));
        assertEquals(VoiceTerritory.GENERAL_ARN, stranger.get("queueArn"));

        Map<String, String> single = answer(first.menu(), event("ConnectMenuFunction.json", VoiceTerritory.newCaller(),
                Map.of(TerritoryVoices.ATTRIBUTE, second.id), Map.of("digits", "3")));
        assertEquals("true", single.get("safeRoute"), "a stack of one territory serves no other");
    }

    /** A sample event from the caller, with contact attributes and flow parameters added. */
    @SuppressWarnings("unchecked")
    static byte[] event(String sample, String caller, Map<String, String> attributes, Map<String, String> parameters)
            throws IOException {
        Map<String, Object> event = Json.readObject(new String(VoiceTerritory.from(caller, sample), StandardCharsets.UTF_8));
        Map<String, Object> details = (Map<String, Object>) event.get("Details");
        ((Map<String, Object>) ((Map<String, Object>) details.get("ContactData")).get("Attributes")).putAll(attributes);
        ((Map<String, Object>) details.get("Parameters")).putAll(parameters);
        return Json.write(event).getBytes(StandardCharsets.UTF_8);
    }

    private static Object vosges(String part) throws IOException {
        return Json.readObject(Files.readString(EmbeddedStack.repositoryRoot().resolve("seed/demo-territory-2.json"))).get(part);
    }
}
