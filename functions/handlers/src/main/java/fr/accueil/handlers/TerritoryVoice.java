package fr.accueil.handlers;

import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.Site;
import fr.accueil.domain.directory.Theme;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.routing.RoutingRules;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.storage.ShortLivedCache;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every call reads of its territory: the menu, the routing rules, the sites and the themes.
 * Each is read at most once a minute per container, so a call costs no directory read and a
 * change made in DirectoryTable reaches callers within a minute.
 *
 * <p>The menu is written apart from the directory: each time it is read, the themes and sites its
 * options name are checked against the directory and every one missing is logged
 * ({@code voice.menu.unknown-theme}, {@code voice.menu.unknown-site}). Callers are not held up by
 * it: a theme the directory does not know is routed to the general queue, a site is read as
 * unavailable.
 */
public final class TerritoryVoice {
    static final Duration KEPT_FOR = Duration.ofSeconds(60);

    private final String territoryId;
    private final DirectoryStore directory;
    private final VoiceMenuStore voiceMenus;
    private final ShortLivedCache<String, Menu> menu = new ShortLivedCache<>(KEPT_FOR);
    private final ShortLivedCache<String, RoutingRules> rules = new ShortLivedCache<>(KEPT_FOR);
    private final ShortLivedCache<String, List<Site>> sites = new ShortLivedCache<>(KEPT_FOR);
    private final ShortLivedCache<String, List<Theme>> themes = new ShortLivedCache<>(KEPT_FOR);

    public TerritoryVoice(String territoryId, DirectoryStore directory, VoiceMenuStore voiceMenus) {
        this.territoryId = territoryId;
        this.directory = directory;
        this.voiceMenus = voiceMenus;
    }

    public String territoryId() {
        return territoryId;
    }

    /** @throws IllegalStateException when the territory has no menu (the caller then gets the safe route) */
    public Menu menu() {
        return menu.get(territoryId, id -> checked(storedMenu()));
    }

    private Menu checked(Menu loaded) {
        try {
            for (Menu.Reference reference : loaded.directoryReferences()) {
                boolean known = Menu.Reference.THEME.equals(reference.kind()) ? theme(reference.id()).isPresent()
                        : sites().stream().anyMatch(site -> site.id().equals(reference.id()));
                if (!known) {
                    Log.warn("voice.menu.unknown-" + reference.kind(), Map.of("territory", territoryId,
                            "node", reference.nodeId(), "key", reference.key(), reference.kind(), reference.id()));
                }
            }
        } catch (RuntimeException e) {
            // The check is for operators; the call goes on with the menu as it is.
            Log.error("voice.menu.not-checked", Map.of("territory", territoryId), e);
        }
        return loaded;
    }

    /** @throws IllegalStateException when the territory has no routing rules */
    public RoutingRules rules() {
        return rules.get(territoryId, id -> voiceMenus.routingRules(id)
                .orElseThrow(() -> new IllegalStateException("no routing rules for territory " + id)));
    }

    public List<Site> sites() {
        return sites.get(territoryId, directory::sites);
    }

    /** A site of the territory; one missing from the cached list (opened within the minute) is read by key. */
    public Optional<Site> site(String siteId) {
        return sites().stream().filter(site -> site.id().equals(siteId)).findFirst()
                .or(() -> directory.site(territoryId, siteId));
    }

    /**
     * Reads all a call reads, as a call does, and the holidays of each site's département: what
     * SnapStart priming loads before the snapshot. Fails like a call when the territory has no menu.
     */
    public void prime(SiteCalendar calendar, Instant now) {
        rules();
        menu();
        sites().forEach(site -> calendar.isOpen(site, now));
        themes.get(territoryId, directory::themes);
    }

    /**
     * The reads of {@link #prime} but the menu's, to make together after a SnapStart restore
     * ({@link TerritoryVoices#reload}); the menu is read alongside ({@link #storedMenu}) and kept once they are in.
     */
    List<Runnable> reads() {
        return List.of(this::rules, this::sites, () -> themes.get(territoryId, directory::themes));
    }

    /** The menu as stored, not yet checked against the directory. */
    Menu storedMenu() {
        return voiceMenus.menu(territoryId).orElseThrow(() -> new IllegalStateException("no menu for territory " + territoryId));
    }

    /** Keeps a menu read by {@link #storedMenu}, checked against the sites and themes kept (it reads nothing more then). */
    void keepMenu(Menu stored) {
        menu.get(territoryId, id -> checked(stored));
    }

    /**
     * Forgets what was read: after a SnapStart restore the primed values may be days old, and the
     * monotonic clock their age is measured on need not have moved meanwhile.
     */
    public void forget() {
        menu.clear();
        rules.clear();
        sites.clear();
        themes.clear();
    }

    /** The queue key of a theme; empty for a theme the directory does not know. */
    public Optional<String> queueOf(String themeId) {
        return theme(themeId).map(Theme::queue);
    }

    /** A theme of the directory, or the general one, which every territory has (a closed line's callbacks are on it). */
    public Optional<Theme> theme(String themeId) {
        return themes.get(territoryId, directory::themes).stream().filter(theme -> theme.id().equals(themeId)).findFirst()
                .or(() -> Theme.GENERAL.id().equals(themeId) ? Optional.of(Theme.GENERAL) : Optional.empty());
    }
}
