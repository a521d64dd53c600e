package fr.accueil.domain.satisfaction;

import fr.accueil.domain.ValidationException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One citizen's answer, anonymous: the scores and what they are about, never a name, number or address.
 *
 * @param reference the interaction answered about (contact id, callback id or appointment id): one answer each
 * @param siteId    null when the call reached no particular site
 * @param partnerId null when no partner is involved (a call to the general line)
 * @param themeId   null when the caller chose no theme
 * @param day       the day of the interaction at its site
 * @param scores    one score per question asked and answered, each 1 (not at all satisfied) to 5 (very)
 */
public record SurveyAnswer(String reference, SurveyChannel channel, String siteId, String partnerId, String themeId,
        LocalDate day, List<Integer> scores) {
    public static final int QUESTIONS = 2;
    /** Scores at or below this ask whether a supervisor should call back. */
    public static final int LOW_SCORE = 2;

    public SurveyAnswer {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(day, "day");
        scores = List.copyOf(scores);
        if (reference.isBlank() || reference.length() > 128) {
            throw new ValidationException("reference", "La référence de l’échange est invalide.");
        }
        if (scores.isEmpty() || scores.size() > QUESTIONS) {
            throw new ValidationException("score", "Indiquez une note de 1 à 5.");
        }
        if (scores.stream().anyMatch(score -> score < 1 || score > 5)) {
            throw new ValidationException("score", "Une note va de 1 à 5.");
        }
    }

    /** A score typed on the keypad or sent by the page: one digit from 1 to 5, else null (a skipped question). */
    public static Integer score(String text) {
        if (text == null) {
            return null;
        }
        String value = text.trim();
        return value.length() == 1 && value.charAt(0) >= '1' && value.charAt(0) <= '5' ? value.charAt(0) - '0' : null;
    }

    /**
     * A counter an answer counts in: territory-wide ({@code siteId} null) or at its site, one dimension's value.
     *
     * @param dimension "all", "site", "partner", "theme" or "channel"
     */
    public record Slice(String siteId, String dimension, String value) {
    }

    /** Every counter this answer adds to: everything and each of its dimensions, territory-wide and at its site. */
    public List<Slice> slices() {
        List<String[]> dimensions = new ArrayList<>();
        dimensions.add(new String[] {"all", "all"});
        dimensions.add(new String[] {"channel", channel.key()});
        if (partnerId != null) {
            dimensions.add(new String[] {"partner", partnerId});
        }
        if (themeId != null) {
            dimensions.add(new String[] {"theme", themeId});
        }
        List<Slice> slices = new ArrayList<>();
        dimensions.forEach(d -> slices.add(new Slice(null, d[0], d[1])));
        if (siteId != null) {
            slices.add(new Slice(null, "site", siteId));
            dimensions.forEach(d -> slices.add(new Slice(siteId, d[0], d[1])));
        }
        return slices;
    }

    public boolean low() {
        return scores.get(0) <= LOW_SCORE;
    }

    @Override
    public String toString() {
        return "SurveyAnswer[channel=" + channel + ", siteId=" + siteId + ", scores=" + scores + "]";
    }
}
