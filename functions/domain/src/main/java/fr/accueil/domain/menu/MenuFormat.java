package fr.accueil.domain.menu;

import fr.accueil.domain.phone.PhoneNumbers;
import fr.accueil.domain.tree.InvalidTreeException;
import fr.accueil.domain.tree.TreeReader;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A menu as a generic tree (what any JSON library reads or writes), both ways. The format is
 * described in docs/voice.md (Voice: menu, routing and public holidays, Menu format); parsing
 * reports every problem at once, in French.
 */
public final class MenuFormat {
    /** Node ids travel in Connect contact attributes, joined by "/": short and plain. */
    static final Pattern NODE_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final Pattern KEY = Pattern.compile("[0-9*]");
    /**
     * The waits for a key that flows/menu-loop.json can play: Amazon Connect takes only a fixed
     * InputTimeLimitSeconds, so the flow has one input block per value (FlowsTest keeps both in step).
     */
    public static final SortedSet<Integer> TIMEOUTS_SECONDS = Collections.unmodifiableSortedSet(new TreeSet<>(Set.of(5, 8, 10, 15)));
    private static final int DEFAULT_TIMEOUT_SECONDS = 8;
    private static final int DEFAULT_MAX_ATTEMPTS = 3;
    /** What a caller keeps in mind from one prompt (besides 0, étoile and going back). */
    static final int MAX_CHOICES = 4;
    /** About twenty seconds of speech: longer, a caller has forgotten the first choice. */
    static final int MAX_PROMPT_CHARACTERS = 300;
    private static final String DEFAULT_INVALID_MESSAGE = "Je n'ai pas compris votre choix.";
    private static final Set<String> MENU_FIELDS = Set.of("root", "defaults", "nodes");
    private static final Set<String> DEFAULTS_FIELDS = Set.of("timeoutSeconds", "invalidInput");
    private static final Set<String> RULE_FIELDS = Set.of("maxAttempts", "fallbackQueue", "message");
    private static final Set<String> NODE_FIELDS = Set.of("id", "prompt", "ssml", "timeoutSeconds", "invalidInput", "options");
    private static final Map<String, Set<String>> ACTION_FIELDS = Map.of(
            "submenu", Set.of("key", "action", "target"),
            "queue", Set.of("key", "action", "theme"),
            "callback", Set.of("key", "action", "theme"),
            "info", Set.of("key", "action", "message", "site", "then"),
            "transfer", Set.of("key", "action", "number"),
            "advisor", Set.of("key", "action"),
            "repeat", Set.of("key", "action"),
            "back", Set.of("key", "action"));

    private MenuFormat() {
    }

    /** @throws InvalidTreeException listing every problem of the tree */
    public static Menu parse(Object tree) {
        TreeReader reader = new TreeReader("Menu");
        TreeReader.Node menu = reader.root(tree);
        menu.allowOnly(MENU_FIELDS);
        String root = menu.field("root").text();
        TreeReader.Node defaults = menu.field("defaults");
        defaults.allowOnly(DEFAULTS_FIELDS);
        int defaultTimeout = timeout(defaults.field("timeoutSeconds"), DEFAULT_TIMEOUT_SECONDS);
        RuleDefaults defaultRule = RuleDefaults.read(defaults.field("invalidInput"));

        Map<String, MenuNode> nodes = new LinkedHashMap<>();
        Map<String, String> targetPaths = new LinkedHashMap<>();
        for (TreeReader.Node node : menu.field("nodes").list()) {
            MenuNode parsed = node(node, defaultTimeout, defaultRule, targetPaths);
            if (nodes.putIfAbsent(parsed.id(), parsed) != null) {
                node.field("id").problem("le nœud « " + parsed.id() + " » est défini deux fois");
            }
        }
        targetPaths.forEach((path, target) -> {
            if (!nodes.containsKey(target)) {
                reader.problem(path, "le nœud « " + target + " » n’existe pas");
            }
        });
        if (!root.isEmpty() && !nodes.containsKey(root)) {
            menu.field("root").problem("le nœud racine « " + root + " » n’existe pas");
        } else if (!root.isEmpty()) {
            unreachable(root, nodes).forEach(id -> reader.problem("nodes", "le nœud « " + id + " » n’est accessible depuis aucun menu"));
        }
        reader.throwIfProblems();
        return new Menu(root, nodes);
    }

