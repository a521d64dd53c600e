package fr.accueil.domain.territory;

import fr.accueil.domain.directory.Address;
import fr.accueil.domain.directory.Closure;
import fr.accueil.domain.directory.GeoPoint;
import fr.accueil.domain.directory.Partner;
import fr.accueil.domain.directory.Permanence;
import fr.accueil.domain.directory.PostcodeIndex;
import fr.accueil.domain.directory.Recurrence;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Stop;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.directory.TimeRange;
import fr.accueil.domain.directory.WeeklyHours;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.menu.MenuFormat;
import fr.accueil.domain.menu.MenuNode;
import fr.accueil.domain.menu.MenuOption;
import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.domain.tree.TreeReader;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A territory as one document (format in docs/operations.md, Territory file; schema in seed/territory.schema.json).
 * Reading checks everything before anything is built: each problem comes back with its path in the document
 * ("permanences[3].capacity") and a French message, all at once, so a coordinator mends the file in one go and
 * nothing is written from a file with any problem.
 */
public final class TerritoryFormat {
    /** Ids travel in keys, URLs and contact attributes: short, lower case, words joined by hyphens. */
    private static final Pattern ID = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
    private static final int ID_MAX = 64;
    /** Five digits, of a département that exists: 01 to 95 in metropolitan France (20 for Corsica), 97x and 98x overseas. */
    private static final Pattern POSTCODE = Pattern.compile("(0[1-9]|[1-8][0-9]|9[0-5]|97|98)[0-9]{3}");
    private static final Set<String> ROOT_FIELDS = Set.of("territory", "sites", "themes", "partners", "permanences", "menu", "routing");
    private static final Set<String> TERRITORY_FIELDS = Set.of("id", "name", "postcodes");
    private static final Set<String> SITE_FIELDS = Set.of("id", "name", "mobile", "address", "location", "postcodesServed",
            "timeZone", "phone", "queue", "hours", "closures", "roundWeeks", "stopRound");
    private static final Set<String> LOCATION_FIELDS = Set.of("latitude", "longitude");
    private static final Set<String> ADDRESS_FIELDS = Set.of("street", "postcode", "city");
    private static final Set<String> CLOSURE_FIELDS = Set.of("from", "to", "reason");
    private static final Set<String> STOP_FIELDS = Set.of("day", "hours", "address");
    private static final Set<String> THEME_FIELDS = Set.of("id", "label", "queue", "internal", "documents");
    /** What to bring: a few short lines a confirmation and an SMS can carry. */
    private static final int MAX_DOCUMENTS = 10, MAX_DOCUMENT_LENGTH = 150;
    private static final Set<String> PARTNER_FIELDS = Set.of("id", "name", "description", "themeIds");
    private static final Set<String> PERMANENCE_FIELDS = Set.of("id", "partnerId", "siteId", "themeIds", "recurrence", "window",
            "slotMinutes", "capacity", "minNotice", "horizonDays", "walkInPlaces", "validFrom", "validUntil", "cancelledDates");
    private static final Set<String> WEEKLY_FIELDS = Set.of("kind", "days", "everyWeeks");
    private static final Set<String> MONTHLY_FIELDS = Set.of("kind", "day", "ordinals");

    /**
     * The week "everyWeeks" counts from when a permanence has no validFrom: a fixed Monday, not the day of import,
     * so that a fortnightly permanence keeps its weeks whatever day the file is imported again.
     */
    static final LocalDate WEEKS_COUNTED_FROM = LocalDate.of(2024, 1, 1);

    private final TreeReader reader = new TreeReader("Territoire");
    private final LocalDate today;

    private TerritoryFormat(LocalDate today) {
        this.today = today;
    }

    /**
     * @param today the day of reading: a mobile site's round is laid out from it (nothing else depends on it)
     * @throws InvalidTreeException listing every problem of the document
     */
    public static Territory parse(Object tree, LocalDate today) {
        return new TerritoryFormat(today).read(tree);
    }

