package fr.accueil.domain.directory;

import java.time.ZoneId;
import java.util.List;
import java.util.Objects;

/**
 * A counter where citizens are received. Dates and hours are the site's own: an overseas
 * site has its own time zone.
 *
 * @param postcodesServed the postcodes of the communes this site serves, for search by postcode
 * @param queue           the Amazon Connect queue key of the site's agents (a key of the queue map)
 */
public record Site(
        String id,
        String territoryId,
        String name,
        Address address,
        List<String> postcodesServed,
        ZoneId zone,
        WeeklyHours hours,
        List<Closure> closures,
        String phone,
        String queue) {

    public Site {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(territoryId, "territoryId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hours, "hours");
        postcodesServed = List.copyOf(postcodesServed);
        closures = List.copyOf(closures);
    }

    /** Moselle, Bas-Rhin and Haut-Rhin keep Good Friday and 26 December as public holidays. */
    public boolean inAlsaceMoselle() {
        String dep = address.departement();
        return dep.equals("57") || dep.equals("67") || dep.equals("68");
    }
}
