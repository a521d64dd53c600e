package fr.accueil.storage.dynamodb;

import static fr.accueil.storage.dynamodb.Items.integer;
import static fr.accueil.storage.dynamodb.Items.n;
import static fr.accueil.storage.dynamodb.Items.s;
import static fr.accueil.storage.dynamodb.Items.string;
import static fr.accueil.storage.dynamodb.Items.stringList;
import static fr.accueil.storage.dynamodb.Items.strings;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.GeoPoint;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Item mapping of the directory's records (hand-written, see {@link Items}). */
final class DirectoryItems {
    static final String SITE = "SITE#";
    static final String PARTNER = "PARTNER#";
    static final String THEME = "THEME#";
    static final String PERMANENCE = "PERMANENCE#";
    /** The territory's own item (its name), beside its MENU and ROUTING. */
    static final String TERRITORY = "TERRITORY";
    /**
     * The one partition of the regional number's postcode index, every territory's areas in it ({@code AREA#57070}):
     * one Query reads the whole index, which the entry function keeps a minute and an import checks for areas
     * another territory holds.
     */
    static final String REGION = "REGION";
    static final String AREA = "AREA#";

    private DirectoryItems() {
    }

    static String territoryKey(String territoryId) {
        return "TERRITORY#" + territoryId;
    }

    static String postcodeKey(String territoryId, String postcode) {
        return "POSTCODE#" + territoryId + "#" + postcode;
    }

    /** The partition of a commune's entries: one per (site, postcode) where the commune has a place of the site. */
    static String communeKey(String territoryId, String communeKey) {
        return "COMMUNE#" + territoryId + "#" + communeKey;
    }

    static String siteKey(String territoryId, String siteId) {
        return SITE + territoryId + "#" + siteId;
    }

