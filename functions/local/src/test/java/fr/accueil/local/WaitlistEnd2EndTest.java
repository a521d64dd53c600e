package fr.accueil.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.embedded.EmbeddedStack;
import fr.accueil.handlers.Json;
import fr.accueil.storage.Environment;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The waitlist on the whole local stack: citizens join it for a full slot's site and day; a cancellation frees a place,
 * which BookingTable's stream (the runner's event source mapping) offers to the first, held for them, by a message
 * in the loopback mailbox; the link books it; a hold that lapses (the scheduled sweep) goes to the next. The places are
 * those of a site the class opens for itself, each test on a day of its own, so who is first in line is known.
 */
class WaitlistEnd2EndTest {
    private static final Pattern OFFER = Pattern.compile("/liste-attente\\.html\\?id=([^&]+)&token=([A-Za-z0-9_-]+)");

    private static String mobile() {
        return "+3367" + String.format("%07d", Math.floorMod(UUID.randomUUID().hashCode(), 10_000_000));
    }

    /** A site of the class's own: the entries other tests leave waiting never come first for its places. */
    private static OpenedSite opened;
    /** Each test waits for a day of its own: one test's entries never come first for another's place. */
    private static final Set<LocalDate> DAYS_TAKEN = ConcurrentHashMap.newKeySet();

    @BeforeAll
    static void openASite() throws Exception {
        opened = OpenedSite.open("Fenetrange", "57930", "cpam", "sante", 2);
    }

    @AfterAll
    static void closeTheSite() throws Exception {
        opened.close();
    }

    private static LocalDate day(Map<String, Object> slot) {
        return OffsetDateTime.parse((String) slot.get("start")).atZoneSameInstant(ZoneId.of("Europe/Paris")).toLocalDate();
    }

    /** A free slot of the class's site three days on or later, on a day no other test waits for. */
    private static Map<String, Object> aFreeSlot() throws Exception {
        return aFreeSlot(1);
    }

    /** The same, with at least {@code places} places left. */
    private static Map<String, Object> aFreeSlot(int places) throws Exception {
        List<Map<String, Object>> slots = new ArrayList<>(opened.slots("site=" + opened.siteId));
        OffsetDateTime later = OffsetDateTime.now().plusDays(3);
        slots.removeIf(slot -> !OffsetDateTime.parse((String) slot.get("start")).isAfter(later)
                || ((Number) slot.get("remaining")).intValue() < places || DAYS_TAKEN.contains(day(slot)));
        Collections.shuffle(slots);
        Map<String, Object> slot = slots.get(0);
        DAYS_TAKEN.add(day(slot));
        return slot;
    }

