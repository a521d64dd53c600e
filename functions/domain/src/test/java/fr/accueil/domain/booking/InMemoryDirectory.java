package fr.accueil.domain.booking;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/** One territory's directory in lists; saving replaces by id. */
public final class InMemoryDirectory implements DirectoryStore {
    /** Every territory's areas: the index is shared by the territories of a regional number. */
    public final java.util.Map<String, String> postcodeAreas = new java.util.TreeMap<>();
    private final List<Site> sites = new ArrayList<>();
    private final List<Partner> partners = new ArrayList<>();
    private final List<Theme> themes = new ArrayList<>();
    private final List<Permanence> permanences = new ArrayList<>();
    private String territoryName;

    @Override
    public List<Site> sites(String territoryId) {
        return List.copyOf(sites);
    }

    @Override
    public Optional<Site> site(String territoryId, String siteId) {
        return sites.stream().filter(s -> s.id().equals(siteId)).findFirst();
    }

    @Override
    public List<Partner> partners(String territoryId) {
        return List.copyOf(partners);
    }

    @Override
    public List<Theme> themes(String territoryId) {
        return List.copyOf(themes);
    }

    @Override
    public List<Permanence> permanences(String territoryId) {
        return List.copyOf(permanences);
    }

    @Override
    public void save(String territoryId, Site site) {
        replace(sites, site, Site::id);
    }

    @Override
    public void save(String territoryId, Partner partner) {
        replace(partners, partner, Partner::id);
    }

    @Override
    public void save(String territoryId, Theme theme) {
        replace(themes, theme, Theme::id);
    }

    @Override
    public void save(String territoryId, Permanence permanence) {
        replace(permanences, permanence, Permanence::id);
    }

    @Override
    public void deleteSite(String territoryId, String siteId) {
        sites.removeIf(site -> site.id().equals(siteId));
    }

    @Override
    public void deletePartner(String territoryId, String partnerId) {
        partners.removeIf(partner -> partner.id().equals(partnerId));
    }

    @Override
    public void deleteTheme(String territoryId, String themeId) {
        themes.removeIf(theme -> theme.id().equals(themeId));
    }

    @Override
    public void deletePermanence(String territoryId, String permanenceId) {
        permanences.removeIf(permanence -> permanence.id().equals(permanenceId));
    }

    @Override
    public Optional<String> territoryName(String territoryId) {
        return Optional.ofNullable(territoryName);
    }

    @Override
    public void saveTerritoryName(String territoryId, String name) {
        territoryName = name;
    }

    @Override
    public fr.accueil.domain.directory.PostcodeIndex postcodeIndex() {
        return new fr.accueil.domain.directory.PostcodeIndex(postcodeAreas);
    }

    @Override
    public void savePostcodeArea(String area, String territoryId) {
        postcodeAreas.put(area, territoryId);
    }

    @Override
    public void deletePostcodeArea(String area) {
        postcodeAreas.remove(area);
    }

    private static <T> void replace(List<T> items, T item, Function<T, String> id) {
        items.removeIf(existing -> id.apply(existing).equals(id.apply(item)));
        items.add(item);
    }
}
