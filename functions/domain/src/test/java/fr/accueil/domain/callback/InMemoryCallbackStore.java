package fr.accueil.domain.callback;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The store's contract in memory: conditional writes on version, one active callback per dedupe key, one
 * callback DIALING at a time per number, none while another of the number is CLAIMED.
 */
final class InMemoryCallbackStore implements CallbackStore {
    private final Map<String, Callback> byId = new LinkedHashMap<>();
    private final Map<String, String> activeByKey = new HashMap<>();
    private final Map<String, Integer> booked = new HashMap<>();
    private final Map<String, Dialed> dialed = new HashMap<>();
    final List<String> writes = new ArrayList<>();

    void book(String siteId, String themeId, Instant windowFrom, int count) {
        booked.merge(windowKey(siteId, themeId, windowFrom), count, Integer::sum);
    }

    List<Callback> all() {
        return List.copyOf(byId.values());
    }

    @Override
    public Creation createIfNoPending(Callback callback) {
        String existing = activeByKey.get(callback.dedupeKey());
        if (existing != null) {
            return new Creation.Existing(byId.get(existing));
        }
        byId.put(callback.id(), callback);
        activeByKey.put(callback.dedupeKey(), callback.id());
        book(callback.siteId(), callback.themeId(), callback.window().from(), 1);
        writes.add("create");
        return new Creation.Created(callback);
    }

    @Override
    public Optional<Callback> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    @Override
    public List<Callback> due(Instant now, int limit) {
        return byId.values().stream()
                .filter(c -> c.status() == CallbackStatus.PENDING && !c.nextAttemptAt().isAfter(now))
                .sorted(Comparator.comparing(Callback::nextAttemptAt)).limit(limit).toList();
    }

    @Override
    public List<Callback> leasesExpired(Instant now, int limit) {
        return byId.values().stream().filter(c -> c.leaseExpired(now))
                .sorted(Comparator.comparing(Callback::leaseExpiresAt)).limit(limit).toList();
    }

    @Override
    public List<Callback> underWay(Instant now, int limit) {
        return byId.values().stream().filter(c -> c.leaseExpiresAt() != null && c.leaseExpiresAt().isAfter(now))
                .sorted(Comparator.comparing(Callback::leaseExpiresAt)).limit(limit).toList();
    }

    @Override
    public Map<Instant, Integer> bookedPerWindow(String siteId, String themeId, Instant from, Instant to) {
        String prefix = siteId + "#" + themeId + "#";
        return booked.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .collect(Collectors.toMap(e -> Instant.parse(e.getKey().substring(prefix.length())), Map.Entry::getValue))
                .entrySet().stream().filter(e -> !e.getKey().isBefore(from) && e.getKey().isBefore(to))
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    @Override
    public boolean replace(Callback current, Callback next) {
        boolean lineBusy = next.status() == CallbackStatus.DIALING && byId.values().stream()
                .anyMatch(c -> !c.id().equals(next.id()) && c.phone().equals(next.phone())
                        && (c.status() == CallbackStatus.DIALING || c.status() == CallbackStatus.CLAIMED));
        boolean written = !lineBusy && swap(current.status() + " → " + next.status(), next);
        if (written && next.status() == CallbackStatus.DIALING && next.contactId() != null) {
            dialed.put(next.contactId(), new Dialed(next.id(), next.attempts()));
        }
        return written;
    }

    @Override
    public Optional<Dialed> findByContact(String contactId) {
        return Optional.ofNullable(dialed.get(contactId));
    }

    @Override
    public Page list(Listing listing) {
        List<Callback> matching = byId.values().stream()
                .filter(c -> c.siteId().equals(listing.siteId()) && c.status() == listing.status())
                .filter(c -> listing.themeId() == null || c.themeId().equals(listing.themeId()))
                .sorted(Comparator.comparing(c -> c.window().from())).toList();
        int from = listing.pageToken() == null ? 0 : Integer.parseInt(listing.pageToken());
        int to = Math.min(matching.size(), from + listing.pageSize());
        return new Page(matching.subList(from, to), to < matching.size() ? Integer.toString(to) : null);
    }

    private boolean swap(String write, Callback next) {
        Callback stored = byId.get(next.id());
        if (stored == null || stored.version() != next.version() - 1) {
            return false;
        }
        byId.put(next.id(), next);
        if (!next.isActive()) {
            activeByKey.remove(next.dedupeKey());
        }
        writes.add(write);
        return true;
    }

    private static String windowKey(String siteId, String themeId, Instant windowFrom) {
        return siteId + "#" + themeId + "#" + windowFrom;
    }
}
