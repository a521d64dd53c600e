package fr.accueil.handlers.api;

import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.routing.QueueLoad;
import fr.accueil.domain.routing.QueueMetrics;
import fr.accueil.handlers.TerritoryVoice;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * How many callers are waiting now in the queues of an agents' callback list: the site's own queue and, when the
 * list is filtered on a theme, the theme's. From the queue load port (Amazon Connect's GetCurrentMetricData, kept
 * 5 s per queue; locally the simulated load); a load that cannot be read is given as unknown, never as zero.
 */
final class WaitingCallers {
    private final TerritoryVoice voice;
    private final QueueLoad load;

    WaitingCallers(TerritoryVoice voice, QueueLoad load) {
        this.voice = voice;
        this.load = load;
    }

    List<Map<String, Object>> of(String siteId, String themeId) {
        Set<String> queues = new LinkedHashSet<>();
        voice.site(siteId).map(Site::queue).ifPresent(queues::add);
        Optional.ofNullable(themeId).flatMap(voice::theme).map(Theme::queue).ifPresent(queues::add);
        List<Map<String, Object>> waiting = new ArrayList<>();
        for (String queue : queues) {
            Optional<QueueMetrics> metrics = load.current(queue);
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("queue", queue);
            json.put("known", metrics.isPresent());
            json.put("callersWaiting", metrics.map(QueueMetrics::contactsInQueue).orElse(null));
            json.put("oldestWaitSeconds", metrics.map(m -> m.oldestContactAge().toSeconds()).orElse(null));
            waiting.add(json);
        }
        return waiting;
    }
}
