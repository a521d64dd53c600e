package fr.accueil.handlers.api;

import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Where a slot or an appointment is held, for the JSON answers: the stop's address for a mobile site (the bus is
 * somewhere else every day), the site's own otherwise. One directory read per site and answer.
 */
final class Places {
    private final DirectoryStore directory;
    private final String territoryId;
    private final Map<String, Optional<Site>> sites = new HashMap<>();

    Places(DirectoryStore directory, String territoryId) {
        this.directory = directory;
        this.territoryId = territoryId;
    }

    /** The place at that time; empty for a site the directory no longer has. */
    Optional<Map<String, Object>> at(String siteId, ZonedDateTime start) {
        return sites.computeIfAbsent(siteId, id -> directory.site(territoryId, id))
                .map(site -> SiteJson.address(site.placeAt(start)));
    }

    /** The place as a JSON field of an answer, when known. */
    void put(Map<String, Object> json, String siteId, ZonedDateTime start) {
        at(siteId, start).ifPresent(place -> json.put("place", place));
    }
}
