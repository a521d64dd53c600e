package fr.accueil.domain.satisfaction;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The short voice survey at the end of a handled call or a callback: question 1 « êtes-vous satisfait de
 * l'accueil ? », question 2 « votre demande a-t-elle été traitée ? », keys 1 to 5, each skippable. A low first
 * score offers a callback from a supervisor.
 */
public final class VoiceSurvey {
    public static final String THANKS = "Merci pour votre réponse. Au revoir.";
    public static final String SKIPPED = "Merci, au revoir.";
    public static final String SUPERVISOR_OFFER = "Merci. Nous regrettons que cet échange ne vous ait pas satisfait. "
            + "Pour être rappelé par un responsable, tapez 1. Sinon, vous pouvez raccrocher.";

    private final SatisfactionStore store;

    public VoiceSurvey(SatisfactionStore store) {
        this.store = store;
    }

    /**
     * @param recorded whether an answer was stored now (false when skipped or already answered)
     * @param low      whether the caller should be offered a supervisor's callback
     */
    public record Result(boolean recorded, boolean low, String prompt) {
    }

    /**
     * Records the keys typed. A first question skipped (silence, another key) means no answer at all; a
     * second one skipped keeps the first.
     */
    public Result record(SurveyChannel channel, String reference, String siteId, String themeId, LocalDate day,
            String key1, String key2) {
        Integer first = SurveyAnswer.score(key1);
        if (first == null || reference == null || reference.isBlank()) {
            return new Result(false, false, SKIPPED);
        }
        List<Integer> scores = new ArrayList<>(List.of(first));
        Integer second = SurveyAnswer.score(key2);
        if (second != null) {
            scores.add(second);
        }
        SurveyAnswer answer = new SurveyAnswer(reference, channel, blankToNull(siteId), null, blankToNull(themeId), day,
                scores);
        boolean recorded = store.record(answer);
        return new Result(recorded, answer.low(), answer.low() ? SUPERVISOR_OFFER : THANKS);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() || value.length() > 64 ? null : value.trim();
    }
}
