package fr.accueil.handlers;

import fr.accueil.domain.calendar.SiteCalendar;
import fr.accueil.domain.directory.DirectoryStore;
import fr.accueil.domain.directory.PostcodeIndex;
import fr.accueil.domain.menu.Menu;
import fr.accueil.domain.routing.VoiceMenuStore;
import fr.accueil.storage.ShortLivedCache;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The territories answering on the stack's number, each with its {@link TerritoryVoice}: the stack's own
 * (TerritoryId, where calls go when nothing else decides) and, on a regional number, the others (RegionTerritoryIds).
 * A call's territory travels as the contact attribute {@code territoryId}, set by the entry function; every Connect
 * function reads it with {@link #of(String)}, which refuses a territory the stack does not serve (the caller then
 * gets the function's safe route). Choosing among the cached voices costs no read; the postcode index is read at
 * most once a minute per container, like the rest of the voice data. The other territories are read from the
 * configuration at each call (an environment variable on Lambda, fixed for the container; a local scenario sets
 * them for its call), their voices built on first use.
 */
public final class TerritoryVoices {
    /** The contact attribute naming the call's territory. */
    public static final String ATTRIBUTE = "territoryId";

    private final String defaultTerritoryId;
    private final Supplier<List<String>> regionTerritoryIds;
    private final Map<String, TerritoryVoice> voices = new ConcurrentHashMap<>();
    private final DirectoryStore directory;
    private final VoiceMenuStore voiceMenus;
    private final ShortLivedCache<String, PostcodeIndex> index = new ShortLivedCache<>(TerritoryVoice.KEPT_FOR);

    /** @param regionTerritoryIds the other territories of a regional number (RegionTerritoryIds), empty for one territory */
    public TerritoryVoices(String defaultTerritoryId, Supplier<List<String>> regionTerritoryIds, DirectoryStore directory,
            VoiceMenuStore voiceMenus) {
        this.defaultTerritoryId = defaultTerritoryId;
        this.regionTerritoryIds = regionTerritoryIds;
        this.directory = directory;
        this.voiceMenus = voiceMenus;
    }

    /** Whether several territories share the number: callers are then asked their postcode, unless recognised. */
    public boolean regional() {
        return territoryIds().size() > 1;
    }

    public TerritoryVoice defaultVoice() {
        return voice(defaultTerritoryId);
    }

    /** The stack's territory first, then the others of a regional number. */
    public Set<String> territoryIds() {
        Set<String> ids = new LinkedHashSet<>();
        ids.add(defaultTerritoryId);
        ids.addAll(regionTerritoryIds.get());
        return ids;
    }

    private TerritoryVoice voice(String territoryId) {
        return voices.computeIfAbsent(territoryId, id -> new TerritoryVoice(id, directory, voiceMenus));
    }

    /**
     * The voice of the call's territory (its {@code territoryId} attribute); the default one when the attribute is
     * absent or empty (a call routed before the number was regional, an outbound call).
     *
     * @throws IllegalArgumentException for a territory the stack does not serve
     */
    public TerritoryVoice of(String territoryId) {
        if (territoryId == null || territoryId.isBlank()) {
            return defaultVoice();
        }
        if (!territoryIds().contains(territoryId)) {
            throw new IllegalArgumentException("territory " + territoryId + " is not one of the stack's " + territoryIds());
        }
        return voice(territoryId);
    }

    /** The territory serving a keyed postcode, among the stack's; empty when none does. */
    public Optional<TerritoryVoice> servingPostcode(String postcode) {
        return postcodeIndex().territoryOf(postcode).filter(territoryIds()::contains).map(this::voice);
    }

    private PostcodeIndex postcodeIndex() {
        return index.get("region", key -> directory.postcodeIndex());
    }

    /** The territory holding a site (a known caller's usual site), from the cached site lists. */
    public Optional<TerritoryVoice> holdingSite(String siteId) {
        return territoryIds().stream().map(this::voice)
                .filter(voice -> voice.sites().stream().anyMatch(site -> site.id().equals(siteId))).findFirst();
    }

    /** Primes every territory's voice data, and the postcode index of a regional number. */
    public void prime(SiteCalendar calendar, Instant now) {
        territoryIds().forEach(id -> voice(id).prime(calendar, now));
        if (regional()) {
            postcodeIndex();
        }
    }

    /**
     * Reads every territory's voice data again, all the reads at once on threads of their own, and waits for them
     * at most {@code atMost}: what a restored container does before its first call ({@link Priming#afterRestore}), so
     * that call finds them kept as a warm one does. When one fails or is late, nothing is kept: the first call reads
     * them, as it would without this.
     *
     * @return whether every read was in on time
     */
    public boolean reload(Duration atMost) throws InterruptedException {
        forget();
        List<TerritoryVoice> reloaded = territoryIds().stream().map(this::voice).toList();
        List<Callable<Object>> reads = new ArrayList<>();
        reloaded.forEach(voice -> voice.reads().forEach(read -> reads.add(Executors.callable(read))));
        int menus = reads.size();
        reloaded.forEach(voice -> reads.add(voice::storedMenu));
        if (regional()) {
            reads.add(this::postcodeIndex);
        }
        ExecutorService threads = Executors.newFixedThreadPool(reads.size(), read -> {
            Thread thread = new Thread(read, "restore-read");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<Future<Object>> done = threads.invokeAll(reads, atMost.toNanos(), TimeUnit.NANOSECONDS);
            for (Future<Object> read : done) {
                read.get();
            }
            for (int i = 0; i < reloaded.size(); i++) {
                reloaded.get(i).keepMenu((Menu) done.get(menus + i).get());
            }
            return true;
        } catch (ExecutionException | CancellationException e) {
            Log.error("voice.reload-failed", Map.of(), e);
            forget();
            return false;
        } finally {
            threads.shutdownNow();
        }
    }

    public void forget() {
        voices.values().forEach(TerritoryVoice::forget);
        index.clear();
    }
}
