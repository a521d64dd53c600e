package fr.accueil.domain.territory;

import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.menu.MenuAction;
import fr.accueil.domain.menu.MenuNode;
import fr.accueil.domain.menu.MenuOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a caller would hear at each level of a territory's voice menu, and what each key does, in French: the
 * coordinator reads it before saving a menu. Each level lists « 0 » and « étoile » too, written in the node or not. Levels come in the order a caller reaches them from where calls
 * start (the routing rules' menuStart, else the menu's root), then those only the root leads to.
 */
public final class MenuTranscript {
    /** One key of a level and what the caller gets by pressing it. */
    public record Choice(String key, String outcome) {
    }

    /**
     * One level of the menu.
     *
     * @param heard     the prompt as spoken (SSML marks removed)
     * @param noAnswer  what happens on silence or a key that does nothing
     */
    public record Level(String nodeId, String heard, List<Choice> choices, String noAnswer) {
        public Level {
            choices = List.copyOf(choices);
        }
    }

    private MenuTranscript() {
    }

    /** The transcript of the territory's menu, theme and site names taken from its directory. */
    public static List<Level> of(Territory territory) {
        Menu menu = territory.menu();
        Map<String, String> themes = new LinkedHashMap<>();
        territory.themes().forEach(theme -> themes.put(theme.id(), theme.label()));
        Map<String, String> sites = new LinkedHashMap<>();
        territory.sites().forEach(site -> sites.put(site.id(), site.name()));
        String start = territory.routing().menuStart().filter(menu.nodes()::containsKey).orElse(menu.root());

        Set<String> reached = new LinkedHashSet<>();
        Deque<String> next = new ArrayDeque<>(List.of(start, menu.root()));
        while (!next.isEmpty()) {
            String id = next.poll();
            if (reached.add(id)) {
                menu.nodes().get(id).options().stream().map(MenuOption::action)
                        .filter(MenuAction.Submenu.class::isInstance).map(a -> ((MenuAction.Submenu) a).target())
                        .filter(menu.nodes()::containsKey).forEach(next::add);
            }
        }
        List<Level> levels = new ArrayList<>();
        reached.forEach(id -> levels.add(level(menu.nodes().get(id), menu, themes, sites)));
        return levels;
    }

    /** The transcript as text, one level after another. */
    public static String text(List<Level> levels) {
        StringBuilder text = new StringBuilder();
        for (Level level : levels) {
            text.append("Niveau « ").append(level.nodeId()).append(" »\n");
            text.append("  L’appelant entend : « ").append(level.heard()).append(" »\n");
            level.choices().forEach(choice -> text.append("  Touche ").append(choice.key()).append(" : ")
                    .append(choice.outcome()).append('\n'));
            text.append("  ").append(level.noAnswer()).append('\n');
        }
        return text.toString();
    }

    private static Level level(MenuNode node, Menu menu, Map<String, String> themes,
            Map<String, String> sites) {
        List<Choice> choices = Stream.concat(node.options().stream(), node.standardOptions().stream())
                .map(option -> new Choice(spokenKey(option.key()), outcome(option.action(), node, menu, themes, sites))).toList();
        String noAnswer = "Sans touche après " + node.timeoutSeconds() + " s, ou une touche sans effet : « "
                + node.invalidInput().message() + " » et le niveau est rejoué ; après "
                + node.invalidInput().maxAttempts() + " essai(s), mise en relation avec la file « "
                + node.invalidInput().fallbackQueue() + " ».";
        return new Level(node.id(), node.prompt().spoken(), choices, noAnswer);
    }

    private static String outcome(MenuAction action, MenuNode node, Menu menu, Map<String, String> themes, Map<String, String> sites) {
        if (action instanceof MenuAction.Submenu submenu) {
            return "passe au niveau « " + submenu.target() + " »";
        }
        if (action instanceof MenuAction.Queue queue) {
            return "mise en relation avec un conseiller : " + theme(queue.themeId(), themes);
        }
        if (action instanceof MenuAction.Callback callback) {
            return "propose d’être rappelé : " + theme(callback.themeId(), themes);
        }
        if (action instanceof MenuAction.Info info) {
            String heard = info.message().isBlank() ? "" : "entend « " + info.message() + " »";
            String site = info.siteId().map(id -> (heard.isEmpty() ? "entend" : heard + " puis") + " l’adresse et les horaires de « "
                    + sites.getOrDefault(id, id) + " » (lus dans l’annuaire)").orElse(heard);
            return site + (info.hangUp() ? ", puis l’appel se termine" : ", puis revient à ce niveau");
        }
        if (action instanceof MenuAction.Transfer transfer) {
            return "transfert vers le " + transfer.number();
        }
        if (action instanceof MenuAction.Advisor) {
            return "mise en relation avec un conseiller, file « " + node.invalidInput().fallbackQueue() + " »";
        }
        if (action instanceof MenuAction.Repeat) {
            return "réécoute ce niveau";
        }
        return "revient au niveau précédent";
    }

    private static String theme(String themeId, Map<String, String> themes) {
        return themes.containsKey(themeId) ? "« " + themes.get(themeId) + " »" : "thème « " + themeId + " »";
    }

    private static String spokenKey(String key) {
        return switch (key) {
            case "*" -> "étoile";
            case "#" -> "dièse";
            default -> key;
        };
    }
}