    private static MenuNode node(TreeReader.Node node, int defaultTimeout, RuleDefaults defaultRule, Map<String, String> targetPaths) {
        node.allowOnly(NODE_FIELDS);
        TreeReader.Node idField = node.field("id");
        String id = idField.text();
        if (!id.isEmpty() && !NODE_ID.matcher(id).matches()) {
            idField.problem("identifiant de 1 à 64 caractères parmi A-Z a-z 0-9 _ - attendu");
        }
        boolean ssml = node.field("ssml").bool(false);
        TreeReader.Node promptField = node.field("prompt");
        String prompt = promptField.text();
        if (ssml && !prompt.isEmpty() && !(prompt.strip().startsWith("<speak>") && prompt.strip().endsWith("</speak>"))) {
            promptField.problem("un texte SSML doit être entouré de <speak> et </speak>");
        }
        int spoken = new Prompt(prompt, ssml).spoken().length();
        if (spoken > MAX_PROMPT_CHARACTERS) {
            promptField.problem("message de " + spoken + " caractères : " + MAX_PROMPT_CHARACTERS
                    + " au plus, l’appelant doit retenir les choix en l’écoutant ; raccourcissez-le");
        }
        int timeout = timeout(node.field("timeoutSeconds"), defaultTimeout);
        InvalidInputRule rule = invalidInputRule(node.field("invalidInput"), defaultRule);

        List<MenuOption> options = node.field("options").list().stream()
                .map(option -> option(option, targetPaths)).flatMap(Optional::stream).toList();
        Set<String> keys = new HashSet<>();
        options.stream().map(MenuOption::key).filter(key -> !keys.add(key))
                .forEach(key -> node.field("options").problem("la touche « " + key + " » est utilisée deux fois"));
        long choices = options.stream().map(MenuOption::action).filter(MenuFormat::isChoice).count();
        if (choices > MAX_CHOICES) {
            node.field("options").problem(choices + " choix à ce niveau : " + MAX_CHOICES + " au plus (sans compter 0, étoile"
                    + " ni le retour au menu précédent) ; regroupez-les dans des sous-menus");
        }
        return new MenuNode(id, new Prompt(prompt, ssml), options, timeout, rule);
    }

    /** A choice the caller weighs; 0, étoile and going back are the same at every level and do not count. */
    private static boolean isChoice(MenuAction action) {
        return !(action instanceof MenuAction.Advisor || action instanceof MenuAction.Repeat || action instanceof MenuAction.Back);
    }

    private static int timeout(TreeReader.Node field, int defaultValue) {
        int seconds = field.integer(defaultValue, 1, 60);
        if (field.isPresent() && seconds >= 1 && seconds <= 60 && !TIMEOUTS_SECONDS.contains(seconds)) {
            field.problem("délai de " + seconds + " s non pris en charge par le flux vocal : "
                    + TIMEOUTS_SECONDS.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " secondes attendues");
        }
        return seconds;
    }

    /** The node's own rule, field by field over the menu's defaults. */
    private static InvalidInputRule invalidInputRule(TreeReader.Node own, RuleDefaults defaults) {
        own.allowOnly(RULE_FIELDS);
        int maxAttempts = own.field("maxAttempts").integer(defaults.maxAttempts(), 1, 9);
        Optional<String> queue = own.field("fallbackQueue").optionalText().or(defaults::fallbackQueue);
        if (queue.isEmpty()) {
            own.field("fallbackQueue").problem("file d’attente de repli obligatoire (ici ou dans defaults.invalidInput)");
        }
        String message = own.field("message").optionalText().orElse(defaults.message());
        return new InvalidInputRule(maxAttempts, queue.orElse(""), message);
    }

    private record RuleDefaults(int maxAttempts, Optional<String> fallbackQueue, String message) {
        static RuleDefaults read(TreeReader.Node rule) {
            rule.allowOnly(RULE_FIELDS);
            return new RuleDefaults(rule.field("maxAttempts").integer(DEFAULT_MAX_ATTEMPTS, 1, 9),
                    rule.field("fallbackQueue").optionalText(),
                    rule.field("message").optionalText().orElse(DEFAULT_INVALID_MESSAGE));
        }
    }

    private static Optional<MenuOption> option(TreeReader.Node option, Map<String, String> targetPaths) {
        TreeReader.Node keyField = option.field("key");
        String key = keyField.text();
        if (key.equals("#")) {
            // Amazon Connect ends a stored input at # by default: the key itself never reaches the menu.
            keyField.problem("touche « # » réservée : Amazon Connect s’en sert pour terminer la saisie ; une touche parmi 0-9 et * attendue");
        } else if (!key.isEmpty() && !KEY.matcher(key).matches()) {
            keyField.problem("touche « " + key + " » invalide : une seule touche parmi 0-9 et * attendue");
        }
        TreeReader.Node actionField = option.field("action");
        String action = actionField.text();
        Set<String> fields = ACTION_FIELDS.get(action);
        if (fields == null) {
            if (!action.isEmpty()) {
                actionField.problem("action « " + action + " » inconnue (attendues : " + String.join(", ", ACTION_FIELDS.keySet().stream().sorted().toList()) + ")");
            }
            return Optional.empty();
        }
        option.allowOnly(fields);
        MenuAction parsed = switch (action) {
            case "submenu" -> {
                TreeReader.Node target = option.field("target");
                targetPaths.put(target.path(), target.text());
                yield new MenuAction.Submenu(target.text());
            }
            case "queue" -> new MenuAction.Queue(option.field("theme").text());
            case "callback" -> new MenuAction.Callback(option.field("theme").text());
            case "info" -> info(option);
            case "transfer" -> new MenuAction.Transfer(number(option.field("number")));
            case "advisor" -> new MenuAction.Advisor();
            case "repeat" -> new MenuAction.Repeat();
            default -> new MenuAction.Back();
        };
        MenuAction standard = MenuNode.STANDARD.get(key);
        if (standard != null && !standard.equals(parsed)) {
            keyField.problem(key.equals(MenuNode.ADVISOR_KEY)
                    ? "touche « 0 » réservée : elle met en relation avec un conseiller à chaque niveau (action « advisor »,"
                            + " ou rien : elle y est d’office) ; le retour au menu précédent se met sur une autre touche, 9 par exemple"
                    : "touche « * » réservée : elle fait réécouter le niveau, à chaque niveau (action « repeat »,"
                            + " ou rien : elle y est d’office)");
        }
        return Optional.of(new MenuOption(key, parsed));
    }

