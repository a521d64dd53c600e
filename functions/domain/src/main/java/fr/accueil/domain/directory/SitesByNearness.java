package fr.accueil.domain.directory;

import java.text.Collator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The sites in the order a citizen of a postcode wants them: those serving the postcode first (one at the postcode
 * itself before the others, then by name), then the others by great-circle distance from the nearest serving site,
 * and last, by name, those whose distance is unknown (no coordinates, or no serving site has any). The directory
 * knows no postcode's position, only its sites': the serving sites stand for where the citizen lives.
 */
public final class SitesByNearness {

    /** A site in that order, whether it serves the postcode, and its distance from the serving sites (0 when it does). */
    public record Ranked(Site site, boolean serving, OptionalDouble kilometres) {
    }

    private SitesByNearness() {
    }

    public static List<Ranked> order(List<Site> sites, String postcode) {
        List<Site> serving = sites.stream().filter(site -> site.postcodesServed().contains(postcode)).toList();
        List<GeoPoint> from = serving.stream().map(Site::location).filter(Objects::nonNull).toList();
        List<Ranked> ranked = new ArrayList<>();
        for (Site site : sites) {
            boolean serves = serving.contains(site);
            OptionalDouble km = serves ? OptionalDouble.of(0)
                    : site.location() == null ? OptionalDouble.empty()
                    : from.stream().mapToDouble(point -> point.kilometresTo(site.location())).min();
            ranked.add(new Ranked(site, serves, km));
        }
        ranked.sort(Comparator.comparing((Ranked r) -> !r.serving())
                .thenComparing(r -> !(r.serving() && r.site().address().postcode().equals(postcode)))
                .thenComparing(r -> r.kilometres().isEmpty())
                .thenComparingDouble(r -> r.kilometres().orElse(0))
                .thenComparing(r -> r.site().name(), Collator.getInstance(Locale.FRENCH))
                .thenComparing(r -> r.site().id()));
        return List.copyOf(ranked);
    }
}
