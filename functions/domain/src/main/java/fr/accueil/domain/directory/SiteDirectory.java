package fr.accueil.domain.directory;

import fr.accueil.domain.booking.Permanence;
import java.text.Collator;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** What citizens may read of the directory: sites in French alphabetical order. */
public final class SiteDirectory {
    private static final Comparator<Site> BY_NAME =
            Comparator.comparing(Site::name, Collator.getInstance(Locale.FRENCH));

    private final DirectoryStore store;
    private final String territoryId;

    public SiteDirectory(DirectoryStore store, String territoryId) {
        this.store = store;
        this.territoryId = territoryId;
    }

    public List<Site> sites() {
        return store.sites(territoryId).stream().sorted(BY_NAME).toList();
    }

    public Optional<Site> site(String siteId) {
        return store.site(territoryId, siteId);
    }

    /** The permanences held at a site, for its public page. */
    public List<Permanence> permanences(String siteId) {
        return store.permanences(territoryId).stream().filter(p -> p.siteId().equals(siteId)).toList();
    }
}
