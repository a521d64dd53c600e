package fr.accueil.domain.directory;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A counter where citizens are received. Dates and hours are the site's own: an overseas
 * site has its own time zone.
 *
 * @param postcodesServed the postcodes of the communes this site serves, for search by postcode
 * @param queue           the Amazon Connect queue key of the site's agents (a key of the queue map)
 * @param mobile          a mobile site (a bus): permanences held there are held only at its {@code stops}
 * @param stops           a mobile site's schedule; empty for a site with a fixed address
 * @param location        where the site stands (a mobile site: its base), or null: to order sites by nearness
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
        String queue,
        boolean mobile,
        List<Stop> stops,
        GeoPoint location) {

    public Site {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(territoryId, "territoryId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(hours, "hours");
        postcodesServed = List.copyOf(postcodesServed);
        closures = List.copyOf(closures);
        stops = List.copyOf(stops);
        if (!mobile && !stops.isEmpty()) {
            throw new IllegalArgumentException("site " + id + " has stops but is not mobile");
        }
        // A mobile site serves the communes it stops in: its postcode entries find it from there.
        Set<String> served = new LinkedHashSet<>(postcodesServed);
        stops.forEach(stop -> served.add(stop.address().postcode()));
        postcodesServed = List.copyOf(served);
    }

    /** A site whose position is not known. */
    public Site(String id, String territoryId, String name, Address address, List<String> postcodesServed, ZoneId zone,
            WeeklyHours hours, List<Closure> closures, String phone, String queue, boolean mobile, List<Stop> stops) {
        this(id, territoryId, name, address, postcodesServed, zone, hours, closures, phone, queue, mobile, stops, null);
    }

    /** A site with a fixed address. */
    public Site(String id, String territoryId, String name, Address address, List<String> postcodesServed, ZoneId zone,
            WeeklyHours hours, List<Closure> closures, String phone, String queue) {
        this(id, territoryId, name, address, postcodesServed, zone, hours, closures, phone, queue, false, List.of());
    }

    /** Where citizens are received, each address once: the site's own, then its stops' (a mobile site's round). */
    public List<Address> places() {
        Set<Address> places = new LinkedHashSet<>();
        places.add(address);
        stops.forEach(stop -> places.add(stop.address()));
        return List.copyOf(places);
    }

    /** The stops held on that date (none cancelled), in the order of the schedule. */
    public List<Stop> stopsOn(LocalDate date) {
        return stops.stream().filter(stop -> stop.date().equals(date) && !stop.cancelled()).toList();
    }

    /**
     * Where citizens are received at that time: the stop's address for a mobile site (a cancelled stop's too,
     * to tell its citizens what was cancelled), the site's address otherwise.
     */
    public Address placeAt(ZonedDateTime start) {
        ZonedDateTime local = start.withZoneSameInstant(zone);
        return stops.stream()
                .filter(stop -> stop.covers(local.toLocalDate(), local.toLocalTime()))
                .min((a, b) -> Boolean.compare(a.cancelled(), b.cancelled()))
                .map(Stop::address)
                .orElse(address);
    }

    /** The same site with the stops of that date cancelled. */
    public Site withStopsCancelledOn(LocalDate date) {
        return new Site(id, territoryId, name, address, postcodesServed, zone, hours, closures, phone, queue, mobile,
                stops.stream().map(stop -> stop.date().equals(date) ? stop.asCancelled() : stop).toList(), location);
    }

    /** Moselle, Bas-Rhin and Haut-Rhin keep Good Friday and 26 December as public holidays. */
    public boolean inAlsaceMoselle() {
        String dep = address.departement();
        return dep.equals("57") || dep.equals("67") || dep.equals("68");
    }
}
