package fr.accueil.handlers.api;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.TimeRange;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** The public JSON form of a site. */
final class SiteJson {
    private SiteJson() {
    }

    static Map<String, Object> of(Site site) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", site.id());
        json.put("name", site.name());
        json.put("address", address(site.address()));
        json.put("postcodesServed", site.postcodesServed());
        json.put("timeZone", site.zone().getId());
        if (site.location() != null) {
            json.put("location", Map.of("latitude", site.location().latitude(), "longitude", site.location().longitude()));
        }
        Map<String, Object> hours = new LinkedHashMap<>();
        site.hours().days().forEach((day, ranges) ->
                hours.put(day.name().toLowerCase(Locale.ROOT), ranges.stream().map(TimeRange::toString).toList()));
        json.put("hours", hours);
        json.put("closures", site.closures().stream().map(c -> Map.of(
                "from", c.from().toString(), "to", c.to().toString(), "reason", c.reason())).toList());
        if (site.phone() != null) {
            json.put("phone", site.phone());
        }
        if (site.mobile()) {
            json.put("mobile", true);
            json.put("stops", site.stops().stream().map(stop -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("date", stop.date().toString());
                item.put("hours", stop.hours().toString());
                item.put("address", address(stop.address()));
                item.put("cancelled", stop.cancelled());
                return item;
            }).toList());
        }
        return json;
    }

    static Map<String, Object> address(Address address) {
        return Map.of("street", address.street(), "postcode", address.postcode(), "city", address.city());
    }
}
