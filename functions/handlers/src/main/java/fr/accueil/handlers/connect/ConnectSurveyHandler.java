package fr.accueil.handlers.connect;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.satisfaction.SurveyChannel;
import fr.accueil.domain.satisfaction.VoiceSurvey;
import fr.accueil.handlers.AppContext;
import fr.accueil.handlers.TerritoryVoices;
import fr.accueil.handlers.Log;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * The voice survey flow (flows/survey.json) records the keys typed: parameters {@code score1} and
 * {@code score2} (one key each, anything else is a skipped question). The contact says what was answered
 * about: {@code callbackId} for a callback, else the contact itself (its initial contact id); {@code siteId}
 * and {@code theme} (or {@code themeId}) as the entry and menu set them. Answers {@code recorded},
 * {@code lowScore} (offer a supervisor's callback) and the {@code prompt} to say. The call is over anyway: on
 * any failure the flow thanks and hangs up, nothing else depends on the survey.
 */
public final class ConnectSurveyHandler extends ConnectHandler {
    private static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Paris");

    private final VoiceSurvey survey;
    private final DirectoryStore directory;
    private final TerritoryVoices voices;
    private final Clock clock;

    public ConnectSurveyHandler() {
        this(new VoiceSurvey(AppContext.get().satisfaction().store()), AppContext.get().directory(), AppContext.get().voices(),
                AppContext.get().clock());
        primeBeforeSnapshot();
    }

    /** @param voices the stack's territories: the call's ({@code territoryId}) is checked among them, nothing read */
    public ConnectSurveyHandler(VoiceSurvey survey, DirectoryStore directory, TerritoryVoices voices, Clock clock) {
        this.survey = survey;
        this.directory = directory;
        this.voices = voices;
        this.clock = clock;
    }

    @Override
    protected String name() {
        return "survey";
    }

    @Override
    protected Map<String, String> answer(ConnectCall call) {
        // The site by key (GetItem, all the role grants on DirectoryTable), in the call's territory.
        String territoryId = voices.of(call.attribute(TerritoryVoices.ATTRIBUTE)).territoryId();
        String callbackId = call.attribute("callbackId");
        boolean callback = callbackId != null && !callbackId.isBlank();
        SurveyChannel channel = callback ? SurveyChannel.CALLBACK : SurveyChannel.PHONE;
        String reference = callback ? callbackId : call.contactId();
        String siteId = call.attribute("siteId");
        String themeId = call.attribute("theme") != null ? call.attribute("theme") : call.attribute("themeId");
        ZoneId zone = siteId == null || siteId.isBlank() || siteId.length() > 64 ? DEFAULT_ZONE
                : directory.site(territoryId, siteId).map(Site::zone).orElse(DEFAULT_ZONE);
        VoiceSurvey.Result result = survey.record(channel, reference, siteId, themeId, LocalDate.now(clock.withZone(zone)),
                call.parameter("score1"), call.parameter("score2"));
        Log.info("connect.survey.answer", Map.of("channel", channel.key(), "recorded", result.recorded(),
                "lowScore", result.low()));
        return Map.of("recorded", String.valueOf(result.recorded()), "lowScore", String.valueOf(result.low()),
                "prompt", result.prompt());
    }

    /** Two keys about a site of the territory (the site's read, the answer's write, stopped while priming). */
    @Override
    protected List<Map<String, Object>> primingCalls() {
        return List.of(primingCall(Map.of("siteId", voices.defaultVoice().rules().defaultSiteId()), Map.of("score1", "5", "score2", "4")));
    }

    @Override
    protected Map<String, String> safeRoute() {
        return Map.of("recorded", "false", "lowScore", "false", "prompt", VoiceSurvey.SKIPPED);
    }
}