    /**
     * The territory as its document, optional fields left out when they hold their default:
     * {@code parse(toTree(t, today), today)} equals {@code t} for a territory read on that day. A mobile site's
     * stops from {@code today} on are written back as their weekly round (a cancelled stop as a planned one: the
     * document has no cancellations), its earlier stops are history and left out.
     */
    public static Map<String, Object> toTree(Territory territory, LocalDate today) {
        Map<String, Object> tree = new LinkedHashMap<>();
        Map<String, Object> head = new LinkedHashMap<>();
        head.put("id", territory.id());
        if (territory.name() != null) {
            head.put("name", territory.name());
        }
        if (!territory.postcodes().isEmpty()) {
            head.put("postcodes", territory.postcodes());
        }
        tree.put("territory", head);
        tree.put("sites", territory.sites().stream().map(site -> siteTree(site, today)).toList());
        tree.put("themes", territory.themes().stream().map(TerritoryFormat::themeTree).toList());
        tree.put("partners", territory.partners().stream().map(TerritoryFormat::partnerTree).toList());
        tree.put("permanences", territory.permanences().stream().map(TerritoryFormat::permanenceTree).toList());
        tree.put("menu", MenuFormat.toTree(territory.menu()));
        tree.put("routing", territory.routing().toTree());
        return tree;
    }

