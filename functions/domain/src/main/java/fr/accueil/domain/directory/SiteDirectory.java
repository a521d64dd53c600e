package fr.accueil.domain.directory;

import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What citizens may read of the directory: sites in French alphabetical order. Built on several territories (a
 * regional number's, for its callbacks), it reads each in turn: a site is the first territory's holding its id.
 */
public final class SiteDirectory {
    private static final Comparator<Site> BY_NAME =
            Comparator.comparing(Site::name, Collator.getInstance(Locale.FRENCH));

    private final DirectoryStore store;
    private final Supplier<List<String>> territoryIds;

    public SiteDirectory(DirectoryStore store, String territoryId) {
        this(store, () -> List.of(territoryId));
    }

    /** @param territoryIds the territories read, the stack's own first (its sites are found with one read) */
    public SiteDirectory(DirectoryStore store, Supplier<List<String>> territoryIds) {
        this.store = store;
        this.territoryIds = territoryIds;
    }

    public List<Site> sites() {
        return territoryIds.get().stream().flatMap(id -> store.sites(id).stream()).sorted(BY_NAME).toList();
    }

    /** The sites as a citizen of that postcode wants them ({@link SitesByNearness}). */
    public List<SitesByNearness.Ranked> nearest(String postcode) {
        return SitesByNearness.order(sites(), postcode);
    }

    public Optional<Site> site(String siteId) {
        return territoryIds.get().stream().map(id -> store.site(id, siteId)).flatMap(Optional::stream).findFirst();
    }

    /** The permanences held at a site, for its public page. */
    public List<Permanence> permanences(String siteId) {
        List<String> ids = territoryIds.get();
        String territoryId = ids.size() == 1 ? ids.get(0) : site(siteId).map(Site::territoryId).orElse(ids.get(0));
        return store.permanences(territoryId).stream().filter(p -> p.siteId().equals(siteId)).toList();
    }
}
