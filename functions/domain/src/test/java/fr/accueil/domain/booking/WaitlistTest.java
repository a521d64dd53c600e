package fr.accueil.domain.booking;

import static fr.accueil.domain.booking.Fixtures.TUESDAYS;
import static fr.accueil.domain.booking.Fixtures.metz;
import static fr.accueil.domain.booking.Fixtures.permanence;
import static fr.accueil.domain.booking.Fixtures.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import fr.accueil.domain.contact.InMemoryContactStore;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Theme;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WaitlistTest {
    private static final Instant NOW = Instant.parse("2025-09-01T08:00:00Z");
    private static final String NINE = "carsat-metz#20250916T0900";
    private static final Pattern LINK = Pattern.compile("id=([^&]+)&token=(\\S+)");

    private final InMemoryDirectory directory = new InMemoryDirectory();
    private final InMemorySlotStore slots = new InMemorySlotStore();
    private final InMemoryAppointmentStore appointments = new InMemoryAppointmentStore(slots);
    private final InMemoryWaitlistStore store = new InMemoryWaitlistStore(slots, appointments);
    private final RecordingNotifier notifier = new RecordingNotifier();
    private final InMemoryContactStore contacts = new InMemoryContactStore();

    @BeforeEach
    void aFullPermanence() {
        Permanence permanence = permanence(TUESDAYS, "09:00-10:00", 30);  // one place, 24 h notice
        directory.save("moselle", metz());
        directory.save("moselle", new Theme("retraite", "Retraite", "retraite"));
        directory.save("moselle", permanence);
        SlotGenerator generator = new SlotGenerator(Fixtures.holidays(Map.of()));
        slots.save(generator.slots(permanence, metz(), SlotGenerator.horizon(permanence, metz(), NOW)));
    }

    private Waitlist at(Instant now) {
        Clock clock = Clock.fixed(now, ZoneId.of("Europe/Paris"));
        BookingRules rules = new BookingRules(Duration.ofHours(48));
        return new Waitlist("moselle", directory, slots, store, notifier,
                new BookingMessages("moselle", directory, "https://accueil.example.fr", rules, null, clock),
                new AppointmentHistory(contacts), Duration.ofHours(2), clock);
    }

    private BookingService booking() {
        return new BookingService("moselle", directory, slots, appointments, notifier, new AppointmentHistory(contacts),
                new BookingRules(Duration.ofHours(48)), Clock.fixed(NOW, ZoneId.of("Europe/Paris")));
    }

    private static WaitlistRequest wants(String phone) {
        return new WaitlistRequest("retraite", "metz", null, "2025-09-16", "2025-09-16", "Ada Lovelace", phone, null, true);
    }

    private int booked(String slotId) {
        return slots.find(slotId).orElseThrow().booked();
    }

    /** The entry id and token of the last offer's link. */
    private String[] lastOffer() {
        List<String> texts = store.queuedTexts().stream().filter(text -> text.startsWith("Une place s’est libérée")).toList();
        Matcher link = LINK.matcher(texts.get(texts.size() - 1));
        assertTrue(link.find(), texts.get(texts.size() - 1));
        return new String[] {link.group(1), link.group(2)};
    }

    @Test
    void badInputIsReportedAllAtOnceAndNothingIsStored() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> at(NOW).join(new WaitlistRequest(
                "peche", null, "5700", "2025-09-20", "2025-09-10", "A", "12", "pas-un-mail", false)));
        assertEquals(List.of("name", "phone", "email", "themeId", "postcode", "to", "consent"),
                e.problems().stream().map(InvalidInputException.Problem::field).toList());
        assertTrue(store.entries.isEmpty());
    }

    @Test
    void aContactWaitsOnceForAThemeAtAPlace() {
        Waitlist.Joined first = at(NOW).join(wants("06 12 34 56 78"));
        Waitlist.Joined again = at(NOW.plusSeconds(60)).join(wants("+33612345678"));

        assertFalse(first.already());
        assertTrue(again.already());
        assertEquals(first.entry().id(), again.entry().id());
        assertEquals(1, store.entries.size());
        assertEquals(1, contacts.history("+33612345678", 10).size(), "named once in the history, for an erasure");
    }

    @Test
    void aFreedPlaceIsHeldForTheFirstThenTheNextWhenDeclinedOrLapsed() {
        Booking taken = booking().book(request(NINE), "k", null);
        WaitlistEntry ada = at(NOW).join(wants("06 12 34 56 78")).entry();
        WaitlistEntry bob = at(NOW.plusSeconds(1)).join(wants("06 98 76 54 32")).entry();
        assertEquals(0, at(NOW).offer(NINE), "a full slot offers nothing");

        booking().cancel(taken.appointment().id(), taken.managementToken());
        assertEquals(1, at(NOW).offer(NINE));
        assertEquals(1, booked(NINE), "held for Ada: nobody else can book it");
        assertThrows(SlotFullException.class, () -> booking().book(request(NINE), "k2", null));
        assertEquals(0, at(NOW).offer(NINE), "the same change seen again offers nothing more");
        String[] offer = lastOffer();
        assertEquals(ada.id(), offer[0]);
        assertTrue(store.queuedTexts().get(2).contains("réservée jusqu’au lundi 1 septembre à 12 h 00"), store.queuedTexts().get(2));

        assertEquals(WaitlistEntry.Status.WAITING, at(NOW).decline(offer[0], offer[1]).status());
        assertEquals(0, booked(NINE));
        assertEquals(1, at(NOW).offer(NINE));
        assertEquals(bob.id(), lastOffer()[0]);

        assertEquals(0, at(NOW.plus(Duration.ofMinutes(119))).releaseLapsed());
        assertEquals(1, at(NOW.plus(Duration.ofMinutes(121))).releaseLapsed());
        assertEquals(0, booked(NINE));
        assertEquals(0, at(NOW).offer(NINE), "both let this place go: it stays free for anyone");
        assertEquals(WaitlistEntry.Status.WAITING, store.find(bob.id()).orElseThrow().status());
    }

    @Test
    void theJoinLinkOrAStandingOfferLinkLeavesTheListAndAHeldPlaceGoesToTheNext() {
        Waitlist.Joined ada = at(NOW).join(wants("06 12 34 56 78"));
        Waitlist.Joined bob = at(NOW.plusSeconds(1)).join(wants("06 98 76 54 32"));
        assertTrue(at(NOW).join(wants("06 12 34 56 78")).leaveToken() == null, "the link is given once, when joining");
        assertEquals(List.of("Vous êtes sur la liste d’attente (Retraite). Dès qu’une place se libère, elle vous est proposée par "
                + "message. Pour revoir votre inscription ou quitter la liste : https://accueil.example.fr/liste-attente.html?id="
                + ada.entry().id() + "&token=" + ada.leaveToken()), store.queuedTexts().subList(0, 1), "the link sent when joining, once");
        assertEquals(2, store.queued.size(), "one confirmation each");
        assertThrows(NotFoundException.class, () -> at(NOW).leave(ada.entry().id(), bob.leaveToken()), "another's link");
        assertEquals(ada.entry().id(), at(NOW).opened(ada.entry().id(), ada.leaveToken()).id(), "the join link shows the entry");

        assertEquals(1, at(NOW).offer(NINE));
        String[] offer = lastOffer();
        assertEquals(ada.entry().id(), offer[0]);
        at(NOW).leave(offer[0], offer[1]);

        assertTrue(store.find(ada.entry().id()).isEmpty(), "the entry and its personal data are gone");
        assertEquals(0, booked(NINE), "the place held for Ada is free again");
        assertThrows(NotFoundException.class, () -> at(NOW).leave(offer[0], ada.leaveToken()), "left once");
        assertEquals(1, at(NOW).offer(NINE));
        assertEquals(bob.entry().id(), lastOffer()[0], "the freed place goes to the next");
        assertFalse(at(NOW).join(wants("06 12 34 56 78")).already(), "Ada may wait again: her keys went with the entry");

        at(NOW).leave(bob.entry().id(), bob.leaveToken());
        assertTrue(store.find(bob.entry().id()).isEmpty());
        assertEquals(0, booked(NINE), "the join link leaves while an offer stands too, and frees the place");
    }

    @Test
    void takingTheOfferBooksTheHeldPlaceWithItsOwnLink() {
        at(NOW).join(wants("06 12 34 56 78"));
        assertEquals(1, at(NOW).offer(NINE));
        String[] offer = lastOffer();
        assertThrows(NotFoundException.class, () -> at(NOW).confirm(offer[0], "not-the-token"));

        Booking booking = at(NOW.plusSeconds(600)).confirm(offer[0], offer[1]);

        assertEquals(NINE, booking.appointment().slotId());
        assertEquals(AppointmentStatus.BOOKED, appointments.find(booking.appointment().id()).orElseThrow().status());
        assertEquals(1, booked(NINE), "the held place became the appointment");
        assertEquals(WaitlistEntry.Status.BOOKED, store.find(offer[0]).orElseThrow().status());
        assertTrue(store.queuedTexts().get(2).startsWith("confirmation SMS " + booking.appointment().id()));
        assertThrows(NotFoundException.class, () -> at(NOW).confirm(offer[0], offer[1]), "the offer is used");
    }

    @Test
    void aLapsedHoldCannotBeTakenAndAHoldEndsBeforeBookingCloses() {
        at(NOW).join(wants("06 12 34 56 78"));
        Instant dayBefore = Instant.parse("2025-09-15T06:00:00Z");
        assertEquals(1, at(dayBefore).offer(NINE));
        WaitlistEntry held = store.find(lastOffer()[0]).orElseThrow();
        assertEquals(Instant.parse("2025-09-15T07:00:00Z"), held.holdUntil(), "24 h notice before 9:00 Paris");

        String[] offer = lastOffer();
        ValidationException late = assertThrows(ValidationException.class,
                () -> at(Instant.parse("2025-09-15T07:00:00Z")).confirm(offer[0], offer[1]));
        assertTrue(late.getMessage().contains("délai"));
    }

    @Test
    void onlyTheEntriesTheSlotSuitsAreOffered() {
        at(NOW).join(new WaitlistRequest("retraite", "metz", null, "2025-09-23", null, "Ada Lovelace", "0612345678", null, true));
        at(NOW).join(new WaitlistRequest("retraite", null, "57000", null, "2025-09-15", "Bob Marley", "0698765432", null, true));

        assertEquals(0, at(NOW).offer(NINE), "one wants later days, the other earlier ones");
        assertEquals(1, at(NOW).offer("carsat-metz#20250923T0900"));
    }
}