    private static Map<String, Object> siteTree(Site site, LocalDate today) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", site.id());
        tree.put("name", site.name());
        if (site.mobile()) {
            tree.put("mobile", true);
        }
        tree.put("address", addressTree(site.address()));
        if (site.location() != null) {
            tree.put("location", Map.of("latitude", site.location().latitude(), "longitude", site.location().longitude()));
        }
        List<Stop> round = site.stops().stream().filter(stop -> !stop.date().isBefore(today)).toList();
        List<String> served = explicitPostcodes(site.postcodesServed(), site.stops());
        if (!served.isEmpty()) {
            tree.put("postcodesServed", served);
        }
        tree.put("timeZone", site.zone().getId());
        if (site.phone() != null) {
            tree.put("phone", site.phone());
        }
        if (site.queue() != null) {
            tree.put("queue", site.queue());
        }
        Map<String, Object> hours = new LinkedHashMap<>();
        site.hours().days().forEach((day, ranges) -> hours.put(day.name(), ranges.stream().map(TimeRange::toString).toList()));
        tree.put("hours", hours);
        if (!site.closures().isEmpty()) {
            tree.put("closures", site.closures().stream().map(closure -> {
                Map<String, Object> item = new LinkedHashMap<>();
                item.put("from", closure.from().toString());
                item.put("to", closure.to().toString());
                if (!closure.reason().isEmpty()) {
                    item.put("reason", closure.reason());
                }
                return item;
            }).toList());
        }
        if (!round.isEmpty()) {
            // The round was laid out week by week from the day of reading: its last week is the one of its last stop.
            LocalDate last = round.stream().map(Stop::date).max(LocalDate::compareTo).orElseThrow();
            tree.put("roundWeeks", (int) (ChronoUnit.DAYS.between(today, last) / 7) + 1);
            Map<List<Object>, Map<String, Object>> entries = new LinkedHashMap<>();
            round.forEach(stop -> entries.computeIfAbsent(List.of(stop.date().getDayOfWeek(), stop.hours(), stop.address()), key -> {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("day", stop.date().getDayOfWeek().name());
                entry.put("hours", stop.hours().toString());
                entry.put("address", addressTree(stop.address()));
                return entry;
            }));
            tree.put("stopRound", List.copyOf(entries.values()));
        }
        return tree;
    }

    /**
     * The postcodes a site's document names: a site also serves where it stops, added after those named, so the
     * shortest head of the list that gives the list back once the stops' are added.
     */
    private static List<String> explicitPostcodes(List<String> served, List<Stop> stops) {
        for (int length = 0; length < served.size(); length++) {
            Set<String> rebuilt = new LinkedHashSet<>(served.subList(0, length));
            stops.forEach(stop -> rebuilt.add(stop.address().postcode()));
            if (List.copyOf(rebuilt).equals(served)) {
                return served.subList(0, length);
            }
        }
        return served;
    }

    private static Map<String, Object> addressTree(Address address) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("street", address.street());
        tree.put("postcode", address.postcode());
        tree.put("city", address.city());
        return tree;
    }

    private static Map<String, Object> themeTree(Theme theme) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", theme.id());
        tree.put("label", theme.label());
        tree.put("queue", theme.queue());
        if (theme.internal()) {
            tree.put("internal", true);
        }
        if (!theme.documents().isEmpty()) {
            tree.put("documents", theme.documents());
        }
        return tree;
    }

    private static Map<String, Object> partnerTree(Partner partner) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", partner.id());
        tree.put("name", partner.name());
        if (!partner.description().isEmpty()) {
            tree.put("description", partner.description());
        }
        tree.put("themeIds", partner.themeIds());
        return tree;
    }

    private static Map<String, Object> permanenceTree(Permanence permanence) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", permanence.id());
        tree.put("partnerId", permanence.partnerId());
        tree.put("siteId", permanence.siteId());
        tree.put("themeIds", permanence.themeIds());
        Map<String, Object> recurrence = new LinkedHashMap<>();
        if (permanence.recurrence() instanceof Recurrence.Weekly weekly) {
            recurrence.put("kind", "weekly");
            recurrence.put("days", weekly.days().stream().sorted().map(DayOfWeek::name).toList());
            recurrence.put("everyWeeks", weekly.everyWeeks());
        } else if (permanence.recurrence() instanceof Recurrence.MonthlyNthWeekday monthly) {
            recurrence.put("kind", "monthly");
            recurrence.put("day", monthly.day().name());
            recurrence.put("ordinals", monthly.ordinals());
        }
        tree.put("recurrence", recurrence);
        tree.put("window", permanence.window().toString());
        tree.put("slotMinutes", permanence.slotMinutes());
        tree.put("capacity", permanence.capacity());
        tree.put("minNotice", permanence.minNotice().toString());
        tree.put("horizonDays", permanence.horizonDays());
        if (permanence.walkInPlaces() > 0) {
            tree.put("walkInPlaces", permanence.walkInPlaces());
        }
        if (permanence.validFrom() != null) {
            tree.put("validFrom", permanence.validFrom().toString());
        }
        if (permanence.validUntil() != null) {
            tree.put("validUntil", permanence.validUntil().toString());
        }
        if (!permanence.cancelledDates().isEmpty()) {
            tree.put("cancelledDates", permanence.cancelledDates().stream().sorted().map(LocalDate::toString).toList());
        }
        return tree;
    }

    private Territory read(Object tree) {
        TreeReader.Node root = reader.root(tree);
        root.allowOnly(ROOT_FIELDS);
        TreeReader.Node territory = root.field("territory");
        territory.allowOnly(TERRITORY_FIELDS);
        String territoryId = id(territory.field("id"));
        if (territoryId.length() == 1 || territoryId.length() > 40) {
            territory.field("id").problem("identifiant de territoire de 2 à 40 caractères attendu (le paramètre TerritoryId du modèle)");
        }
        String name = territory.field("name").text();
        List<String> postcodes = areas(territory.field("postcodes"));

        // References are checked against the ids the document declares, so that a wrong site is told once, at the
        // site, and not again at each permanence held there.
        List<TreeReader.Node> themeNodes = root.field("themes").list();
        List<TreeReader.Node> siteNodes = root.field("sites").list();
        List<TreeReader.Node> partnerNodes = root.field("partners").optionalList();
        Set<String> themeIds = declaredIds(themeNodes);
        Set<String> siteIds = declaredIds(siteNodes);
        List<Theme> themes = items(themeNodes, "thème", this::theme);
        Map<String, Theme> themesById = new LinkedHashMap<>();
        themes.forEach(theme -> themesById.put(theme.id(), theme));
        List<Site> sites = items(siteNodes, "site", site -> site(site, territoryId));
        List<Partner> partners = items(partnerNodes, "partenaire", partner -> partner(partner, themeIds));
        Map<String, Partner> partnersById = new LinkedHashMap<>();
        partners.forEach(partner -> partnersById.put(partner.id(), partner));
        Set<String> partnerIds = declaredIds(partnerNodes);
        List<Permanence> permanences = items(root.field("permanences").optionalList(), "permanence",
                permanence -> permanence(permanence, partnerIds, partnersById, siteIds, themeIds));

        Optional<Menu> menu = nested(root.field("menu"), () -> MenuFormat.parse(root.field("menu").value()));
        menu.ifPresent(m -> checkMenuAgainstDirectory(m, themeIds, themesById, siteIds));
        Optional<RoutingRules> routing = nested(root.field("routing"), () -> RoutingRules.parse(root.field("routing").value()));
        routing.ifPresent(rules -> {
            if (!siteIds.contains(rules.defaultSiteId())) {
                reader.problem("routing.defaultSite", "le site « " + rules.defaultSiteId() + " » n’existe pas dans sites");
            }
            rules.menuStart().filter(start -> menu.isPresent() && !menu.get().nodes().containsKey(start))
                    .ifPresent(start -> reader.problem("routing.menuStart", "le nœud « " + start + " » n’existe pas dans menu.nodes"));
        });
        reader.throwIfProblems();
        return new Territory(territoryId, name, sites, themes, partners, permanences, menu.orElseThrow(), routing.orElseThrow(),
                postcodes);
    }

    /** The areas a territory serves on a regional number, each once, in order (an import compares them as a set). */
    private List<String> areas(TreeReader.Node node) {
        java.util.SortedSet<String> areas = new java.util.TreeSet<>();
        for (TreeReader.Node area : node.optionalList()) {
            String text = area.text();
            if (text.isEmpty()) {
                continue;
            }
            if (!PostcodeIndex.isArea(text)) {
                area.problem("code postal (57070) ou département (57, 974) attendu");
            } else if (!areas.add(text)) {
                area.problem("« " + text + " » figure deux fois");
            }
        }
        return List.copyOf(areas);
    }

    private static Set<String> declaredIds(List<TreeReader.Node> nodes) {
        Set<String> ids = new HashSet<>();
        nodes.forEach(node -> {
            if (node.field("id").value() instanceof String id) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** Reads each item; an id used twice is a problem at the second. Items with a problem are left out. */
    private <T> List<T> items(List<TreeReader.Node> nodes, String kind, java.util.function.Function<TreeReader.Node, Optional<T>> read) {
        Map<String, String> seen = new LinkedHashMap<>();
        List<T> items = new ArrayList<>();
        for (TreeReader.Node node : nodes) {
            Object id = node.field("id").value();
            if (id instanceof String text && seen.putIfAbsent(text, node.path()) != null) {
                node.field("id").problem("l’identifiant de " + kind + " « " + text + " » est déjà celui de " + seen.get(text));
            }
            read.apply(node).ifPresent(items::add);
        }
        return items;
    }

    /** Builds the item only when reading its fields found nothing wrong, so no constructor sees bad input. */
    private <T> Optional<T> built(int problemsBefore, Supplier<T> build) {
        return reader.problemCount() == problemsBefore ? Optional.of(build.get()) : Optional.empty();
    }

    private Optional<Theme> theme(TreeReader.Node node) {
        int before = reader.problemCount();
        node.allowOnly(THEME_FIELDS);
        String id = id(node.field("id"));
        String label = node.field("label").text();
        String queue = id(node.field("queue"));
        boolean internal = node.field("internal").bool(false);
        TreeReader.Node documentsNode = node.field("documents");
        List<TreeReader.Node> documentNodes = documentsNode.optionalList();
        if (documentNodes.size() > MAX_DOCUMENTS) {
            documentsNode.problem(MAX_DOCUMENTS + " documents au plus");
        }
        List<String> documents = documentNodes.stream().map(document -> {
            String text = document.text();
            if (text.length() > MAX_DOCUMENT_LENGTH) {
                document.problem(MAX_DOCUMENT_LENGTH + " caractères au plus");
            }
            return text;
        }).toList();
        return built(before, () -> new Theme(id, label, queue, internal, documents));
    }

    private Optional<Site> site(TreeReader.Node node, String territoryId) {
        int before = reader.problemCount();
        node.allowOnly(SITE_FIELDS);
        String id = id(node.field("id"));
        String name = node.field("name").text();
        boolean mobile = node.field("mobile").bool(false);
        Address address = address(node.field("address"));
        GeoPoint location = node.field("location").isPresent() ? location(node.field("location")) : null;
        List<String> served = new ArrayList<>();
        for (TreeReader.Node postcode : node.field("postcodesServed").optionalList()) {
            served.add(postcode(postcode));
        }
        ZoneId zone = zone(node.field("timeZone"));
        Optional<String> phone = node.field("phone").optionalText();
        phone.filter(number -> PhoneNumbers.toE164(number).isEmpty())
                .ifPresent(number -> node.field("phone").problem("numéro de téléphone français attendu (par ex. +33387000101)"));
        Optional<String> queue = node.field("queue").isPresent() ? Optional.of(id(node.field("queue"))) : Optional.empty();
        Map<DayOfWeek, List<TimeRange>> hours = new EnumMap<>(DayOfWeek.class);
        node.field("hours").entries().forEach((day, ranges) -> {
            DayOfWeek weekday = day(day, ranges);
            List<TimeRange> read = new ArrayList<>();
            ranges.optionalList().forEach(range -> timeRange(range).ifPresent(read::add));
            if (weekday != null) {
                hours.put(weekday, read);
            }
        });
        List<Closure> closures = new ArrayList<>();
        for (TreeReader.Node closure : node.field("closures").optionalList()) {
            closure.allowOnly(CLOSURE_FIELDS);
            Optional<LocalDate> from = date(closure.field("from"));
            Optional<LocalDate> to = date(closure.field("to"));
            String reason = closure.field("reason").optionalText().orElse("");
            if (from.isPresent() && to.isPresent()) {
                if (to.get().isBefore(from.get())) {
                    closure.field("to").problem("la fermeture finit (" + to.get() + ") avant de commencer (" + from.get() + ")");
                } else {
                    closures.add(new Closure(from.get(), to.get(), reason));
                }
            }
        }
        int weeks = node.field("roundWeeks").integer(0, 0, 52);
        List<TreeReader.Node> round = node.field("stopRound").optionalList();
        if (!mobile && !round.isEmpty()) {
            node.field("stopRound").problem("seul un site itinérant (\"mobile\": true) a une tournée");
        }
        List<Stop> stops = new ArrayList<>();
        for (TreeReader.Node stop : round) {
            stop.allowOnly(STOP_FIELDS);
            TreeReader.Node dayField = stop.field("day");
            DayOfWeek weekday = day(dayField.text(), dayField);
            Optional<TimeRange> range = timeRange(stop.field("hours"));
            Address place = address(stop.field("address"));
            if (weekday != null && range.isPresent()) {
                for (LocalDate date = today; date.isBefore(today.plusWeeks(weeks)); date = date.plusDays(1)) {
                    if (date.getDayOfWeek() == weekday) {
                        stops.add(new Stop(date, range.get(), place, false));
                    }
                }
            }
        }
        stops.sort(java.util.Comparator.comparing(Stop::date).thenComparing(stop -> stop.hours().start()));
        return built(before, () -> new Site(id, territoryId, name, address, served, zone, new WeeklyHours(hours), closures,
                phone.orElse(null), queue.orElse(null), mobile, stops, location));
    }

    private Optional<Partner> partner(TreeReader.Node node, Set<String> themeIds) {
        int before = reader.problemCount();
        node.allowOnly(PARTNER_FIELDS);
        String id = id(node.field("id"));
        String name = node.field("name").text();
        String description = node.field("description").optionalText().orElse("");
        List<String> themes = references(node.field("themeIds"), themeIds, "thème", "themes");
        return built(before, () -> new Partner(id, name, description, themes));
    }

    private Optional<Permanence> permanence(TreeReader.Node node, Set<String> partnerIds, Map<String, Partner> partners,
            Set<String> siteIds, Set<String> themeIds) {
        int before = reader.problemCount();
        node.allowOnly(PERMANENCE_FIELDS);
        String id = id(node.field("id"));
        String partnerId = reference(node.field("partnerId"), partnerIds, "partenaire", "partners");
        String siteId = reference(node.field("siteId"), siteIds, "site", "sites");
        List<String> themes = references(node.field("themeIds"), themeIds, "thème", "themes");
        Partner partner = partners.get(partnerId);
        if (partner != null) {
            themes.stream().filter(theme -> themeIds.contains(theme) && !partner.themeIds().contains(theme)).forEach(theme ->
                    node.field("themeIds").problem("le partenaire « " + partnerId + " » ne traite pas le thème « " + theme + " » (voir partners)"));
        }
        // Absent stays absent (held from always), so a re-import on another day reads the same permanence.
        boolean starts = node.field("validFrom").isPresent();
        Optional<LocalDate> validFrom = starts ? date(node.field("validFrom")) : Optional.empty();
        Optional<LocalDate> validUntil = node.field("validUntil").isPresent() ? date(node.field("validUntil")) : Optional.empty();
        if (validFrom.isPresent() && validUntil.isPresent() && validUntil.get().isBefore(validFrom.get())) {
            node.field("validUntil").problem("la permanence finit (" + validUntil.get() + ") avant de commencer (" + validFrom.get() + ")");
        }
        Set<LocalDate> cancelled = new LinkedHashSet<>();
        node.field("cancelledDates").optionalList().forEach(date -> date(date).ifPresent(cancelled::add));
        Optional<Recurrence> recurrence = recurrence(node.field("recurrence"), validFrom.orElse(WEEKS_COUNTED_FROM));
        Optional<TimeRange> window = timeRange(node.field("window"));
        int slotMinutes = required(node.field("slotMinutes"), 5, 8 * 60);
        if (window.isPresent() && slotMinutes >= 5
                && Duration.between(window.get().start(), window.get().end()).toMinutes() < slotMinutes) {
            node.field("slotMinutes").problem("un rendez-vous de " + slotMinutes + " min ne tient pas dans la plage " + window.get());
        }
        int capacity = required(node.field("capacity"), 1, 1000);
        Optional<Duration> notice = duration(node.field("minNotice"));
        int horizon = required(node.field("horizonDays"), 1, 730);
        int walkIn = node.field("walkInPlaces").integer(0, 0, 1000);
        return built(before, () -> new Permanence(id, partnerId, siteId, themes, recurrence.orElseThrow(), window.orElseThrow(),
                slotMinutes, capacity, notice.orElseThrow(), horizon, validFrom.orElse(null), validUntil.orElse(null), cancelled, walkIn));
    }

    private Optional<Recurrence> recurrence(TreeReader.Node node, LocalDate anchor) {
        int before = reader.problemCount();
        String kind = node.field("kind").text();
        if (kind.equals("weekly")) {
            node.allowOnly(WEEKLY_FIELDS);
            Set<DayOfWeek> days = new LinkedHashSet<>();
            node.field("days").list().forEach(day -> {
                DayOfWeek weekday = day(day.text(), day);
                if (weekday != null) {
                    days.add(weekday);
                }
            });
            int every = required(node.field("everyWeeks"), 1, 52);
            return built(before, () -> new Recurrence.Weekly(days, every, anchor));
        }
        if (kind.equals("monthly")) {
            node.allowOnly(MONTHLY_FIELDS);
            TreeReader.Node dayField = node.field("day");
            DayOfWeek day = day(dayField.text(), dayField);
            List<Integer> ordinals = new ArrayList<>();
            node.field("ordinals").list().forEach(ordinal -> {
                int n = ordinal.integer(0, -1, 5);
                if (n == 0) {
                    ordinal.problem("rang du jour dans le mois attendu : 1 à 5, ou -1 pour le dernier");
                } else {
                    ordinals.add(n);
                }
            });
            return built(before, () -> new Recurrence.MonthlyNthWeekday(day, ordinals));
        }
        if (!kind.isEmpty()) {
            node.field("kind").problem("« weekly » ou « monthly » attendu");
        }
        return Optional.empty();
    }

    /** Reads a menu or routing rules with their own reader, their problems' paths placed in this document. */
    private <T> Optional<T> nested(TreeReader.Node node, Supplier<T> parse) {
        if (!node.isPresent()) {
            node.problem("champ obligatoire manquant");
            return Optional.empty();
        }
        try {
            return Optional.of(parse.get());
        } catch (InvalidTreeException e) {
            e.problems().forEach(problem -> {
                String inner = problem.substring(0, problem.indexOf(" : "));
                String path = inner.equals("(racine)") ? node.path() : node.path() + "." + inner;
                reader.problem(path, problem.substring(problem.indexOf(" : ") + 3));
            });
            return Optional.empty();
        }
    }

    /** The menu is written apart from the directory elsewhere; here both are in hand, so what it names must exist. */
    private void checkMenuAgainstDirectory(Menu menu, Set<String> themeIds, Map<String, Theme> themes, Set<String> siteIds) {
        List<String> nodeIds = List.copyOf(menu.nodes().keySet());
        menu.directoryReferences().forEach(reference -> {
            MenuNode node = menu.nodes().get(reference.nodeId());
            List<String> keys = node.options().stream().map(MenuOption::key).toList();
            String path = "menu.nodes[" + nodeIds.indexOf(reference.nodeId()) + "].options[" + keys.indexOf(reference.key()) + "]."
                    + reference.kind();
            if (reference.kind().equals(Menu.Reference.SITE) && !siteIds.contains(reference.id())) {
                reader.problem(path, "le site « " + reference.id() + " » n’existe pas dans sites");
            } else if (reference.kind().equals(Menu.Reference.THEME)) {
                Theme theme = themes.get(reference.id());
                if (!themeIds.contains(reference.id())) {
                    reader.problem(path, "le thème « " + reference.id() + " » n’existe pas dans themes");
                } else if (theme != null && theme.internal()) {
                    reader.problem(path, "le thème « " + reference.id() + " » est interne : il n’est jamais proposé aux usagers");
                }
            }
        });
    }

    private String id(TreeReader.Node node) {
        String id = node.text();
        if (!id.isEmpty() && (id.length() > ID_MAX || !ID.matcher(id).matches())) {
            node.problem("identifiant attendu : minuscules sans accents, chiffres et tirets (par ex. « metz-borny »), "
                    + ID_MAX + " caractères au plus");
        }
        return id;
    }

    private String reference(TreeReader.Node node, Set<String> known, String kind, String list) {
        String id = node.text();
        if (!id.isEmpty() && !known.contains(id)) {
            node.problem("le " + kind + " « " + id + " » n’existe pas dans " + list);
        }
        return id;
    }

    private List<String> references(TreeReader.Node node, Set<String> known, String kind, String list) {
        return node.list().stream().map(item -> reference(item, known, kind, list)).toList();
    }

    private Address address(TreeReader.Node node) {
        node.allowOnly(ADDRESS_FIELDS);
        return new Address(node.field("street").text(), postcode(node.field("postcode")), node.field("city").text());
    }

    /** WGS84 degrees; null (after reporting it) when out of range. */
    private GeoPoint location(TreeReader.Node node) {
        node.allowOnly(LOCATION_FIELDS);
        double latitude = node.field("latitude").decimal(-90, 90);
        double longitude = node.field("longitude").decimal(-180, 180);
        return Double.isNaN(latitude) || Double.isNaN(longitude) ? null : new GeoPoint(latitude, longitude);
    }

    private String postcode(TreeReader.Node node) {
        String postcode = node.text();
        if (!postcode.isEmpty() && !POSTCODE.matcher(postcode).matches()) {
            node.problem("code postal français attendu : 5 chiffres d’un département existant (par ex. 57070, 97400)");
        }
        return postcode;
    }

    private ZoneId zone(TreeReader.Node node) {
        String text = node.text();
        if (!text.isEmpty()) {
            try {
                return ZoneId.of(text);
            } catch (DateTimeException e) {
                node.problem("fuseau horaire inconnu (par ex. Europe/Paris, Indian/Reunion, America/Cayenne)");
            }
        }
        return ZoneId.of("UTC");
    }

    /** A weekday by its English name in capitals, as java.time writes it; null when it is not one. */
    private static DayOfWeek day(String text, TreeReader.Node node) {
        try {
            return text.isEmpty() ? null : DayOfWeek.valueOf(text);
        } catch (IllegalArgumentException e) {
            node.problem("jour attendu parmi MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY");
            return null;
        }
    }

    private static Optional<TimeRange> timeRange(TreeReader.Node node) {
        String text = node.text();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        String[] parts = text.split("-", 2);
        try {
            if (parts.length == 2) {
                LocalTime start = LocalTime.parse(parts[0].trim());
                LocalTime end = LocalTime.parse(parts[1].trim());
                if (end.isAfter(start)) {
                    return Optional.of(new TimeRange(start, end));
                }
                node.problem("la plage finit (" + end + ") avant de commencer (" + start + ")");
                return Optional.empty();
            }
        } catch (DateTimeParseException e) {
            // told below, as a text without a dash is
        }
        node.problem("plage horaire HH:MM-HH:MM attendue (par ex. 09:00-12:00)");
        return Optional.empty();
    }

    private static Optional<LocalDate> date(TreeReader.Node node) {
        String text = node.text();
        try {
            return text.isEmpty() ? Optional.empty() : Optional.of(LocalDate.parse(text));
        } catch (DateTimeParseException e) {
            node.problem("date AAAA-MM-JJ attendue (par ex. 2026-12-24)");
            return Optional.empty();
        }
    }

    private static Optional<Duration> duration(TreeReader.Node node) {
        String text = node.text();
        try {
            Duration duration = text.isEmpty() ? null : Duration.parse(text);
            if (duration != null && !duration.isNegative()) {
                return Optional.of(duration);
            }
        } catch (DateTimeParseException e) {
            // told below
        }
        if (!text.isEmpty()) {
            node.problem("durée ISO 8601 positive ou nulle attendue (par ex. PT2H, P1D)");
        }
        return Optional.empty();
    }

    /** A whole number within [min, max] that must be there; below min when it is not. */
    private static int required(TreeReader.Node node, int min, int max) {
        if (!node.isPresent()) {
            node.problem("champ obligatoire manquant");
        }
        return node.integer(min - 1, min, max);
    }
}
