package fr.accueil.handlers;

import fr.accueil.domain.contact.Contact;
import fr.accueil.domain.contact.ContactStore;
import fr.accueil.domain.contact.Interaction;
import fr.accueil.domain.stats.Histogram;
import fr.accueil.domain.stats.QualityCounters;
import fr.accueil.domain.stats.StatsScope;
import fr.accueil.domain.stats.Tally;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The contact store every function uses: once an event is stored (and counted), the same counters leave
 * as CloudWatch metrics ({@link Metrics}), so dashboards and alarms see what {@code GET /api/stats} sees.
 * Histogram buckets stay in the statistics; the durations they come from are sent as values instead,
 * which CloudWatch can take percentiles of.
 */
public final class MeteredContactStore implements ContactStore {
    private final ContactStore store;
    private final QualityCounters counters;

    public MeteredContactStore(ContactStore store, QualityCounters counters) {
        this.store = store;
        this.counters = counters;
    }

    @Override
    public Optional<Contact> find(String phone) {
        return store.find(phone);
    }

    @Override
    public void save(Contact contact) {
        store.save(contact);
    }

    /** Metrics only for an event the store kept: a replayed event is neither stored nor measured twice. */
    @Override
    public boolean record(Interaction interaction) {
        if (!store.record(interaction)) {
            return false;
        }
        Tally tally = counters.of(interaction);
        List<Metrics.Metric> metrics = new ArrayList<>();
        tally.counters().forEach((name, value) -> {
            if (!Histogram.isBucket(name)) {
                metrics.add(Metrics.Metric.count(name, value));
            }
        });
        tally.measures().forEach((name, value) -> metrics.add(new Metrics.Metric(name, value, "None")));
        Metrics.emit("quality." + interaction.kind(), Metrics.QUALITY, dimensions(tally), metrics,
                Map.of("channel", interaction.channel()));
        return true;
    }

    @Override
    public List<Interaction> history(String phone, int limit) {
        return store.history(phone, limit);
    }

    static Map<String, String> dimensions(Tally tally) {
        StatsScope subject = tally.subject();
        Map<String, String> dimensions = new LinkedHashMap<>();
        dimensions.put("Territory", tally.territoryId());
        if (subject.siteId() != null) {
            dimensions.put("Site", subject.siteId());
        }
        if (subject.partnerId() != null) {
            dimensions.put("Partner", subject.partnerId());
        }
        if (subject.themeId() != null) {
            dimensions.put("Theme", subject.themeId());
        }
        return dimensions;
    }
}
