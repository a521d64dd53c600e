package fr.accueil.domain.satisfaction;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import fr.accueil.domain.ValidationException;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SatisfactionTest {
    private static final LocalDate DAY = LocalDate.of(2026, 11, 23);
    private final InMemorySatisfactionStore store = new InMemorySatisfactionStore();
    private final VoiceSurvey voice = new VoiceSurvey(store);

    @Test
    void keysOneToFiveAreScoresAnythingElseIsASkippedQuestion() {
        assertEquals(List.of(1, 5), java.util.stream.Stream.of("1", " 5 ").map(SurveyAnswer::score).toList());
        for (String key : new String[] {null, "", "0", "6", "#", "*", "12", "timeout", "٣"}) {
            assertNull(SurveyAnswer.score(key), key);
        }
        assertThrows(ValidationException.class, () -> new SurveyAnswer("c1", SurveyChannel.PHONE, null, null, null, DAY, List.of()));
        assertThrows(ValidationException.class, () -> new SurveyAnswer("c1", SurveyChannel.PHONE, null, null, null, DAY, List.of(3, 4, 5)));
        assertThrows(ValidationException.class, () -> new SurveyAnswer("c1", SurveyChannel.PHONE, null, null, null, DAY, List.of(6)));
    }

    @Test
    void aCallIsAnsweredOnceALowScoreOffersASupervisorASkippedSurveyStoresNothing() {
        VoiceSurvey.Result low = voice.record(SurveyChannel.PHONE, "contact-1", "metz", "retraite", DAY, "2", "#");
        assertEquals(new VoiceSurvey.Result(true, true, VoiceSurvey.SUPERVISOR_OFFER), low);
        assertEquals(List.of(2), store.answers.get("PHONE#contact-1").scores(), "the skipped second question is left out");
        assertFalse(voice.record(SurveyChannel.PHONE, "contact-1", "metz", "retraite", DAY, "5", "5").recorded());
        assertEquals(new VoiceSurvey.Result(true, false, VoiceSurvey.THANKS),
                voice.record(SurveyChannel.CALLBACK, "cb-1", null, null, DAY, "4", "3"));
        assertEquals(new VoiceSurvey.Result(false, false, VoiceSurvey.SKIPPED),
                voice.record(SurveyChannel.PHONE, "contact-2", "metz", null, DAY, null, "5"));
        assertEquals(2, store.answers.size());
    }

    @Test
    void anAnswerKeepsNoPersonalDataAndCountsInEverySlice() {
        SurveyAnswer answer = new SurveyAnswer("rdv-1", SurveyChannel.APPOINTMENT, "metz", "carsat", "retraite", DAY, List.of(4));
        assertEquals(9, answer.slices().size(), "territory: all, channel, partner, theme, site; site: all, channel, partner, theme");
        assertFalse(answer.toString().contains("rdv-1"));
    }

    @Test
    void statisticsAddTheCountersOfThePeriod() {
        voice.record(SurveyChannel.PHONE, "c1", "metz", "retraite", DAY, "5", "4");
        voice.record(SurveyChannel.PHONE, "c2", "metz", "sante", DAY.plusDays(1), "2", null);
        voice.record(SurveyChannel.CALLBACK, "cb1", "sarreguemines", "impots", DAY, "4", "4");
        voice.record(SurveyChannel.PHONE, "c3", "metz", "retraite", DAY.plusDays(40), "1", null);
        SatisfactionStats stats = new SatisfactionStats(store);

        SatisfactionStats.Summary all = stats.between(null, DAY, DAY.plusDays(7));
        assertEquals(3, all.total().count());
        assertEquals(3.67, all.total().average());
        assertEquals(List.of(0L, 1L, 0L, 1L, 1L), all.total().distribution());
        assertEquals(2, all.secondary().count(), "two callers answered the second question");
        assertEquals(Map.of("metz", 2L, "sarreguemines", 1L), Map.of(
                "metz", all.slices().get("site").get("metz").count(),
                "sarreguemines", all.slices().get("site").get("sarreguemines").count()));
        assertEquals(2, all.slices().get("channel").get("phone").count());
        assertEquals(List.of(DAY, DAY.plusDays(1)), List.copyOf(all.days().keySet()));

        SatisfactionStats.Summary metz = stats.between("metz", DAY, DAY.plusDays(7));
        assertEquals(2, metz.total().count());
        assertEquals(3.5, metz.total().average());
        assertFalse(metz.slices().containsKey("site"));
        assertNull(stats.between("pont-a-mousson", DAY, DAY).total().average());
        assertThrows(ValidationException.class, () -> stats.between(null, DAY, DAY.minusDays(1)));
        assertThrows(ValidationException.class, () -> stats.between(null, DAY, DAY.plusDays(400)));
    }
}