    private static MenuAction.Info info(TreeReader.Node option) {
        Optional<String> site = option.field("site").optionalText();
        String message = site.isPresent() ? option.field("message").optionalText().orElse("") : option.field("message").text();
        return new MenuAction.Info(message, site, hangUp(option.field("then")));
    }

    private static boolean hangUp(TreeReader.Node then) {
        String value = then.optionalText().orElse("return");
        if (!value.equals("return") && !value.equals("hangup")) {
            then.problem("« return » (revenir au menu) ou « hangup » (raccrocher) attendu");
        }
        return value.equals("hangup");
    }

    private static String number(TreeReader.Node field) {
        String number = field.text();
        if (!number.isEmpty() && !PhoneNumbers.toE164(number).equals(Optional.of(number))) {
            field.problem("numéro « " + number + " » invalide : format international E.164 attendu (+33…)");
        }
        return number;
    }

    private static List<String> unreachable(String root, Map<String, MenuNode> nodes) {
        Set<String> seen = new HashSet<>();
        Deque<String> toVisit = new ArrayDeque<>(List.of(root));
        while (!toVisit.isEmpty()) {
            MenuNode node = nodes.get(toVisit.pop());
            if (node != null && seen.add(node.id())) {
                node.options().stream().map(MenuOption::action)
                        .filter(MenuAction.Submenu.class::isInstance).map(a -> ((MenuAction.Submenu) a).target())
                        .forEach(toVisit::push);
            }
        }
        return nodes.keySet().stream().filter(id -> !seen.contains(id)).toList();
    }

    /** The menu as a tree, every node written out in full: parse(toTree(menu)) equals menu. */
    public static Map<String, Object> toTree(Menu menu) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("root", menu.root());
        tree.put("nodes", menu.nodes().values().stream().map(MenuFormat::nodeTree).toList());
        return tree;
    }

    private static Map<String, Object> nodeTree(MenuNode node) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("id", node.id());
        tree.put("prompt", node.prompt().text());
        tree.put("ssml", node.prompt().ssml());
        tree.put("timeoutSeconds", node.timeoutSeconds());
        Map<String, Object> rule = new LinkedHashMap<>();
        rule.put("maxAttempts", node.invalidInput().maxAttempts());
        rule.put("fallbackQueue", node.invalidInput().fallbackQueue());
        rule.put("message", node.invalidInput().message());
        tree.put("invalidInput", rule);
        tree.put("options", node.options().stream().map(MenuFormat::optionTree).toList());
        return tree;
    }

    private static Map<String, Object> optionTree(MenuOption option) {
        Map<String, Object> tree = new LinkedHashMap<>();
        tree.put("key", option.key());
        MenuAction action = option.action();
        if (action instanceof MenuAction.Submenu submenu) {
            tree.put("action", "submenu");
            tree.put("target", submenu.target());
        } else if (action instanceof MenuAction.Queue queue) {
            tree.put("action", "queue");
            tree.put("theme", queue.themeId());
        } else if (action instanceof MenuAction.Callback callback) {
            tree.put("action", "callback");
            tree.put("theme", callback.themeId());
        } else if (action instanceof MenuAction.Info info) {
            tree.put("action", "info");
            if (!info.message().isEmpty() || info.siteId().isEmpty()) {
                tree.put("message", info.message());
            }
            info.siteId().ifPresent(site -> tree.put("site", site));
            tree.put("then", info.hangUp() ? "hangup" : "return");
        } else if (action instanceof MenuAction.Transfer transfer) {
            tree.put("action", "transfer");
            tree.put("number", transfer.number());
        } else if (action instanceof MenuAction.Advisor) {
            tree.put("action", "advisor");
        } else {
            tree.put("action", action instanceof MenuAction.Repeat ? "repeat" : "back");
        }
        return tree;
    }
}
