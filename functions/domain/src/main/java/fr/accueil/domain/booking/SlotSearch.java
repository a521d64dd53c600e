package fr.accueil.domain.booking;

import fr.accueil.domain.directory.Permanence;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * A citizen's search for free slots: a partner or a theme, optionally some sites, and dates that each
 * site reads in its own time zone.
 *
 * @param partnerId null for any partner offering the theme
 * @param themeId   null for any theme of the partner
 * @param siteIds   empty for every site of the territory
 * @param cursor    the store's opaque position after the previous page, or null for the first
 * @param postcode  the citizen's postcode, or null: a mobile site then offers only its stops there
 */
public record SlotSearch(String partnerId, String themeId, List<String> siteIds, DateRange dates, int pageSize,
        String cursor, String postcode) {

    public static final int MAX_DAYS = 62;
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    /** Ids and cursors are short; a longer value is garbage or an attack, refused before any lookup. */
    private static final int MAX_ID_LENGTH = 64;
    private static final int MAX_CURSOR_LENGTH = 1024;

    public SlotSearch {
        siteIds = List.copyOf(siteIds);
    }

    public SlotSearch(String partnerId, String themeId, List<String> siteIds, DateRange dates, int pageSize,
            String cursor) {
        this(partnerId, themeId, siteIds, dates, pageSize, cursor, null);
    }

    /** The same search at the sites serving a postcode. */
    public SlotSearch at(List<String> servingSiteIds, String postcode) {
        return new SlotSearch(partnerId, themeId, servingSiteIds, dates, pageSize, cursor, postcode);
    }

    /** The search from query parameters as typed, or every problem with them. */
    public static SlotSearch parse(String partner, String theme, List<String> sites, String from, String to,
            String pageSize, String cursor) {
        InvalidInputException.Collector problems = new InvalidInputException.Collector();
        String partnerId = Text.trimmedOrNull(partner);
        String themeId = Text.trimmedOrNull(theme);
        problems.check(partnerId != null || themeId != null, "partner", "Indiquez un partenaire ou un motif.");
        problems.check(partnerId == null || partnerId.length() <= MAX_ID_LENGTH, "partner", "Ce partenaire est inconnu.");
        problems.check(themeId == null || themeId.length() <= MAX_ID_LENGTH, "theme", "Ce motif est inconnu.");
        List<String> siteIds = sites == null ? List.of() : sites.stream().map(Text::trimmedOrNull)
                .filter(id -> id != null).distinct().toList();
        problems.check(siteIds.stream().allMatch(id -> id.length() <= MAX_ID_LENGTH), "site", "Ce lieu est inconnu.");
        LocalDate start = date(from, "from", "La date de début", problems);
        LocalDate end = date(to, "to", "La date de fin", problems);
        if (start != null && end != null) {
            problems.check(!end.isBefore(start), "to", "La date de fin doit suivre la date de début.");
            problems.check(end.isBefore(start) || new DateRange(start, end).days() <= MAX_DAYS,
                    "to", "La recherche porte sur " + MAX_DAYS + " jours au plus.");
        }
        int size = pageSize(pageSize, problems);
        String position = Text.trimmedOrNull(cursor);
        problems.check(position == null || position.length() <= MAX_CURSOR_LENGTH, "cursor",
                "La page demandée n’est pas valide : relancez la recherche.");
        problems.throwIfAny();
        return new SlotSearch(partnerId, themeId, siteIds, new DateRange(start, end), size, position);
    }

    /** Whether the permanence offers what is searched, where it is searched. */
    public boolean covers(Permanence permanence) {
        return (partnerId == null || partnerId.equals(permanence.partnerId()))
                && (themeId == null || permanence.themeIds().contains(themeId))
                && (siteIds.isEmpty() || siteIds.contains(permanence.siteId()));
    }

    private static LocalDate date(String text, String field, String label, InvalidInputException.Collector problems) {
        String value = Text.trimmedOrNull(text);
        if (value == null) {
            problems.add(field, label + " est obligatoire.");
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            problems.add(field, label + " doit être au format AAAA-MM-JJ.");
            return null;
        }
    }

    private static int pageSize(String text, InvalidInputException.Collector problems) {
        String value = Text.trimmedOrNull(text);
        if (value == null) {
            return DEFAULT_PAGE_SIZE;
        }
        try {
            int size = Integer.parseInt(value);
            if (size >= 1 && size <= MAX_PAGE_SIZE) {
                return size;
            }
        } catch (NumberFormatException e) {
            // reported below, like an out-of-range number
        }
        problems.add("pageSize", "La taille de page est un nombre de 1 à " + MAX_PAGE_SIZE + ".");
        return DEFAULT_PAGE_SIZE;
    }
}
