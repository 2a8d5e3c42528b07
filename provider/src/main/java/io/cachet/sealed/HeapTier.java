package io.cachet.sealed;

import io.cachet.store.RowVersion;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The verified entries of one namespace kept in memory, bounded by a number of entries and of bytes, evicting
 * by second chance (a CLOCK approximation of least recently used). It only holds; whether a held entry is still
 * current is for its caller to ask the change counters with the entry's stamp.
 */
final class HeapTier {
  // What an entry costs besides its value's serialized bytes: the map node, the entry and its key hash.
  private static final long ENTRY_OVERHEAD_BYTES = 200;

  private final long maxEntries;
  private final long maxBytes;
  private final ConcurrentHashMap<String, Held> held = new ConcurrentHashMap<>();
  // Entries in the order they came in, each once per put; one no longer held is skipped when it comes round.
  private final ConcurrentLinkedQueue<Held> order = new ConcurrentLinkedQueue<>();
  private final AtomicLong queued = new AtomicLong();
  private final AtomicLong entries = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();

  HeapTier(long maxEntries, long maxBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
  }

  /**
   * A verified entry held in memory: an immutable value itself, or a value's serialized bytes, to deserialize a
   * copy of for every reader.
   *
   * @param immutableValue the value, if of a class whose instances cannot change; else null
   * @param serialized the value's serialized form (decrypted) if it is not kept itself; else null
   * @param stamp the change counters' stamp taken before the row was loaded, or when it was written
   */
  record Entry(String cacheKey, Object immutableValue, byte[] serialized, long createdAt, long expiresAt,
      RowVersion version, long stamp, long weight) {}

  /** An entry and what the tier tracks of it. */
  static final class Held {
    final Entry entry;
    volatile boolean referenced;
    // When an access of the entry was last recorded in the store for its eviction order.
    volatile long accessRecordedAt;

    Held(Entry entry, long accessRecordedAt) {
      this.entry = entry;
      this.accessRecordedAt = accessRecordedAt;
    }
  }

  /** Whether an entry of this many serialized bytes may be held. */
  boolean fits(long serializedBytes) {
    return serializedBytes + ENTRY_OVERHEAD_BYTES <= maxBytes;
  }

  /** The entry held under the key, or null. */
  Held get(String cacheKey) {
    Held found = held.get(cacheKey);
    if (found != null) {
      found.referenced = true;
    }
    return found;
  }

  /** Holds the entry in place of any under its key, then evicts beyond the limits. */
  void put(Entry entry, long accessRecordedAt) {
    long weight = entry.weight() + ENTRY_OVERHEAD_BYTES;
    if (weight > maxBytes) {
      remove(entry.cacheKey());
      return;
    }
    Held added = new Held(entry, accessRecordedAt);
    Held replaced = held.put(entry.cacheKey(), added);
    if (replaced != null) {
      forget(replaced);
    }
    entries.incrementAndGet();
    bytes.addAndGet(weight);
    order.offer(added);
    queued.incrementAndGet();
    evictBeyondLimits();
  }

  /** Drops whatever is held under the key. */
  void remove(String cacheKey) {
    Held removed = held.remove(cacheKey);
    if (removed != null) {
      forget(removed);
    }
  }

  /** Drops this entry, unless another has taken its place. */
  void remove(Held entry) {
    if (held.remove(entry.entry.cacheKey(), entry)) {
      forget(entry);
    }
  }

  /** Drops everything. */
  void clear() {
    for (Held entry : held.values()) {
      remove(entry);
    }
  }

  long size() {
    return entries.get();
  }

  private void forget(Held entry) {
    entries.decrementAndGet();
    bytes.addAndGet(-(entry.entry.weight() + ENTRY_OVERHEAD_BYTES));
  }

  /**
   * Gives each entry coming round a second chance if it was read since it last came round, and evicts it
   * otherwise; also drains entries no longer held, so that the queue never grows far beyond what is held.
   */
  private void evictBeyondLimits() {
    while (true) {
      boolean over = entries.get() > maxEntries || bytes.get() > maxBytes;
      if (!over && queued.get() <= 2 * entries.get() + 64) {
        return;
      }
      Held next = order.poll();
      if (next == null) {
        return;
      }
      queued.decrementAndGet();
      if (held.get(next.entry.cacheKey()) != next) {
        continue;
      }
      if (over && !next.referenced) {
        remove(next);
        continue;
      }
      if (over) {
        next.referenced = false;
      }
      order.offer(next);
      queued.incrementAndGet();
    }
  }
}
