package fr.accueil.domain.stats;

import fr.accueil.domain.ValidationException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;

/**
 * A statistics request: a date range (dates at each site), one scope, by day or by ISO week.
 *
 * @param to inclusive
 */
public record StatsQuery(LocalDate from, LocalDate to, StatsScope scope, Period period) {
    /** A year and a day: a year's weekly figures in one answer, and at most 367 items read per scope. */
    public static final int MAX_DAYS = 367;
    private static final String ID = "[A-Za-z0-9][A-Za-z0-9_.-]{0,63}";

    public enum Period { DAY, WEEK }

    /**
     * From the query string's texts; null or blank means absent.
     *
     * @throws ValidationException naming the first wrong field, in French
     */
    public static StatsQuery parse(String from, String to, String site, String partner, String theme,
            String permanence, String period) {
        LocalDate start = date("from", from);
        LocalDate end = date("to", to);
        if (end.isBefore(start)) {
            throw new ValidationException("to", "La date de fin doit suivre la date de début.");
        }
        if (ChronoUnit.DAYS.between(start, end) + 1 > MAX_DAYS) {
            throw new ValidationException("to", "La période ne peut dépasser " + MAX_DAYS + " jours.");
        }
        StatsScope scope = new StatsScope(id("site", site), id("partner", partner), id("theme", theme),
                id("permanence", permanence));
        if (!scope.kept()) {
            throw new ValidationException("site", "Choisissez un seul critère parmi lieu, partenaire, thème et permanence "
                    + "(ou un lieu et un partenaire).");
        }
        Period by;
        String p = period == null || period.isBlank() ? "day" : period.trim().toLowerCase(Locale.ROOT);
        switch (p) {
            case "day", "jour" -> by = Period.DAY;
            case "week", "semaine" -> by = Period.WEEK;
            default -> throw new ValidationException("period", "La période doit être day (jour) ou week (semaine).");
        }
        return new StatsQuery(start, end, scope, by);
    }

    private static LocalDate date(String field, String text) {
        if (text == null || text.isBlank()) {
            throw new ValidationException(field, "Indiquez la date " + (field.equals("from") ? "de début" : "de fin")
                    + " au format AAAA-MM-JJ.");
        }
        try {
            return LocalDate.parse(text.trim());
        } catch (DateTimeParseException e) {
            throw new ValidationException(field, "La date doit être au format AAAA-MM-JJ.");
        }
    }

    private static String id(String field, String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        if (!text.trim().matches(ID)) {
            throw new ValidationException(field, "Identifiant invalide pour « " + field + " ».");
        }
        return text.trim();
    }
}