    static Map<String, AttributeValue> site(Site site) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, s(territoryKey(site.territoryId())));
        item.put(Items.SK, s(SITE + site.id()));
        item.put("id", s(site.id()));
        item.put("name", s(site.name()));
        item.put("street", s(site.address().street()));
        item.put("postcode", s(site.address().postcode()));
        item.put("city", s(site.address().city()));
        item.put("postcodesServed", strings(site.postcodesServed()));
        item.put("zone", s(site.zone().getId()));
        Map<String, AttributeValue> hours = new HashMap<>();
        site.hours().days().forEach((day, ranges) ->
                hours.put(day.name(), strings(ranges.stream().map(TimeRange::toString).toList())));
        item.put("hours", AttributeValue.fromM(hours));
        item.put("closures", AttributeValue.fromL(site.closures().stream().map(c -> AttributeValue.fromM(Map.of(
                "from", s(c.from().toString()), "to", s(c.to().toString()), "reason", s(c.reason())))).toList()));
        if (site.phone() != null) {
            item.put("phone", s(site.phone()));
        }
        if (site.queue() != null) {
            item.put("queue", s(site.queue()));
        }
        if (site.location() != null) {
            item.put("latitude", AttributeValue.fromN(java.math.BigDecimal.valueOf(site.location().latitude()).toPlainString()));
            item.put("longitude", AttributeValue.fromN(java.math.BigDecimal.valueOf(site.location().longitude()).toPlainString()));
        }
        if (site.mobile()) {
            item.put("mobile", AttributeValue.fromBool(true));
            item.put("stops", AttributeValue.fromL(site.stops().stream().map(stop -> AttributeValue.fromM(Map.of(
                    "date", s(stop.date().toString()), "hours", s(stop.hours().toString()),
                    "street", s(stop.address().street()), "postcode", s(stop.address().postcode()),
                    "city", s(stop.address().city()), "cancelled", AttributeValue.fromBool(stop.cancelled()))))
                    .toList()));
        }
        return item;
    }

    static Site site(String territoryId, Map<String, AttributeValue> item) {
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        Items.map(item, "hours").orElse(Map.of()).forEach((day, ranges) ->
                hours.put(DayOfWeek.valueOf(day), ranges.l().stream().map(r -> TimeRange.parse(r.s())).toList()));
        List<Closure> closures = item.containsKey("closures")
                ? item.get("closures").l().stream().map(c -> new Closure(
                        LocalDate.parse(c.m().get("from").s()), LocalDate.parse(c.m().get("to").s()),
                        c.m().get("reason").s())).toList()
                : List.of();
        return new Site(string(item, "id"), territoryId, string(item, "name"),
                new Address(string(item, "street"), string(item, "postcode"), string(item, "city")),
                stringList(item, "postcodesServed"), ZoneId.of(string(item, "zone")), new WeeklyHours(hours),
                closures, string(item, "phone"), string(item, "queue"),
                item.containsKey("mobile") && Boolean.TRUE.equals(item.get("mobile").bool()), stops(item),
                item.containsKey("latitude") ? new GeoPoint(Double.parseDouble(item.get("latitude").n()),
                        Double.parseDouble(item.get("longitude").n())) : null);
    }

    private static List<Stop> stops(Map<String, AttributeValue> item) {
        return item.containsKey("stops")
                ? item.get("stops").l().stream().map(AttributeValue::m).map(stop -> new Stop(
                        LocalDate.parse(stop.get("date").s()), TimeRange.parse(stop.get("hours").s()),
                        new Address(stop.get("street").s(), stop.get("postcode").s(), stop.get("city").s()),
                        Boolean.TRUE.equals(stop.get("cancelled").bool()))).toList()
                : List.of();
    }

    static Map<String, AttributeValue> partner(String territoryId, Partner partner) {
        return Map.of(Items.PK, s(territoryKey(territoryId)), Items.SK, s(PARTNER + partner.id()),
                "id", s(partner.id()), "name", s(partner.name()), "description", s(partner.description()),
                "themeIds", strings(partner.themeIds()));
    }

    static Partner partner(Map<String, AttributeValue> item) {
        return new Partner(string(item, "id"), string(item, "name"), string(item, "description"),
                stringList(item, "themeIds"));
    }

    static Map<String, AttributeValue> theme(String territoryId, Theme theme) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(Items.PK, s(territoryKey(territoryId)), Items.SK, s(THEME + theme.id()),
                "id", s(theme.id()), "label", s(theme.label()), "queue", s(theme.queue())));
        if (theme.internal()) {
            item.put("internal", AttributeValue.fromBool(true));
        }
        if (!theme.documents().isEmpty()) {
            item.put("documents", strings(theme.documents()));
        }
        return item;
    }

    static Theme theme(Map<String, AttributeValue> item) {
        return new Theme(string(item, "id"), string(item, "label"), string(item, "queue"),
                item.containsKey("internal") && Boolean.TRUE.equals(item.get("internal").bool()), stringList(item, "documents"));
    }

    static Map<String, AttributeValue> permanence(String territoryId, Permanence p) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.PK, s(territoryKey(territoryId)));
        item.put(Items.SK, s(PERMANENCE + p.id()));
        item.put("sitePk", s(siteKey(territoryId, p.siteId())));
        item.put("siteSk", s(PERMANENCE + p.id()));
        item.put("id", s(p.id()));
        item.put("partnerId", s(p.partnerId()));
        item.put("siteId", s(p.siteId()));
        item.put("themeIds", strings(p.themeIds()));
        item.put("recurrence", AttributeValue.fromM(recurrence(p.recurrence())));
        item.put("window", s(p.window().toString()));
        item.put("slotMinutes", n(p.slotMinutes()));
        item.put("capacity", n(p.capacity()));
        item.put("minNotice", s(p.minNotice().toString()));
        item.put("horizonDays", n(p.horizonDays()));
        if (p.validFrom() != null) {
            item.put("validFrom", s(p.validFrom().toString()));
        }
        if (p.validUntil() != null) {
            item.put("validUntil", s(p.validUntil().toString()));
        }
        item.put("cancelledDates", strings(p.cancelledDates().stream().map(LocalDate::toString).sorted().toList()));
        if (p.walkInPlaces() > 0) {
            item.put("walkInPlaces", n(p.walkInPlaces()));
        }
        return item;
    }

    static Permanence permanence(Map<String, AttributeValue> item) {
        String validFrom = string(item, "validFrom");
        String validUntil = string(item, "validUntil");
        return new Permanence(string(item, "id"), string(item, "partnerId"), string(item, "siteId"),
                stringList(item, "themeIds"), recurrence(item.get("recurrence").m()),
                TimeRange.parse(string(item, "window")), integer(item, "slotMinutes", 0),
                integer(item, "capacity", 0), Duration.parse(string(item, "minNotice")),
                integer(item, "horizonDays", 0),
                validFrom == null ? null : LocalDate.parse(validFrom),
                validUntil == null ? null : LocalDate.parse(validUntil),
                stringList(item, "cancelledDates").stream().map(LocalDate::parse).collect(Collectors.toSet()),
                integer(item, "walkInPlaces", 0));
    }

    private static Map<String, AttributeValue> recurrence(Recurrence recurrence) {
        if (recurrence instanceof Recurrence.Weekly weekly) {
            return Map.of("kind", s("weekly"),
                    "days", strings(weekly.days().stream().sorted().map(DayOfWeek::name).toList()),
                    "everyWeeks", n(weekly.everyWeeks()), "anchor", s(weekly.anchor().toString()));
        }
        Recurrence.MonthlyNthWeekday monthly = (Recurrence.MonthlyNthWeekday) recurrence;
        return Map.of("kind", s("monthly"), "day", s(monthly.day().name()),
                "ordinals", AttributeValue.fromL(monthly.ordinals().stream().map(o -> n(o)).toList()));
    }

    private static Recurrence recurrence(Map<String, AttributeValue> item) {
        if ("weekly".equals(string(item, "kind"))) {
            Set<DayOfWeek> days = stringList(item, "days").stream().map(DayOfWeek::valueOf).collect(Collectors.toSet());
            return new Recurrence.Weekly(days, integer(item, "everyWeeks", 1), LocalDate.parse(string(item, "anchor")));
        }
        return new Recurrence.MonthlyNthWeekday(DayOfWeek.valueOf(string(item, "day")),
                item.get("ordinals").l().stream().map(o -> Integer.parseInt(o.n())).toList());
    }
}
