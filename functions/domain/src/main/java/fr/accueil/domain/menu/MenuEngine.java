package fr.accueil.domain.menu;

import fr.accueil.domain.calendar.OpeningHoursText;
import fr.accueil.domain.directory.Site;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Walks a menu one caller input at a time: (state, input) → step. Pure and total: any state and
 * any input, however broken, gives a step, so a voice call never falls into an error.
 */
public final class MenuEngine {
    static final String SITE_UNKNOWN = "Cette information n'est pas disponible pour le moment.";

    private final Menu menu;
    private final Function<String, Optional<Site>> sites;

    /** A menu whose information options name no site. */
    public MenuEngine(Menu menu) {
        this(menu, siteId -> Optional.empty());
    }

    /** @param sites the territory's site of an id, for information options that name one */
    public MenuEngine(Menu menu, Function<String, Optional<Site>> sites) {
        this.menu = Objects.requireNonNull(menu, "menu");
        this.sites = Objects.requireNonNull(sites, "sites");
    }

    /** The first prompt at the given node; at the root if the menu has no such node. */
    public MenuStep start(String nodeId) {
        MenuNode node = nodeId == null ? null : menu.nodes().get(nodeId);
        return node == null ? ask("", MenuState.at(menu.root())) : ask("", MenuState.at(node.id()));
    }

    public MenuStep next(MenuState state, MenuInput input) {
        if (state == null || !menu.nodes().containsKey(state.node())) {
            return start(menu.root());
        }
        MenuNode node = menu.nodes().get(state.node());
        if (!(input instanceof MenuInput.Keys keys) || keys.digits() == null) {
            return invalid(node, state, "");
        }
        String key = keys.digits().strip();
        // One key per prompt: anything longer is a mistake, whatever it starts with.
        MenuAction action = key.length() == 1 ? node.action(key).orElse(null) : null;
        if (action == null) {
            return invalid(node, state, node.invalidInput().message());
        }
        return act(action, node, state);
    }

    private MenuStep act(MenuAction action, MenuNode node, MenuState state) {
        if (action instanceof MenuAction.Submenu submenu) {
            return ask("", state.enter(submenu.target()));
        } else if (action instanceof MenuAction.Queue queue) {
            return new MenuStep.ToQueue(queue.themeId());
        } else if (action instanceof MenuAction.Callback callback) {
            return new MenuStep.OfferCallback(callback.themeId());
        } else if (action instanceof MenuAction.Info info) {
            String message = information(info);
            return info.hangUp() ? new MenuStep.HangUp(message) : ask(message, state.again(0));
        } else if (action instanceof MenuAction.Transfer transfer) {
            return new MenuStep.Transfer(transfer.number());
        } else if (action instanceof MenuAction.Back) {
            return ask("", state.back());
        } else if (action instanceof MenuAction.Advisor) {
            return new MenuStep.ToPerson(node.invalidInput().fallbackQueue());
        }
        return ask("", state.again(0));
    }

    private String information(MenuAction.Info info) {
        if (info.siteId().isEmpty()) {
            return info.message();
        }
        // A site removed from the directory after the menu was written: say so rather than nothing.
        String site = info.siteId().flatMap(sites).map(OpeningHoursText::site).orElse(SITE_UNKNOWN);
        return Stream.of(info.message(), site).filter(text -> !text.isBlank()).collect(Collectors.joining(" "));
    }

    private MenuStep invalid(MenuNode node, MenuState state, String notice) {
        int attempts = state.invalidAttempts() + 1;
        if (attempts >= node.invalidInput().maxAttempts()) {
            return new MenuStep.ToPerson(node.invalidInput().fallbackQueue());
        }
        return ask(notice, state.again(attempts));
    }

    private MenuStep ask(String notice, MenuState state) {
        MenuNode node = menu.nodes().get(state.node());
        if (node == null) {
            // Going back along a path kept from an older version of the menu: start afresh.
            return ask(notice, MenuState.at(menu.root()));
        }
        return new MenuStep.Ask(notice, node.prompt(), node.timeoutSeconds(), state);
    }
}
