package io.cachet.jcache;

import io.cachet.sealed.StoredKey;
import java.util.Iterator;
import java.util.NoSuchElementException;
import javax.cache.Cache;

/** Iterates a snapshot of a cache's keys, reading each live entry as it goes. */
final class EntryIterator<K, V> implements Iterator<Cache.Entry<K, V>> {
  private final Iterator<StoredKey> keys;
  private final LiveEntries<K, V> entries;
  private final KeyedMutations<K, V> mutations;
  private final CacheStatistics statistics;
  private final Runnable requireOpen;
  private CachetEntry<K, V> next;
  private StoredKey nextKey;
  private CachetEntry<K, V> last;
  private StoredKey lastKey;

  /** @param requireOpen throws IllegalStateException once the cache is closed */
  EntryIterator(Iterator<StoredKey> keys, LiveEntries<K, V> entries, KeyedMutations<K, V> mutations,
      CacheStatistics statistics, Runnable requireOpen) {
    this.keys = keys;
    this.entries = entries;
    this.mutations = mutations;
    this.statistics = statistics;
    this.requireOpen = requireOpen;
  }

  @Override
  public boolean hasNext() {
    requireOpen.run();
    while (next == null && keys.hasNext()) {
      StoredKey storedKey = keys.next();
      long start = statistics.start();
      V value = entries.iterated(storedKey);
      if (value != null) {
        next = new CachetEntry<>(LiveEntries.keyOf(storedKey), value);
        nextKey = storedKey;
        statistics.recordGet(true, start);
      }
    }
    return next != null;
  }

  @Override
  public Cache.Entry<K, V> next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    last = next;
    lastKey = nextKey;
    next = null;
    nextKey = null;
    return last;
  }

  @Override
  public void remove() {
    requireOpen.run();
    if (last == null) {
      throw new IllegalStateException("remove() must follow next()");
    }
    try {
      mutations.removeIterated(last.getKey(), lastKey);
    } finally {
      last = null;
      lastKey = null;
    }
  }
}
