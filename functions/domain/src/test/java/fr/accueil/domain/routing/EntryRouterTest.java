package fr.accueil.domain.routing;

import static fr.accueil.domain.calendar.SiteFixtures.PARIS;
import static fr.accueil.domain.calendar.SiteFixtures.site;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import fr.accueil.domain.calendar.FrenchHolidays;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.calendar.SiteFixtures;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EntryRouterTest {
    private static final String CALLER = "+33612345678";
    private static final RoutingRules RULES = RoutingRules.parse(Map.of("defaultSite", "montbrison", "menuStart", "accueil",
            "callbackAbove", Map.of("contactsInQueue", 5, "oldestContactSeconds", 300)));
    private final Site montbrison = site("montbrison", "42600", "09:00-12:00", "14:00-17:00");
    private final Site feurs = site("feurs", "42110", "14:00-17:00");
    private final List<Site> sites = List.of(montbrison, feurs);
    private final Contact regularOfFeurs = new Contact(CALLER, "Camille", null, "feurs", null);

    @Test
    void anOpenLineStartsTheMenu() {
        assertEquals(new EntryDecision.ToMenu(Optional.of("accueil")),
                router(RULES, "2025-06-03T10:00").decide(Optional.of(CALLER), Optional.empty(), sites));
    }

    @Test
    void aClosedLineNamesItsHoursAndNextOpening() {
        EntryDecision.Closed closed = closed(router(RULES, "2025-06-03T19:00").decide(Optional.of(CALLER), Optional.empty(), sites));
        assertEquals("Nos conseillers vous répondent du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h."
                + " Ils seront à nouveau disponibles demain à 9 h.", closed.message());
        assertEquals(Optional.of(LocalDateTime.parse("2025-06-04T09:00").atZone(PARIS)), closed.nextOpening());
    }

    @Test
    void onAPublicHolidayTheLineSaysSoAndSkipsTheNextHolidayToo() {
        EntryDecision.Closed easter = closed(router(RULES, "2025-04-21T10:00").decide(Optional.of(CALLER), Optional.empty(), sites));
        assertEquals("Nos services sont fermés aujourd'hui : Lundi de Pâques."
                + " Nos conseillers vous répondent du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h."
                + " Ils seront à nouveau disponibles demain à 9 h.", easter.message());
        // Friday evening before Whit Monday: next is Tuesday.
        EntryDecision.Closed whit = closed(router(RULES, "2025-06-06T18:00").decide(Optional.of(CALLER), Optional.empty(), sites));
        assertEquals(Optional.of(LocalDateTime.parse("2025-06-10T09:00").atZone(PARIS)), whit.nextOpening());
        assertEquals(true, whit.message().endsWith("disponibles mardi 10 juin à 9 h."));
    }

    @Test
    void atNightTheAnnouncedSitesOwnNextOpeningIsSaidNotAnEarlierOverseasOne() {
        Site saintDenis = site("saint-denis", "97400", ZoneId.of("Indian/Reunion"),
                SiteFixtures.hours(SiteFixtures.WEEKDAYS, "08:00-12:00"));
        // 23:00 in Montbrison: La Réunion (UTC+4) opens at 8 h there, 6 h in Montbrison, before Montbrison's 9 h.
        EntryDecision.Closed closed = closed(router(RULES, "2025-06-03T23:00")
                .decide(Optional.of(CALLER), Optional.empty(), List.of(montbrison, saintDenis)));
        assertEquals("Nos conseillers vous répondent du lundi au vendredi de 9 h à 12 h et de 14 h à 17 h."
                + " Ils seront à nouveau disponibles demain à 9 h.", closed.message());
        assertEquals(Optional.of(LocalDateTime.parse("2025-06-04T09:00").atZone(PARIS)), closed.nextOpening());
    }

    @Test
    void anAnnouncedSiteWithNoOpeningAheadNamesTheFirstSiteToOpenInItsOwnTime() {
        Site shut = site("montbrison", "42600", PARIS, new WeeklyHours(Map.of()));
        Site saintDenis = site("saint-denis", "97400", ZoneId.of("Indian/Reunion"),
                SiteFixtures.hours(SiteFixtures.WEEKDAYS, "08:00-12:00"));
        EntryDecision.Closed closed = closed(router(RULES, "2025-06-03T19:00")
                .decide(Optional.of(CALLER), Optional.empty(), List.of(shut, saintDenis)));
        assertEquals("Nos conseillers de France Services saint-denis seront disponibles demain à 8 h, heure locale.",
                closed.message());
        assertEquals(Optional.of(LocalDateTime.parse("2025-06-04T08:00").atZone(ZoneId.of("Indian/Reunion"))), closed.nextOpening());
    }

    @Test
    void aKnownCallerGoesStraightToTheirUsualSiteWhileItIsOpen() {
        assertEquals(new EntryDecision.Direct("queue-feurs",
                        "Nous vous mettons en relation avec France Services feurs. Pour un autre service, tapez étoile."),
                router(RULES, "2025-06-03T15:00").decide(Optional.of(CALLER), Optional.of(regularOfFeurs), sites));
        // Their site opens in the afternoon only: in the morning, the menu.
        assertEquals(new EntryDecision.ToMenu(Optional.of("accueil")),
                router(RULES, "2025-06-03T10:00").decide(Optional.of(CALLER), Optional.of(regularOfFeurs), sites));
        RoutingRules everyoneThroughTheMenu = new RoutingRules("montbrison", Optional.empty(), false, RULES.callbackThreshold());
        assertEquals(new EntryDecision.ToMenu(Optional.empty()),
                router(everyoneThroughTheMenu, "2025-06-03T15:00").decide(Optional.of(CALLER), Optional.of(regularOfFeurs), sites));
    }

    @Test
    void aClosedLineAnnouncesAKnownCallersUsualSite() {
        EntryDecision.Closed closed = closed(router(RULES, "2025-06-03T19:00").decide(Optional.of(CALLER), Optional.of(regularOfFeurs), sites));
        assertEquals(true, closed.message().startsWith("Nos conseillers vous répondent du lundi au vendredi de 14 h à 17 h."));
    }

    @Test
    void aUsualSiteOutsideTheTerritoryIsIgnored() {
        Contact elsewhere = new Contact(CALLER, null, null, "lyon", null);
        assertEquals(new EntryDecision.ToMenu(Optional.of("accueil")),
                router(RULES, "2025-06-03T15:00").decide(Optional.of(CALLER), Optional.of(elsewhere), sites));
    }

    @Test
    void anAnonymousCallerIsNotRecognisedAndHearsTheSameClosedLine() {
        assertEquals(new EntryDecision.ToMenu(Optional.of("accueil")),
                router(RULES, "2025-06-03T15:00").decide(Optional.empty(), Optional.of(regularOfFeurs), sites));
        assertEquals(closed(router(RULES, "2025-06-03T19:00").decide(Optional.of(CALLER), Optional.empty(), sites)),
                closed(router(RULES, "2025-06-03T19:00").decide(Optional.empty(), Optional.empty(), sites)));
    }

    @Test
    void aTerritoryWithoutSitesIsClosedWithoutANextOpening() {
        EntryDecision.Closed closed = closed(router(RULES, "2025-06-03T10:00").decide(Optional.of(CALLER), Optional.empty(), List.of()));
        assertEquals("Nos conseillers ne sont pas joignables pour le moment.", closed.message());
        assertEquals(Optional.empty(), closed.nextOpening());
    }

    @Test
    void aLongQueueOffersACallbackInstead() {
        SimulatedQueueLoad load = new SimulatedQueueLoad();
        QueueTransfer transfer = new QueueTransfer(load, RULES.callbackThreshold());
        assertEquals(new QueueTransfer.Decision.Transfer("caf"), transfer.to("caf"));
        QueueMetrics crowded = new QueueMetrics(6, Duration.ofMinutes(1));
        load.set("caf", crowded);
        assertEquals(new QueueTransfer.Decision.OfferCallback("caf", crowded), transfer.to("caf"));
        QueueMetrics slow = new QueueMetrics(2, Duration.ofMinutes(6));
        load.set("caf", slow);
        assertEquals(new QueueTransfer.Decision.OfferCallback("caf", slow), transfer.to("caf"));
        load.set("caf", new QueueMetrics(5, Duration.ofMinutes(5)));
        assertEquals(new QueueTransfer.Decision.Transfer("caf"), transfer.to("caf"));
        QueueTransfer metricsDown = new QueueTransfer(queue -> Optional.empty(), RULES.callbackThreshold());
        assertEquals(new QueueTransfer.Decision.Transfer("caf"), metricsDown.to("caf"));
    }

    private EntryRouter router(RoutingRules rules, String parisTime) {
        Clock clock = Clock.fixed(LocalDateTime.parse(parisTime).atZone(PARIS).toInstant(), PARIS);
        return new EntryRouter(rules, new SiteCalendar(new FrenchHolidays()), clock);
    }

    private static EntryDecision.Closed closed(EntryDecision decision) {
        return assertInstanceOf(EntryDecision.Closed.class, decision);
    }
}
