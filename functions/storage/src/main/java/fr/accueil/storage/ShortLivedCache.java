package fr.accueil.storage;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Values kept for a short while in the container: what every call reads (the menu, the sites,
 * a queue's load) is loaded at most once per lifetime per key. A failed load is not kept, so
 * the next call tries again. Ages are measured on the monotonic clock, not the wall clock, so
 * a clock fixed for tests or set back does not keep values forever.
 */
public final class ShortLivedCache<K, V> {
    private record Entry<V>(V value, long loadedAtNanos) {
    }

    private final Map<K, Entry<V>> entries = new ConcurrentHashMap<>();
    private final long lifetimeNanos;
    private final LongSupplier nanoTime;

    public ShortLivedCache(Duration lifetime) {
        this(lifetime, System::nanoTime);
    }

    public ShortLivedCache(Duration lifetime, LongSupplier nanoTime) {
        this.lifetimeNanos = lifetime.toNanos();
        this.nanoTime = nanoTime;
    }

    /** Forgets every value, e.g. in a container restored from a snapshot, whose values may be days old. */
    public void clear() {
        entries.clear();
    }

    public V get(K key, Function<K, V> load) {
        long now = nanoTime.getAsLong();
        Entry<V> entry = entries.get(key);
        if (entry != null && now - entry.loadedAtNanos() < lifetimeNanos) {
            return entry.value();
        }
        V value = load.apply(key);
        entries.put(key, new Entry<>(value, now));
        return value;
    }
}
