package fr.accueil.domain.routing;

import fr.accueil.domain.calendar.OpeningHoursText;
import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.directory.Site;
import java.time.Clock;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Decides, on every inbound call, where it goes first. The line is open while at least one of the
 * territory's sites is open: their agents answer the single number.
 */
public final class EntryRouter {
    private final RoutingRules rules;
    private final SiteCalendar calendar;
    private final Clock clock;

    public EntryRouter(RoutingRules rules, SiteCalendar calendar, Clock clock) {
        this.rules = rules;
        this.calendar = calendar;
        this.clock = clock;
    }

    /**
     * @param caller  the caller's E.164 number (see PhoneNumbers), empty when withheld
     * @param contact what is known of that caller, if anything
     * @param sites   the territory's sites
     */
    public EntryDecision decide(Optional<String> caller, Optional<Contact> contact, List<Site> sites) {
        Instant now = clock.instant();
        Optional<Site> usual = caller.flatMap(number -> contact)
                .map(Contact::preferredSiteId).flatMap(id -> find(sites, id));
        if (rules.knownCallersSkipMenu() && usual.isPresent() && usual.get().queue() != null
                && calendar.isOpen(usual.get(), now)) {
            return new EntryDecision.Direct(usual.get().queue(), direct(usual.get()));
        }
        if (sites.stream().anyMatch(site -> calendar.isOpen(site, now))) {
            return new EntryDecision.ToMenu(rules.menuStart());
        }
        Optional<Site> announced = usual.or(() -> find(sites, rules.defaultSiteId())).or(() -> sites.stream().findFirst());
        // The opening said is the announced site's, in its own time, so that it agrees with the hours just said;
        // only when that site has none ahead is the first site to open named, in its own time.
        Optional<Opening> next = announced.flatMap(site -> calendar.nextOpening(site, now).map(at -> new Opening(site, at, false)))
                .or(() -> sites.stream().flatMap(site -> calendar.nextOpening(site, now).map(at -> new Opening(site, at, true)).stream())
                        .min(Comparator.comparing(opening -> opening.at().toInstant())));
        return new EntryDecision.Closed(closedMessage(announced, next, now), next.map(Opening::at));
    }

    /** Short: the caller is kept a few seconds before the queue, and may always go back to the menu. */
    static String direct(Site site) {
        return "Nous vous mettons en relation avec " + site.name() + ". Pour un autre service, tapez étoile.";
    }

    /** When a site opens next (in its zone), and whether the message must name it (it is not the announced one). */
    private record Opening(Site site, ZonedDateTime at, boolean named) {
    }

    private String closedMessage(Optional<Site> announced, Optional<Opening> next, Instant now) {
        List<String> sentences = new ArrayList<>();
        announced.flatMap(site -> calendar.closedAllDay(site, now.atZone(site.zone()).toLocalDate()))
                .ifPresent(reason -> sentences.add("Nos services sont fermés aujourd'hui : " + reason + "."));
        announced.flatMap(site -> OpeningHoursText.week(site.hours()))
                .ifPresent(week -> sentences.add("Nos conseillers vous répondent " + week + "."));
        sentences.add(next.map(opening -> {
            String moment = OpeningHoursText.moment(opening.at(), now.atZone(opening.at().getZone()));
            return opening.named()
                    ? "Nos conseillers de " + opening.site().name() + " seront disponibles " + moment + ", heure locale."
                    : "Ils seront à nouveau disponibles " + moment + ".";
        }).orElse("Nos conseillers ne sont pas joignables pour le moment."));
        return String.join(" ", sentences);
    }

    private static Optional<Site> find(List<Site> sites, String id) {
        return sites.stream().filter(site -> site.id().equals(id)).findFirst();
    }
}
