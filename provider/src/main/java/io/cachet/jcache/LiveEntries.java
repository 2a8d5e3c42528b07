package io.cachet.jcache;

import io.cachet.sealed.SealedEntry;
import io.cachet.sealed.StoredKey;
import java.util.HashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The entries of a cache as its operations see them, at the cache's clock: an expired entry is a miss,
 * deleted and reported as an expired event by whoever deletes it first (this thread or another, here or in
 * another process); a lookup applies the access expiry to what it found.
 *
 * <p>Lookups take no lock: what they change (an expired entry's removal, an access expiry) applies only to
 * the entry they read, so a write in between wins.
 */
final class LiveEntries<K, V> {
  private final EntryStorage storage;
  private final ExpiryTimes expiry;
  private final LongSupplier clock;

  LiveEntries(EntryStorage storage, ExpiryTimes expiry, LongSupplier clock) {
    this.storage = storage;
    this.expiry = expiry;
    this.clock = clock;
  }

  long now() {
    return clock.getAsLong();
  }

  /** The live entry under the key, or null, for an operation holding the key's lock; storage failures throw. */
  SealedEntry live(K key, StoredKey storedKey, long now, PendingEvents<K, V> events) {
    return unexpired(key, storage.read(storedKey), now, events);
  }

  /** A lookup of one key (get): the live value or null, its statistic and its access expiry. */
  V lookup(K key, StoredKey storedKey, OperationEffects<K, V> effects) {
    long now = clock.getAsLong();
    SealedEntry entry = unexpired(key, storage.readOrMiss(storedKey), now, effects.events());
    effects.countGet(entry != null);
    if (entry == null) {
      return null;
    }
    touch(entry, now);
    return valueOf(entry);
  }

  /** Lookups of several keys read together (getAll): the live values by key, the keys missing left out. */
  Map<K, V> lookupAll(Map<K, StoredKey> storedKeys, OperationEffects<K, V> effects) {
    Map<StoredKey, SealedEntry> read = storage.readAllOrMisses(storedKeys.values());
    long now = clock.getAsLong();
    Map<K, V> found = new HashMap<>();
    for (Map.Entry<K, StoredKey> key : storedKeys.entrySet()) {
      SealedEntry entry = unexpired(key.getKey(), read.get(key.getValue()), now, effects.events());
      if (entry != null) {
        touch(entry, now);
        found.put(key.getKey(), valueOf(entry));
      }
    }
    effects.countGets(found.size(), storedKeys.size() - found.size());
    return found;
  }

  /** Whether the key holds a live entry (containsKey): no access, no statistic, no expiry event. */
  boolean contains(StoredKey storedKey) {
    SealedEntry entry = storage.readOrMiss(storedKey);
    return entry != null && !entry.isExpiredAt(clock.getAsLong());
  }

  /**
   * The live value under a key met by iteration, its access expiry applied, or null; an expired entry is
   * passed over and left to the sweeper or the next keyed access.
   */
  V iterated(StoredKey storedKey) {
    long now = clock.getAsLong();
    SealedEntry entry = storage.readOrMiss(storedKey);
    if (entry == null || entry.isExpiredAt(now)) {
      return null;
    }
    touch(entry, now);
    return valueOf(entry);
  }

  /** The entry just read, or null if there is none or it is expired (then deleted and reported). */
  SealedEntry unexpired(K key, SealedEntry entry, long now, PendingEvents<K, V> events) {
    if (entry == null || !entry.isExpiredAt(now)) {
      return entry;
    }
    if (storage.deleteIfUnchanged(entry)) {
      events.expired(key, valueOf(entry));
    }
    return null;
  }

  /** Applies the access expiry to an entry that was just read, unless it was replaced since. */
  void touch(SealedEntry entry, long now) {
    long expiresAt = expiry.forAccess(now);
    if (expiresAt != ExpiryTimes.UNCHANGED && expiresAt != entry.expiresAt()) {
      storage.updateExpiry(entry, expiresAt);
    }
  }

  /** The entry's value as the cache's value type, or null for no entry. */
  @SuppressWarnings("unchecked")
  static <V> V valueOf(SealedEntry entry) {
    return entry == null ? null : (V) entry.value();
  }

  @SuppressWarnings("unchecked")
  static <K> K keyOf(StoredKey storedKey) {
    return (K) storedKey.key();
  }
}
