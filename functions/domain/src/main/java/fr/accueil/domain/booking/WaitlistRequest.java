package fr.accueil.domain.booking;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a citizen submits to wait for a place, as typed: a theme, a site or a postcode (neither: any site), the days
 * that suit them, how to reach them and their consent to be contacted. Field names in problems are the components'.
 *
 * @param from    ISO date (yyyy-MM-dd) or blank
 * @param to      ISO date or blank
 * @param consent they agreed to be sent an offer and their contacts kept until the entry ends
 */
public record WaitlistRequest(String themeId, String siteId, String postcode, String from, String to, String name,
        String phone, String email, boolean consent) {

    private static final Pattern POSTCODE = Pattern.compile("\\d{5}");

    /** The entry this request makes, cleaned up, or every problem with it. */
    WaitlistEntry validEntry(String territoryId, DirectoryStore directory, String id, Instant now, LocalDate today,
            String leaveTokenHash) {
        InvalidInputException.Collector problems = new InvalidInputException.Collector();
        Citizen citizen = Citizen.valid(name, phone, email, problems);
        String theme = Text.trimmedOrNull(themeId);
        if (theme == null) {
            problems.add("themeId", "Choisissez le motif du rendez-vous.");
        } else {
            String wanted = theme;
            problems.check(directory.themes(territoryId).stream().map(Theme::id).anyMatch(wanted::equals),
                    "themeId", "Ce motif n’existe pas.");
        }
        String site = Text.trimmedOrNull(siteId);
        String code = Text.trimmedOrNull(postcode);
        List<String> siteIds = List.of();
        if (site != null) {
            boolean known = directory.site(territoryId, site).isPresent();
            problems.check(known, "siteId", "Ce lieu n’existe pas.");
            siteIds = List.of(site);
            code = null;
        } else if (code != null) {
            if (!POSTCODE.matcher(code).matches()) {
                problems.add("postcode", "Le code postal compte 5 chiffres.");
            } else {
                siteIds = directory.siteIdsServing(territoryId, code);
                problems.check(!siteIds.isEmpty(), "postcode", "Aucun lieu ne sert ce code postal.");
            }
        }
        LocalDate first = date(from, "from", problems);
        LocalDate last = date(to, "to", problems);
        problems.check(last == null || !last.isBefore(today), "to", "La date de fin est déjà passée.");
        problems.check(first == null || last == null || !last.isBefore(first), "to", "La date de fin précède la date de début.");
        problems.check(consent, "consent", "Acceptez d’être contacté(e) quand une place se libère.");
        problems.throwIfAny();
        return new WaitlistEntry(id, theme, siteIds, code, first, last, citizen.name(), citizen.phone(), citizen.email(),
                WaitlistEntry.Status.WAITING, now, null, null, null, java.util.Set.of(), leaveTokenHash);
    }

    private static LocalDate date(String text, String field, InvalidInputException.Collector problems) {
        String clean = Text.trimmedOrNull(text);
        if (clean == null) {
            return null;
        }
        try {
            return LocalDate.parse(clean);
        } catch (DateTimeParseException e) {
            problems.add(field, "La date doit s’écrire AAAA-MM-JJ.");
            return null;
        }
    }

    /** Leaves the name and contacts out of logs. */
    @Override
    public String toString() {
        return "WaitlistRequest[themeId=" + themeId + ", siteId=" + siteId + "]";
    }
}
