package io.cachet.jcache;

import io.cachet.sealed.SealedEntry;
import io.cachet.sealed.SealedNamespace;
import io.cachet.sealed.SealedNamespace.KeyLock;
import io.cachet.sealed.StoredKey;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The one place where a cache's keyed operations happen: take the keys' lock, read the clock, read the live
 * entry (expiring it if due), ask the operation for a {@link Decision}, and carry it out — writer, store,
 * events and statistics. Each JCache method is a decision given to {@link #apply}.
 *
 * <p>The lock is held from the read to the last write, so compound operations ({@code putIfAbsent},
 * {@code replace}, {@code invoke}, ...) are atomic per key, also against other processes sharing the root
 * (the store's locks are held across processes). Events are collected while it is held and dispatched after
 * it is released, in the process that made the change.
 */
// Key locks are held by try-with-resources for the block they guard, without being read in it.
@SuppressWarnings("try")
final class KeyedMutations<K, V> {
  private final EntryStorage storage;
  private final LiveEntries<K, V> entries;
  private final ExpiryTimes expiry;
  private final EntryWriter<K, V> writer;
  private final EventDispatcher<K, V> dispatcher;
  private final CacheStatistics statistics;

  KeyedMutations(EntryStorage storage, LiveEntries<K, V> entries, ExpiryTimes expiry, EntryWriter<K, V> writer,
      EventDispatcher<K, V> dispatcher, CacheStatistics statistics) {
    this.storage = storage;
    this.entries = entries;
    this.expiry = expiry;
    this.writer = writer;
    this.dispatcher = dispatcher;
    this.statistics = statistics;
  }

  /**
   * What an operation found under its key and what became of it.
   *
   * @param previous the live value before, or null
   * @param value the value under the key as the operation leaves it (a loaded value even if its creation
   *     expiry kept it from being stored), or null
   * @param stored whether a value was stored
   * @param removed whether a live entry was removed
   */
  record Outcome<V>(V previous, V value, boolean stored, boolean removed) {}

  /** Whether an operation's read of the entry counts as a get in the statistics. */
  enum Reading {
    COUNTED,
    UNCOUNTED
  }

  /** The effects of a new operation, to be finished when it is done. */
  OperationEffects<K, V> begin() {
    return new OperationEffects<>(statistics, dispatcher);
  }

  /** Runs one operation on one key, deciding on its live value. */
  Outcome<V> apply(K key, Reading reading, Function<? super V, Decision<V>> decide) {
    OperationEffects<K, V> effects = begin();
    Outcome<V> outcome = apply(key, storage.key(key), reading, decide, effects);
    effects.finish();
    return outcome;
  }

  /** {@link #apply(Object, Reading, Function)} as one part of a larger operation. */
  Outcome<V> apply(K key, StoredKey storedKey, Reading reading, Function<? super V, Decision<V>> decide,
      OperationEffects<K, V> effects) {
    try (KeyLock held = storage.lock(List.of(storedKey))) {
      return decideAndCommit(key, storedKey, entries.now(), reading, decide, effects);
    }
  }

  /**
   * Runs an operation whose decision does not depend on the entry (put, remove): the writer is told first,
   * and the entry is read only if the caller or a listener will see the value it held.
   */
  Outcome<V> applyRegardless(K key, Reading reading, Decision<V> decision) {
    OperationEffects<K, V> effects = begin();
    StoredKey storedKey = storage.key(key);
    Outcome<V> outcome;
    try (KeyLock held = storage.lock(List.of(storedKey))) {
      long now = entries.now();
      tellWriter(key, decision);
      if (reading == Reading.UNCOUNTED && decision instanceof Decision.Put<V> put && !dispatcher.hasListeners()) {
        boolean stored = storeOverWhateverIsThere(Map.of(storedKey, put.value()), now, effects) == 1;
        outcome = new Outcome<>(null, put.value(), stored, false);
      } else {
        outcome = decideAndCommit(key, storedKey, now, reading, current -> decision.asWrittenThrough(), effects);
      }
    }
    effects.finish();
    return outcome;
  }

  /**
   * putAll: the writer is given every entry at once; those it wrote are stored, and its failure, if any, is
   * returned for the caller to throw once the events are dispatched.
   */
  EntryWriter.Partial<K> putAll(Map<K, V> values) {
    OperationEffects<K, V> effects = begin();
    Map<K, StoredKey> storedKeys = storedKeys(values.keySet());
    EntryWriter.Partial<K> written;
    try (KeyLock held = storage.lock(storedKeys.values())) {
      written = writer.writeAll(values);
      long now = entries.now();
      Map<K, V> toStore = new LinkedHashMap<>(values);
      toStore.keySet().removeAll(written.failedKeys());
      if (!dispatcher.hasListeners()) {
        Map<StoredKey, V> byStoredKey = new LinkedHashMap<>();
        toStore.forEach((key, value) -> byStoredKey.put(storedKeys.get(key), value));
        storeOverWhateverIsThere(byStoredKey, now, effects);
      } else {
        toStore.forEach((key, value) -> decideAndCommit(key, storedKeys.get(key), now, Reading.UNCOUNTED,
            current -> new Decision.Put<>(value, true), effects));
      }
    }
    effects.finish();
    return written;
  }

  /** removeAll: the writer is told of every key at once; those it deleted are removed, as in {@link #putAll}. */
  EntryWriter.Partial<K> removeAll(Collection<K> keys) {
    OperationEffects<K, V> effects = begin();
    Map<K, StoredKey> storedKeys = storedKeys(keys);
    EntryWriter.Partial<K> deleted;
    try (KeyLock held = storage.lock(storedKeys.values())) {
      deleted = writer.deleteAll(storedKeys.keySet());
      long now = entries.now();
      storedKeys.forEach((key, storedKey) -> {
        if (!deleted.failedKeys().contains(key)) {
          decideAndCommit(key, storedKey, now, Reading.UNCOUNTED, current -> new Decision.Remove<>(true), effects);
        }
      });
    }
    effects.finish();
    return deleted;
  }

  /**
   * The iterator's remove: the entry it returned goes as it is now, reported as removed (it was live when
   * the iterator returned it), without the expiry check of a keyed remove.
   */
  void removeIterated(K key, StoredKey storedKey) {
    OperationEffects<K, V> effects = begin();
    try (KeyLock held = storage.lock(List.of(storedKey))) {
      writer.delete(key);
      SealedEntry entry = storage.read(storedKey);
      if (entry != null) {
        storage.delete(storedKey);
        effects.events().removed(key, LiveEntries.valueOf(entry));
        effects.countRemoval();
      }
    }
    effects.finish();
  }

  private Map<K, StoredKey> storedKeys(Collection<K> keys) {
    Map<K, StoredKey> storedKeys = new LinkedHashMap<>();
    for (K key : keys) {
      storedKeys.put(key, storage.key(key));
    }
    return storedKeys;
  }

  private Outcome<V> decideAndCommit(K key, StoredKey storedKey, long now, Reading reading,
      Function<? super V, Decision<V>> decide, OperationEffects<K, V> effects) {
    SealedEntry entry = entries.live(key, storedKey, now, effects.events());
    if (reading == Reading.COUNTED) {
      effects.countGet(entry != null);
    }
    V previous = LiveEntries.valueOf(entry);
    Decision<V> decision = decide.apply(previous);
    tellWriter(key, decision);
    if (decision instanceof Decision.Put<V> put) {
      boolean stored = store(key, storedKey, put.value(), entry, now, effects);
      effects.countPuts(stored ? 1 : 0);
      return new Outcome<>(previous, put.value(), stored, false);
    }
    if (decision instanceof Decision.Load<V> load) {
      return new Outcome<>(previous, load.value(), store(key, storedKey, load.value(), entry, now, effects), false);
    }
    if (decision instanceof Decision.Remove<V>) {
      if (entry == null) {
        storage.deleteKeptRefusal(storedKey);
        return new Outcome<>(null, null, false, false);
      }
      storage.delete(storedKey);
      effects.events().removed(key, previous);
      effects.countRemoval();
      return new Outcome<>(previous, null, false, true);
    }
    if (((Decision.Keep<V>) decision).accessed() && entry != null) {
      entries.touch(entry, now);
    }
    return new Outcome<>(previous, previous, false, false);
  }

  /** Write-through: the writer hears of a put or remove before the store changes. */
  private void tellWriter(K key, Decision<V> decision) {
    if (decision instanceof Decision.Put<V> put && !put.writtenThrough()) {
      writer.write(key, put.value());
    } else if (decision instanceof Decision.Remove<V> remove && !remove.writtenThrough()) {
      writer.delete(key);
    }
  }

  /**
   * Stores a value over the live entry (or none): a new entry gets the creation expiry and is not stored if
   * that makes it dead on arrival; an update gets the update expiry.
   */
  private boolean store(K key, StoredKey storedKey, V value, SealedEntry entry, long now,
      OperationEffects<K, V> effects) {
    if (entry == null) {
      long expiresAt = expiry.forCreation(now);
      if (expiresAt <= now) {
        return false;
      }
      effects.countEvictions(storage.write(storedKey, value, now, expiresAt));
      effects.events().created(key, value);
      return true;
    }
    long expiresAt = expiry.forUpdate(now);
    effects.countEvictions(storage.write(storedKey, value, now,
        expiresAt == ExpiryTimes.UNCHANGED ? entry.expiresAt() : expiresAt));
    effects.events().updated(key, value, LiveEntries.valueOf(entry));
    return true;
  }

  /**
   * Puts whose previous values nobody sees: the entries under the keys are read, their expiry applied and the
   * new entries written in one store transaction, without reading or decoding the previous payloads. Returns
   * how many were stored (a creation expiry may make an entry dead on arrival).
   */
  private int storeOverWhateverIsThere(Map<StoredKey, V> values, long now, OperationEffects<K, V> effects) {
    SealedNamespace.Written written = storage.writeAll(values, now, replaced -> {
      if (replaced == null) {
        long expiresAt = expiry.forCreation(now);
        return expiresAt <= now ? SealedNamespace.DO_NOT_WRITE : expiresAt;
      }
      long expiresAt = expiry.forUpdate(now);
      return expiresAt == ExpiryTimes.UNCHANGED ? replaced.expiresAt() : expiresAt;
    });
    effects.countEvictions(written.evictions());
    effects.countPuts(written.stored());
    return written.stored();
  }
}