    /** Books every place left in the slot; returns the bookings (id, token). */
    @SuppressWarnings("unchecked")
    private static List<Citizen.Booked> fill(String slotId) throws Exception {
        List<Citizen.Booked> bookings = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            HttpResponse<String> answer = Citizen.post("/api/appointments", Json.write(Map.of("slotId", slotId,
                    "name", "Plein " + i, "phone", mobile())), Map.of("Idempotency-Key", UUID.randomUUID().toString()));
            if (answer.statusCode() == 409) {
                return bookings;
            }
            assertEquals(201, answer.statusCode(), answer.body());
            Map<String, Object> booked = Json.readObject(answer.body());
            bookings.add(new Citizen.Booked((String) ((Map<String, Object>) booked.get("appointment")).get("id"),
                    (String) booked.get("token"), slotId));
        }
        throw new AssertionError("the slot never filled");
    }

    @SuppressWarnings("unchecked")
    private static HttpResponse<String> join(Map<String, Object> slot, String name, String phone) throws Exception {
        String day = day(slot).toString();
        return Citizen.post("/api/waitlist", Json.write(Map.of("themeId", ((List<String>) slot.get("themeIds")).get(0),
                "siteId", slot.get("siteId"), "from", day, "to", day, "name", name, "phone", phone, "consent", true)), Map.of());
    }

    /** Whether the message is an offer to this number (the confirmation of joining links the same page). */
    private static boolean offerTo(String phone, Map<String, Object> message) {
        return phone.equals(message.get("to")) && String.valueOf(message.get("text")).startsWith("Une place s");
    }

    /** The entry id and token of the offer sent to this number. */
    private static String[] offerTo(String phone) throws Exception {
        List<Map<String, Object>> offers = Mailbox.await(1, message -> offerTo(phone, message));
        Matcher link = OFFER.matcher(String.valueOf(offers.get(0).get("text")));
        assertTrue(link.find(), String.valueOf(offers.get(0)));
        return new String[] {link.group(1), link.group(2)};
    }

    private static boolean offered(String phone) throws Exception {
        return Mailbox.messages().stream().anyMatch(message -> offerTo(phone, message));
    }

    private static boolean searchable(Map<String, Object> slot) throws Exception {
        String day = day(slot).toString();
        return Citizen.get("/api/slots?partner=cpam&site=" + slot.get("siteId") + "&from=" + day + "&to=" + day + "&pageSize=100")
                .body().contains("\"" + slot.get("id") + "\"");
    }

    @Test
    void badInputIsRefusedInFrenchAndNothingIsStored() throws Exception {
        String phone = mobile();
        HttpResponse<String> refused = Citizen.post("/api/waitlist", Json.write(Map.of("themeId", "retraite", "postcode", "57",
                "name", "Zoé Refus", "phone", phone, "consent", false)), Map.of());
        assertEquals(422, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
        assertTrue(refused.body().contains("Le code postal compte 5 chiffres.") && refused.body().contains("Acceptez d"), refused.body());
        Map<String, Object> slot = aFreeSlot();
        assertEquals(201, join(slot, "Zoé Refus", phone).statusCode(), "nothing was stored: the same contact joins afresh");
        HttpResponse<String> again = join(slot, "Zoé Refus", phone);
        assertEquals(200, again.statusCode());
        assertEquals(true, Json.readObject(again.body()).get("already"));
        assertFalse(again.body().contains("Zoé"), "who repeats a contact learns nothing of the entry");
    }

    @Test
    @SuppressWarnings("unchecked")
    void aFreedPlaceIsOfferedToTheFirstWhoBooksItThenALapsedHoldGoesToTheNext() throws Exception {
        Map<String, Object> slot = aFreeSlot(2);
        List<Citizen.Booked> bookings = fill((String) slot.get("id"));
        String slotId = (String) slot.get("id");
        assertTrue(bookings.size() >= 2, "two places to free: " + bookings.size());
        String ada = mobile(), bob = mobile(), carl = mobile();
        assertEquals(201, join(slot, "Ada Attente", ada).statusCode());
        assertEquals(201, join(slot, "Bob Attente", bob).statusCode());
        assertEquals(201, join(slot, "Carl Attente", carl).statusCode());

        Citizen.Booked first = bookings.get(0);
        assertEquals(200, Citizen.post("/api/appointments/" + first.id() + "/cancel?token=" + first.token(), "", Map.of()).statusCode());
        String[] offer = offerTo(ada);
        HttpResponse<String> view = Citizen.get("/api/waitlist/" + offer[0] + "?token=" + offer[1]);
        assertEquals(200, view.statusCode(), view.body());
        assertTrue(view.body().contains("\"OFFERED\"") && view.body().contains(slotId), view.body());
        assertFalse(searchable(slot), "the place is held for Ada, not offered to the search");
        assertEquals(404, Citizen.get("/api/waitlist/" + offer[0] + "?token=wrong").statusCode());

        HttpResponse<String> confirmed = Citizen.post("/api/waitlist/" + offer[0] + "/confirm?token=" + offer[1], "", Map.of());
        assertEquals(201, confirmed.statusCode(), confirmed.body());
        Map<String, Object> appointment = (Map<String, Object>) Json.readObject(confirmed.body()).get("appointment");
        assertEquals(slotId, appointment.get("slotId"));
        Mailbox.await(1, message -> ada.equals(message.get("to")) && String.valueOf(message.get("text")).startsWith("Rendez-vous confirmé"));
        assertFalse(offered(bob), "one place, one offer");

        Citizen.Booked second = bookings.get(1);
        assertEquals(200, Citizen.post("/api/appointments/" + second.id() + "/cancel?token=" + second.token(), "", Map.of()).statusCode());
        String[] bobs = offerTo(bob);
        assertFalse(offered(carl));

        Environment.setLocally("FIXED_CLOCK", Instant.now().plus(Duration.ofHours(3)).toString());
        try {
            HttpResponse<String> sweep = RunningStack.send(HttpRequest.newBuilder(RunningStack.invoke("ScheduledWaitlistHoldsFunction"))
                    .POST(HttpRequest.BodyPublishers.ofString(Files.readString(EmbeddedStack.repositoryRoot()
                            .resolve("events/ScheduledWaitlistHoldsFunction.json")))).build());
            assertEquals(200, sweep.statusCode(), sweep.body());
            assertTrue(sweep.body().contains("\"released\""), sweep.body());
        } finally {
            System.clearProperty("accueil.env.FIXED_CLOCK");
        }
        offerTo(carl);
        assertEquals(404, Citizen.post("/api/waitlist/" + bobs[0] + "/confirm?token=" + bobs[1], "", Map.of()).statusCode(),
                "Bob's lapsed offer no longer opens");
        assertEquals(List.of(), RunningStack.get().streams().failed());
    }

    @Test
    void anExcusedCitizensPlaceIsOfferedToTheWaitlist() throws Exception {
        Map<String, Object> slot = aFreeSlot();
        List<Citizen.Booked> bookings = fill((String) slot.get("id"));
        String dora = mobile();
        assertEquals(201, join(slot, "Dora Excuse", dora).statusCode());

        HttpResponse<String> excused = RunningStack.send(HttpRequest.newBuilder(RunningStack.http(
                        "/api/agent/appointments/" + bookings.get(0).id() + "/attendance"))
                .header("Authorization", "Bearer " + RunningStack.get().devAgentToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(Json.write(Map.of("status", "EXCUSED")))).build());
        assertEquals(200, excused.statusCode(), excused.body());

        String[] offer = offerTo(dora);
        assertTrue(Citizen.get("/api/waitlist/" + offer[0] + "?token=" + offer[1]).body().contains((String) slot.get("id")));
        assertFalse(searchable(slot), "the excused citizen's place is held for Dora");
    }

    @Test
    @SuppressWarnings("unchecked")
    void leavingTheListErasesTheEntryAndAHeldPlaceGoesToTheNext() throws Exception {
        Map<String, Object> slot = aFreeSlot();
        List<Citizen.Booked> bookings = fill((String) slot.get("id"));
        String eve = mobile(), fred = mobile();
        HttpResponse<String> joined = join(slot, "Eve Depart", eve);
        assertEquals(201, joined.statusCode(), joined.body());
        Matcher own = OFFER.matcher((String) Json.readObject(joined.body()).get("leaveLink"));
        assertTrue(own.find(), joined.body());
        String confirmation = String.valueOf(Mailbox.await(1, message -> eve.equals(message.get("to"))
                && String.valueOf(message.get("text")).contains("quitter la liste")).get(0).get("text"));
        assertTrue(confirmation.endsWith(own.group()), "the confirmation sent carries the same link: " + confirmation);
        assertEquals(201, join(slot, "Fred Suivant", fred).statusCode());
        HttpResponse<String> waiting = Citizen.get("/api/waitlist/" + own.group(1) + "?token=" + own.group(2));
        assertEquals(200, waiting.statusCode(), waiting.body());
        assertTrue(waiting.body().contains("\"WAITING\"") && !waiting.body().contains("Eve"), waiting.body());
        assertEquals(404, Citizen.post("/api/waitlist/" + own.group(1) + "/confirm?token=" + own.group(2), "", Map.of()).statusCode(),
                "the join link takes no place");

        Citizen.Booked first = bookings.get(0);
        assertEquals(200, Citizen.post("/api/appointments/" + first.id() + "/cancel?token=" + first.token(), "", Map.of()).statusCode());
        String[] offer = offerTo(eve);
        assertEquals(404, Citizen.post("/api/waitlist/" + offer[0] + "/leave?token=wrong", "", Map.of()).statusCode());
        HttpResponse<String> left = Citizen.post("/api/waitlist/" + offer[0] + "/leave?token=" + offer[1], "", Map.of());
        assertEquals(200, left.statusCode(), left.body());
        assertTrue(left.body().contains("Vous avez quitté la liste d’attente"), left.body());

        offerTo(fred);
        assertEquals(404, Citizen.get("/api/waitlist/" + own.group(1) + "?token=" + own.group(2)).statusCode(), "the entry is gone");
        assertEquals(404, Citizen.post("/api/waitlist/" + own.group(1) + "/leave?token=" + own.group(2), "", Map.of()).statusCode());
        assertEquals(201, join(slot, "Eve Depart", eve).statusCode(), "its keys went with it: Eve may join again");
        assertEquals(List.of(), RunningStack.get().streams().failed());
    }
}
