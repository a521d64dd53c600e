package fr.accueil.domain.directory;

import java.util.List;
import java.util.Optional;

/** Port: the territory's directory of sites, partners, themes and permanences. */
public interface DirectoryStore {
    List<Site> sites(String territoryId);

    Optional<Site> site(String territoryId, String siteId);

    /**
     * The ids of the sites serving a postcode. The default reads every site; stores with a postcode index
     * answer from it.
     */
    default List<String> siteIdsServing(String territoryId, String postcode) {
        return sites(territoryId).stream().filter(site -> site.postcodesServed().contains(postcode)).map(Site::id).toList();
    }

    /**
     * The postcodes of a commune the directory knows (the communes of its sites' and stops' addresses), the name
     * compared by {@link Address#communeKey(String)}; several when two communes share a name. The default reads
     * every site; stores with a commune index answer from it.
     */
    default List<String> postcodesOfCommune(String territoryId, String commune) {
        String key = Address.communeKey(commune);
        return sites(territoryId).stream().flatMap(site -> site.places().stream())
                .filter(place -> place.communeKey().equals(key)).map(Address::postcode).distinct().sorted().toList();
    }

    List<Partner> partners(String territoryId);

    List<Theme> themes(String territoryId);

    List<Permanence> permanences(String territoryId);

    /** One partner; a store that can read it by key does, rather than listing them all. */
    default Optional<Partner> partner(String territoryId, String partnerId) {
        return partners(territoryId).stream().filter(partner -> partner.id().equals(partnerId)).findFirst();
    }

    /** One permanence; a store that can read it by key does, rather than listing them all. */
    default Optional<Permanence> permanence(String territoryId, String permanenceId) {
        return permanences(territoryId).stream().filter(permanence -> permanence.id().equals(permanenceId)).findFirst();
    }

    void save(String territoryId, Site site);

    void save(String territoryId, Partner partner);

    void save(String territoryId, Theme theme);

    void save(String territoryId, Permanence permanence);

    /** Removes the site and what finds it (its postcodes' and communes' entries); its closures and stops go with it. */
    void deleteSite(String territoryId, String siteId);

    void deletePartner(String territoryId, String partnerId);

    void deleteTheme(String territoryId, String themeId);

    void deletePermanence(String territoryId, String permanenceId);

    /** The territory's name as its file gives it, when one was imported. */
    Optional<String> territoryName(String territoryId);

    void saveTerritoryName(String territoryId, String name);

    /** Every territory's areas of a regional number (postcodes and départements), as their files declare them. */
    PostcodeIndex postcodeIndex();

    /** Declares that the territory serves the area (a postcode or a département), replacing any previous owner. */
    void savePostcodeArea(String area, String territoryId);

    void deletePostcodeArea(String area);
}
