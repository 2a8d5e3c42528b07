package io.cachet.jcache;

import io.cachet.CachetConfiguration;
import io.cachet.IntegrityEvent;
import io.cachet.IntegrityListener;
import io.cachet.SealInfo;
import io.cachet.SealedCache;
import io.cachet.sealed.SealedEntry;
import io.cachet.sealed.SealedNamespace;
import io.cachet.sealed.SealedNamespace.KeyLock;
import io.cachet.sealed.SealedStoreException;
import io.cachet.sealed.StoredKey;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheLoaderException;
import javax.cache.integration.CacheWriter;
import javax.cache.integration.CacheWriterException;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorException;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache cache whose entries live in a {@link SealedNamespace}: every value is serialized on write and
 * deserialized afresh on read (store-by-value), and survives the process.
 *
 * <p>Each operation that writes holds the key's lock from its first read to its last write, so compound
 * operations ({@code putIfAbsent}, {@code replace}, {@code invoke}, ...) are atomic per key, also against
 * other processes sharing the root (the store's locks are held across processes). Reads take no lock: the
 * changes they make (removing an expired entry, an access expiry) apply only if the entry is still the one
 * read. Events are collected while the lock is held and dispatched after it is released, in the process
 * that made the change.
 */
public final class CachetCache<K, V> implements SealedCache<K, V> {
  private static final System.Logger LOG = System.getLogger(CachetCache.class.getName());
  // Small enough that a sweep never holds up writers for long, as each batch is its own transactions.
  private static final int EXPIRY_SWEEP_BATCH = 256;

  private final CachetCacheManager manager;
  private final String name;
  private final MutableConfiguration<K, V> configuration;
  private final SealedNamespace store;
  private final ExpiryTimes expiry;
  private final CacheLoader<K, V> loader;
  private final CacheWriter<K, V> writer;
  private final EventDispatcher<K, V> events;
  private final CacheStatistics statistics = new CacheStatistics();
  private final CacheConfigurationMXBean configurationMXBean = new CacheConfigurationMXBean(this);
  private final IntegrityMonitor integrity;
  private final LongSupplier clock;
  private final Executor loadExecutor;
  private volatile boolean closed;

  CachetCache(CachetCacheManager manager, String name, MutableConfiguration<K, V> configuration,
      SealedNamespace store, IntegrityMonitor integrity, LongSupplier clock, Executor loadExecutor) {
    this.manager = manager;
    this.integrity = integrity;
    this.name = name;
    this.configuration = configuration;
    this.store = store;
    this.clock = clock;
    this.loadExecutor = loadExecutor;
    this.expiry = new ExpiryTimes(create(configuration.getExpiryPolicyFactory(), "ExpiryPolicy"));
    this.loader = configuration.getCacheLoaderFactory() == null
        ? null : create(configuration.getCacheLoaderFactory(), "CacheLoader");
    this.writer = configuration.getCacheWriterFactory() == null
        ? null : CachetCache.<K, V>writerOf(create(configuration.getCacheWriterFactory(), "CacheWriter"));
    this.events = new EventDispatcher<>(this);
    List<CacheEntryListenerConfiguration<K, V>> listeners = new ArrayList<>();
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      listeners.add(listener);
    }
    for (CacheEntryListenerConfiguration<K, V> listener : listeners) {
      events.register(listener);
    }
    setStatisticsEnabled(configuration.isStatisticsEnabled());
    setManagementEnabled(configuration.isManagementEnabled());
    JmxRegistration.register(managerUri(), name, JmxRegistration.Kind.CacheIntegrity, integrity);
  }

  /** Copies any JCache configuration into the mutable form the cache keeps, validating it. */
  static <K, V> MutableConfiguration<K, V> copyOf(Configuration<K, V> configuration) {
    MutableConfiguration<K, V> copy;
    if (configuration instanceof CachetConfiguration<K, V> cachet) {
      copy = new CachetConfiguration<>(cachet);
    } else if (configuration instanceof CompleteConfiguration<K, V> complete) {
      copy = new MutableConfiguration<>(complete);
    } else {
      copy = new MutableConfiguration<K, V>()
          .setTypes(configuration.getKeyType(), configuration.getValueType())
          .setStoreByValue(configuration.isStoreByValue());
    }
    if (!copy.isStoreByValue()) {
      throw new UnsupportedOperationException(
          "Cachet stores by value only: every entry is serialized and sealed on disk; "
              + "configure storeByValue=true (the JCache default)");
    }
    return copy;
  }

  /**
   * Narrows a writer of supertypes to one of the cache's types: it accepts every entry the cache can hand
   * it, and the narrower type lets batches be passed without copying.
   */
  @SuppressWarnings("unchecked")
  private static <K, V> CacheWriter<K, V> writerOf(CacheWriter<? super K, ? super V> writer) {
    return (CacheWriter<K, V>) writer;
  }

  private static <T> T create(Factory<T> factory, String what) {
    try {
      T created = factory.create();
      if (created == null) {
        throw new CacheException("The " + what + " factory " + factory.getClass().getName() + " returned null");
      }
      return created;
    } catch (CacheException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new CacheException("The " + what + " factory " + factory.getClass().getName() + " failed", e);
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    requireOpen();
    requireKey(key);
    PendingEvents<K, V> batch = events.newBatch();
    V value = getOne(key, stored(key), batch);
    events.dispatch(batch);
    return value;
  }

  /**
   * Reads take no lock: what they change (an expired entry's removal, an access expiry) applies only to the
   * entry they read, so a write in between wins. Loading a missing value is a write, made under the lock.
   */
  private V getOne(K key, StoredKey storedKey, PendingEvents<K, V> batch) {
    long start = statistics.start();
    V value = liveValue(key, storedKey, batch, start);
    if (value != null || !isReadThrough()) {
      return value;
    }
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      SealedEntry entry = live(key, storedKey, now, batch);
      if (entry != null) {
        return valueOf(entry);
      }
      V loaded = load(key);
      if (loaded != null) {
        storeNew(key, storedKey, loaded, now, batch);
      }
      return loaded;
    }
  }

  /** A read of one key: the live value or null, its access expiry and its statistics. */
  private V liveValue(K key, StoredKey storedKey, PendingEvents<K, V> batch, long start) {
    long now = clock.getAsLong();
    SealedEntry entry = unexpired(key, readOrMiss(storedKey), now, batch);
    statistics.recordGet(entry != null, start);
    if (entry == null) {
      return null;
    }
    touch(entry, now);
    return valueOf(entry);
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    PendingEvents<K, V> batch = events.newBatch();
    long start = statistics.start();
    Map<K, StoredKey> storedKeys = new LinkedHashMap<>();
    for (K key : keys) {
      storedKeys.put(key, stored(key));
    }
    Map<K, V> found = new HashMap<>();
    List<K> missing = new ArrayList<>();
    Map<StoredKey, SealedEntry> read = readAllOrMisses(storedKeys.values());
    long now = clock.getAsLong();
    for (Map.Entry<K, StoredKey> key : storedKeys.entrySet()) {
      SealedEntry entry = unexpired(key.getKey(), read.get(key.getValue()), now, batch);
      if (entry == null) {
        missing.add(key.getKey());
      } else {
        touch(entry, now);
        found.put(key.getKey(), valueOf(entry));
      }
    }
    statistics.recordGets(found.size(), missing.size(), start);
    if (isReadThrough() && !missing.isEmpty()) {
      Map<K, V> loaded = loadAllFromLoader(missing);
      for (K key : missing) {
        V value = loaded.get(key);
        if (value != null && storeLoaded(key, value, false, batch)) {
          found.put(key, value);
        }
      }
    }
    events.dispatch(batch);
    return found;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    requireKey(key);
    SealedEntry entry = readOrMiss(stored(key));
    return entry != null && !entry.isExpiredAt(clock.getAsLong());
  }

  // ---------------------------------------------------------------- loading

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    requireOpen();
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "keys contains null");
    }
    if (loader == null) {
      if (completionListener != null) {
        completionListener.onCompletion();
      }
      return;
    }
    List<K> requested = new ArrayList<>(keys);
    loadExecutor.execute(() -> {
      try {
        List<K> toLoad = new ArrayList<>();
        for (K key : requested) {
          if (replaceExistingValues || !containsKey(key)) {
            toLoad.add(key);
          }
        }
        Map<K, V> loaded = toLoad.isEmpty() ? Map.of() : loadAllFromLoader(toLoad);
        PendingEvents<K, V> batch = events.newBatch();
        for (K key : toLoad) {
          V value = loaded.get(key);
          if (value != null) {
            storeLoaded(key, value, replaceExistingValues, batch);
          }
        }
        events.dispatch(batch);
        if (completionListener != null) {
          completionListener.onCompletion();
        }
      } catch (Exception e) {
        if (completionListener != null) {
          completionListener.onException(e);
        } else {
          LOG.log(System.Logger.Level.WARNING, "loadAll on cache " + name + " failed", e);
        }
      }
    });
  }

  /** Stores a value that came from the loader: no writer call, no put statistic. */
  private boolean storeLoaded(K key, V value, boolean replaceExisting, PendingEvents<K, V> batch) {
    StoredKey storedKey = stored(key);
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      SealedEntry entry = live(key, storedKey, now, batch);
      if (entry == null) {
        return storeNew(key, storedKey, value, now, batch);
      }
      if (replaceExisting) {
        storeUpdate(key, storedKey, value, entry, now, batch);
        return true;
      }
      return false;
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    putAndGetPrevious(key, value, false);
  }

  @Override
  public V getAndPut(K key, V value) {
    return putAndGetPrevious(key, value, true);
  }

  /**
   * The put of {@code put} and {@code getAndPut}; the latter also counts as a read of the previous value in
   * the statistics, as the specification's statistics require.
   */
  private V putAndGetPrevious(K key, V value, boolean countsAsGet) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    StoredKey storedKey = stored(key);
    PendingEvents<K, V> batch = events.newBatch();
    V previous = null;
    boolean stored;
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      // Without a caller or a listener to see the previous value, it is neither read nor decoded.
      if (!countsAsGet && !events.hasListeners()) {
        writeThrough(key, value);
        stored = writeOverWhateverIsThere(Map.of(storedKey, value), now) == 1;
      } else {
        SealedEntry entry = live(key, storedKey, now, batch);
        writeThrough(key, value);
        if (entry == null) {
          stored = storeNew(key, storedKey, value, now, batch);
        } else {
          previous = valueOf(entry);
          storeUpdate(key, storedKey, value, entry, now, batch);
          stored = true;
        }
      }
    }
    if (countsAsGet) {
      statistics.recordGet(previous != null, start);
    }
    if (stored) {
      statistics.recordPuts(1, start);
    }
    events.dispatch(batch);
    return previous;
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    Map<K, V> entries = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      requireEntry(entry.getKey(), entry.getValue());
      entries.put(entry.getKey(), entry.getValue());
    }
    long start = statistics.start();
    Map<K, StoredKey> storedKeys = new LinkedHashMap<>();
    for (K key : entries.keySet()) {
      storedKeys.put(key, stored(key));
    }
    PendingEvents<K, V> batch = events.newBatch();
    CacheWriterException writeFailure = null;
    int puts = 0;
    try (KeyLock held = lock(storedKeys.values())) {
      Set<K> toStore = new LinkedHashSet<>(entries.keySet());
      if (isWriteThrough()) {
        List<Cache.Entry<? extends K, ? extends V>> unwritten = new ArrayList<>();
        for (Map.Entry<K, V> entry : entries.entrySet()) {
          unwritten.add(new CachetEntry<>(entry.getKey(), entry.getValue()));
        }
        try {
          writer.writeAll(unwritten);
          unwritten.clear();
        } catch (Exception e) {
          writeFailure = asWriterException(e);
        }
        for (Cache.Entry<? extends K, ? extends V> failed : unwritten) {
          toStore.remove(failed.getKey());
        }
      }
      long now = clock.getAsLong();
      if (!events.hasListeners()) {
        Map<StoredKey, V> values = new LinkedHashMap<>();
        for (K key : toStore) {
          values.put(storedKeys.get(key), entries.get(key));
        }
        puts = writeOverWhateverIsThere(values, now);
        toStore.clear();
      }
      for (K key : toStore) {
        StoredKey storedKey = storedKeys.get(key);
        V value = entries.get(key);
        SealedEntry entry = live(key, storedKey, now, batch);
        if (entry == null) {
          if (storeNew(key, storedKey, value, now, batch)) {
            puts++;
          }
        } else {
          storeUpdate(key, storedKey, value, entry, now, batch);
          puts++;
        }
      }
    }
    if (puts > 0) {
      statistics.recordPuts(puts, start);
    }
    events.dispatch(batch);
    if (writeFailure != null) {
      throw writeFailure;
    }
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    StoredKey storedKey = stored(key);
    PendingEvents<K, V> batch = events.newBatch();
    boolean stored = false;
    boolean absent;
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      SealedEntry entry = live(key, storedKey, now, batch);
      absent = entry == null;
      if (absent) {
        writeThrough(key, value);
        stored = storeNew(key, storedKey, value, now, batch);
      }
    }
    statistics.recordGet(!absent, start);
    if (stored) {
      statistics.recordPuts(1, start);
    }
    events.dispatch(batch);
    return stored;
  }

  @Override
  public boolean remove(K key) {
    return removeAndGetPrevious(key, false) != null;
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    requireKey(key);
    Objects.requireNonNull(oldValue, "oldValue");
    long start = statistics.start();
    StoredKey storedKey = stored(key);
    PendingEvents<K, V> batch = events.newBatch();
    boolean removed = false;
    boolean hit;
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      SealedEntry entry = live(key, storedKey, now, batch);
      hit = entry != null;
      if (hit) {
        V current = valueOf(entry);
        if (current.equals(oldValue)) {
          deleteThrough(key);
          delete(storedKey);
          batch.removed(key, current);
          removed = true;
        } else {
          touch(entry, now);
        }
      }
    }
    statistics.recordGet(hit, start);
    if (removed) {
      statistics.recordRemovals(1, start);
    }
    events.dispatch(batch);
    return removed;
  }

  @Override
  public V getAndRemove(K key) {
    return removeAndGetPrevious(key, true);
  }

  /**
   * The removal of {@code remove(key)} and {@code getAndRemove}: the writer is told of the delete whether or
   * not an entry exists; {@code getAndRemove} also counts as a read of the removed value.
   */
  private V removeAndGetPrevious(K key, boolean countsAsGet) {
    requireOpen();
    requireKey(key);
    long start = statistics.start();
    StoredKey storedKey = stored(key);
    PendingEvents<K, V> batch = events.newBatch();
    V previous = null;
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      deleteThrough(key);
      SealedEntry entry = live(key, storedKey, now, batch);
      if (entry != null) {
        previous = valueOf(entry);
        delete(storedKey);
        batch.removed(key, previous);
      } else {
        deleteHidden(storedKey);
      }
    }
    if (countsAsGet) {
      statistics.recordGet(previous != null, start);
    }
    if (previous != null) {
      statistics.recordRemovals(1, start);
    }
    events.dispatch(batch);
    return previous;
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    requireEntry(key, newValue);
    Objects.requireNonNull(oldValue, "oldValue");
    long start = statistics.start();
    StoredKey storedKey = stored(key);
    PendingEvents<K, V> batch = events.newBatch();
    boolean replaced = false;
    boolean hit;
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      SealedEntry entry = live(key, storedKey, now, batch);
      hit = entry != null;
      if (hit) {
        if (valueOf(entry).equals(oldValue)) {
          writeThrough(key, newValue);
          storeUpdate(key, storedKey, newValue, entry, now, batch);
          replaced = true;
        } else {
          touch(entry, now);
        }
      }
    }
    statistics.recordGet(hit, start);
    if (replaced) {
      statistics.recordPuts(1, start);
    }
    events.dispatch(batch);
    return replaced;
  }

  @Override
  public boolean replace(K key, V value) {
    return getAndReplaceInternal(key, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    return getAndReplaceInternal(key, value);
  }

  private V getAndReplaceInternal(K key, V value) {
    requireOpen();
    requireEntry(key, value);
    long start = statistics.start();
    StoredKey storedKey = stored(key);
    PendingEvents<K, V> batch = events.newBatch();
    V previous = null;
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      SealedEntry entry = live(key, storedKey, now, batch);
      if (entry != null) {
        previous = valueOf(entry);
        writeThrough(key, value);
        storeUpdate(key, storedKey, value, entry, now, batch);
      }
    }
    statistics.recordGet(previous != null, start);
    if (previous != null) {
      statistics.recordPuts(1, start);
    }
    events.dispatch(batch);
    return previous;
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    removeKeys(new ArrayList<>(keys));
  }

  @Override
  public void removeAll() {
    requireOpen();
    List<K> keys = new ArrayList<>();
    for (StoredKey storedKey : storedKeys()) {
      keys.add(keyOf(storedKey));
    }
    removeKeys(keys);
  }

  private void removeKeys(List<K> keys) {
    long start = statistics.start();
    Map<K, StoredKey> storedKeys = new LinkedHashMap<>();
    for (K key : keys) {
      storedKeys.put(key, stored(key));
    }
    PendingEvents<K, V> batch = events.newBatch();
    CacheWriterException writeFailure = null;
    int removed = 0;
    try (KeyLock held = lock(storedKeys.values())) {
      Set<K> toRemove = new LinkedHashSet<>(storedKeys.keySet());
      if (isWriteThrough() && !toRemove.isEmpty()) {
        Set<K> undeleted = new LinkedHashSet<>(toRemove);
        try {
          writer.deleteAll(undeleted);
          undeleted.clear();
        } catch (Exception e) {
          writeFailure = asWriterException(e);
        }
        toRemove.removeAll(undeleted);
      }
      long now = clock.getAsLong();
      for (K key : toRemove) {
        StoredKey storedKey = storedKeys.get(key);
        SealedEntry entry = live(key, storedKey, now, batch);
        if (entry != null) {
          delete(storedKey);
          batch.removed(key, valueOf(entry));
          removed++;
        } else {
          deleteHidden(storedKey);
        }
      }
    }
    if (removed > 0) {
      statistics.recordRemovals(removed, start);
    }
    events.dispatch(batch);
    if (writeFailure != null) {
      throw writeFailure;
    }
  }

  @Override
  public void clear() {
    requireOpen();
    try {
      store.clear();
    } catch (SealedStoreException e) {
      throw storageFailure("clear", e);
    }
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    PendingEvents<K, V> batch = events.newBatch();
    T result = invokeOne(key, entryProcessor, arguments, batch);
    events.dispatch(batch);
    return result;
  }

  private <T> T invokeOne(K key, EntryProcessor<K, V, T> processor, Object[] arguments, PendingEvents<K, V> batch) {
    long start = statistics.start();
    StoredKey storedKey = stored(key);
    try (KeyLock held = lock(storedKey)) {
      long now = clock.getAsLong();
      SealedEntry entry = live(key, storedKey, now, batch);
      statistics.recordGet(entry != null, start);
      V existing = entry == null ? null : valueOf(entry);
      ProcessedEntry<K, V> mutable = new ProcessedEntry<>(key, existing, isReadThrough() ? this::load : null);
      T result;
      try {
        result = processor.process(mutable, arguments);
      } catch (CacheException e) {
        throw e;
      } catch (Exception e) {
        throw new EntryProcessorException(e);
      }
      long applyStart = statistics.start();
      switch (mutable.operation()) {
        case NONE -> { }
        case ACCESS -> touch(entry, now);
        case LOAD -> storeNew(key, storedKey, mutable.value(), now, batch);
        case CREATE -> {
          requireValueType(mutable.value());
          writeThrough(key, mutable.value());
          if (storeNew(key, storedKey, mutable.value(), now, batch)) {
            statistics.recordPuts(1, applyStart);
          }
        }
        case UPDATE -> {
          requireValueType(mutable.value());
          writeThrough(key, mutable.value());
          storeUpdate(key, storedKey, mutable.value(), entry, now, batch);
          statistics.recordPuts(1, applyStart);
        }
        case REMOVE -> {
          deleteThrough(key);
          if (entry != null) {
            delete(storedKey);
            batch.removed(key, existing);
            statistics.recordRemovals(1, applyStart);
          } else {
            deleteHidden(storedKey);
          }
        }
        default -> throw new IllegalStateException("Unknown operation " + mutable.operation());
      }
      return result;
    }
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments) {
    requireOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    PendingEvents<K, V> batch = events.newBatch();
    for (K key : keys) {
      try {
        T result = invokeOne(key, entryProcessor, arguments, batch);
        if (result != null) {
          results.put(key, ProcessorResult.of(result));
        }
      } catch (Exception e) {
        results.put(key, ProcessorResult.failed(e));
      }
    }
    events.dispatch(batch);
    return results;
  }

  // ---------------------------------------------------------------- expiry sweep

  /**
   * Removes the entries expired by now, a batch at a time, firing an expired event for each (called by the
   * manager's sweeper). Takes no lock: each removal applies only if the entry is still the expired one.
   */
  void removeExpiredEntries() {
    boolean full = true;
    while (full && !closed) {
      boolean withValues = events.hasListeners();
      List<SealedEntry> removed;
      try {
        removed = store.removeExpired(clock.getAsLong(), EXPIRY_SWEEP_BATCH, withValues);
      } catch (SealedStoreException e) {
        throw new CacheException("Cache " + name + ": cannot remove expired entries: " + e.getMessage(), e);
      }
      if (withValues) {
        PendingEvents<K, V> batch = events.newBatch();
        for (SealedEntry entry : removed) {
          batch.expired(keyOf(entry.key()), valueOf(entry));
        }
        events.dispatch(batch);
      }
      full = removed.size() == EXPIRY_SWEEP_BATCH;
    }
  }

  // ---------------------------------------------------------------- iteration

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator(storedKeys().iterator());
  }

  /** Iterates a snapshot of the keys, reading each live entry as it goes. */
  private final class EntryIterator implements Iterator<Cache.Entry<K, V>> {
    private final Iterator<StoredKey> keys;
    private CachetEntry<K, V> next;
    private CachetEntry<K, V> last;
    private StoredKey lastKey;
    private StoredKey nextKey;

    EntryIterator(Iterator<StoredKey> keys) {
      this.keys = keys;
    }

    @Override
    public boolean hasNext() {
      requireOpen();
      while (next == null && keys.hasNext()) {
        StoredKey storedKey = keys.next();
        long start = statistics.start();
        long now = clock.getAsLong();
        SealedEntry entry = readOrMiss(storedKey);
        if (entry != null && !entry.isExpiredAt(now)) {
          touch(entry, now);
          next = new CachetEntry<>(keyOf(storedKey), valueOf(entry));
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
      requireOpen();
      if (last == null) {
        throw new IllegalStateException("remove() must follow next()");
      }
      long start = statistics.start();
      PendingEvents<K, V> batch = events.newBatch();
      boolean removed = false;
      try (KeyLock held = lock(lastKey)) {
        deleteThrough(last.getKey());
        SealedEntry entry = read(lastKey);
        if (entry != null) {
          delete(lastKey);
          batch.removed(last.getKey(), valueOf(entry));
          removed = true;
        }
      } finally {
        last = null;
        lastKey = null;
      }
      if (removed) {
        statistics.recordRemovals(1, start);
      }
      events.dispatch(batch);
    }
  }

  // ---------------------------------------------------------------- listeners, configuration, lifecycle

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      events.register(listenerConfiguration);
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      if (events.deregister(listenerConfiguration)) {
        configuration.removeCacheEntryListenerConfiguration(listenerConfiguration);
      }
    }
  }

  @Override
  public <C extends Configuration<K, V>> C getConfiguration(Class<C> clazz) {
    Objects.requireNonNull(clazz, "clazz");
    MutableConfiguration<K, V> snapshot;
    synchronized (configuration) {
      snapshot = configuration instanceof CachetConfiguration<K, V> cachet
          ? new CachetConfiguration<>(cachet) : new MutableConfiguration<>(configuration);
    }
    if (clazz.isInstance(snapshot)) {
      return clazz.cast(snapshot);
    }
    throw new IllegalArgumentException("Cachet's cache configuration is a " + MutableConfiguration.class.getName()
        + ", not a " + clazz.getName());
  }

  /** The configuration the cache runs with, for its configuration MXBean. */
  CompleteConfiguration<K, V> liveConfiguration() {
    return configuration;
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public CacheManager getCacheManager() {
    return manager;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
    }
    manager.release(this);
    RuntimeException failure = null;
    try {
      JmxRegistration.unregister(managerUri(), name, JmxRegistration.Kind.CacheStatistics);
      JmxRegistration.unregister(managerUri(), name, JmxRegistration.Kind.CacheConfiguration);
      JmxRegistration.unregister(managerUri(), name, JmxRegistration.Kind.CacheIntegrity);
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Object part : new Object[] {loader, writer, expiry.policy()}) {
      if (part instanceof Closeable closeable) {
        try {
          closeable.close();
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "Closing " + part.getClass().getName() + " of cache " + name
              + " failed", e);
        }
      }
    }
    events.close();
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public void registerIntegrityListener(IntegrityListener listener) {
    requireOpen();
    integrity.register(listener);
  }

  @Override
  public void deregisterIntegrityListener(IntegrityListener listener) {
    requireOpen();
    integrity.deregister(listener);
  }

  @Override
  public Map<IntegrityEvent.Reason, Long> refusals() {
    return integrity.refusals();
  }

  @Override
  public SealInfo sealInfo() {
    return integrity.sealInfo();
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap cache " + name + " to " + clazz.getName());
  }

  void setStatisticsEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setStatisticsEnabled(enabled);
    }
    statistics.setEnabled(enabled);
    if (enabled) {
      JmxRegistration.register(managerUri(), name, JmxRegistration.Kind.CacheStatistics, statistics);
    } else {
      JmxRegistration.unregister(managerUri(), name, JmxRegistration.Kind.CacheStatistics);
    }
  }

  void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
    }
    if (enabled) {
      JmxRegistration.register(managerUri(), name, JmxRegistration.Kind.CacheConfiguration, configurationMXBean);
    } else {
      JmxRegistration.unregister(managerUri(), name, JmxRegistration.Kind.CacheConfiguration);
    }
  }

  private String managerUri() {
    return manager.getURI().toString();
  }

  @Override
  public String toString() {
    return "CachetCache[" + name + "]";
  }

  // ---------------------------------------------------------------- helpers

  /**
   * The live entry under the key, or null. An expired entry is deleted here and reported as an expired
   * event, so that every operation sees expiry the same way.
   */
  private SealedEntry live(K key, StoredKey storedKey, long now, PendingEvents<K, V> batch) {
    return unexpired(key, read(storedKey), now, batch);
  }

  /**
   * The entry just read, or null if there is none or it is expired. An expired entry is deleted and reported
   * by whoever deletes it first, this thread or another, here or in another process.
   */
  private SealedEntry unexpired(K key, SealedEntry entry, long now, PendingEvents<K, V> batch) {
    if (entry == null || !entry.isExpiredAt(now)) {
      return entry;
    }
    if (deleteIfUnchanged(entry)) {
      batch.expired(key, valueOf(entry));
    }
    return null;
  }

  /**
   * Puts whose previous values nobody sees: the entries under the keys are read, their expiry applied and the
   * new entries written in one store transaction, without reading or decoding the previous payloads. Returns
   * how many were stored (a creation expiry may make an entry dead on arrival).
   */
  private int writeOverWhateverIsThere(Map<StoredKey, V> values, long now) {
    try {
      SealedNamespace.Written written = store.writeAll(values, now, replaced -> {
        if (replaced == null) {
          long expiresAt = expiry.forCreation(now);
          return expiresAt <= now ? SealedNamespace.DO_NOT_WRITE : expiresAt;
        }
        long expiresAt = expiry.forUpdate(now);
        return expiresAt == ExpiryTimes.UNCHANGED ? replaced.expiresAt() : expiresAt;
      });
      statistics.recordEvictions(written.evictions());
      return written.stored();
    } catch (SealedStoreException e) {
      throw storageFailure("write", e);
    }
  }

  /** Stores a new entry with the creation expiry; returns false if that expiry makes it dead on arrival. */
  private boolean storeNew(K key, StoredKey storedKey, V value, long now, PendingEvents<K, V> batch) {
    long expiresAt = expiry.forCreation(now);
    if (expiresAt <= now) {
      return false;
    }
    write(storedKey, value, now, expiresAt);
    batch.created(key, value);
    return true;
  }

  private void storeUpdate(K key, StoredKey storedKey, V value, SealedEntry previous, long now,
      PendingEvents<K, V> batch) {
    long expiresAt = expiry.forUpdate(now);
    write(storedKey, value, now, expiresAt == ExpiryTimes.UNCHANGED ? previous.expiresAt() : expiresAt);
    batch.updated(key, value, valueOf(previous));
  }

  /**
   * Applies the access expiry to an entry that was just read, unless it was replaced since. Housekeeping: if
   * storage fails, the entry keeps its expiry time and the read still answers.
   */
  private void touch(SealedEntry entry, long now) {
    long expiresAt = expiry.forAccess(now);
    if (expiresAt != ExpiryTimes.UNCHANGED && expiresAt != entry.expiresAt()) {
      try {
        store.updateExpiry(entry, expiresAt);
      } catch (SealedStoreException e) {
        LOG.log(System.Logger.Level.WARNING, "Cache " + name + ": cannot apply an access expiry: " + e.getMessage());
      }
    }
  }

  private SealedEntry read(StoredKey storedKey) {
    try {
      return store.read(storedKey);
    } catch (SealedStoreException e) {
      throw storageFailure("read", e);
    }
  }

  /**
   * The entry under the key for a lookup (get, getAll, containsKey, iteration), or null, also when storage
   * fails: a cache may lack any entry and its callers go to the source of truth then, whereas an exception
   * would fail a request the cache only speeds up. Nothing is deleted, so the entry is back once storage
   * recovers. Writes, and the reads a write decides on, still fail with a CacheException.
   */
  private SealedEntry readOrMiss(StoredKey storedKey) {
    try {
      return store.read(storedKey);
    } catch (SealedStoreException e) {
      LOG.log(System.Logger.Level.WARNING, "Cache " + name + ": a read failed and is answered as a miss: "
          + e.getMessage());
      return null;
    }
  }

  /** {@link #readOrMiss} for several keys: if reading them together fails, each is read alone. */
  private Map<StoredKey, SealedEntry> readAllOrMisses(Collection<StoredKey> storedKeys) {
    try {
      return store.readAll(storedKeys);
    } catch (SealedStoreException e) {
      // One unreadable payload fails the batch; the other keys are still worth answering.
      Map<StoredKey, SealedEntry> found = new HashMap<>();
      for (StoredKey storedKey : storedKeys) {
        SealedEntry entry = readOrMiss(storedKey);
        if (entry != null) {
          found.put(storedKey, entry);
        }
      }
      return found;
    }
  }

  private void write(StoredKey storedKey, V value, long now, long expiresAt) {
    try {
      statistics.recordEvictions(store.write(storedKey, value, now, expiresAt));
    } catch (SealedStoreException e) {
      throw storageFailure("write", e);
    }
  }

  /**
   * Deletes an expired entry unless it was replaced since. Housekeeping: if storage fails the entry stays, a
   * miss all the same, for the sweeper or the next access to remove and report.
   */
  private boolean deleteIfUnchanged(SealedEntry entry) {
    try {
      return store.deleteIfUnchanged(entry);
    } catch (SealedStoreException e) {
      LOG.log(System.Logger.Level.WARNING, "Cache " + name + ": cannot remove an expired entry: " + e.getMessage());
      return false;
    }
  }

  private KeyLock lock(StoredKey storedKey) {
    return lock(List.of(storedKey));
  }

  /** Holds the keys against every other writer, in this JVM and in other processes sharing the root. */
  private KeyLock lock(Collection<StoredKey> storedKeys) {
    try {
      return store.lock(storedKeys);
    } catch (SealedStoreException e) {
      throw storageFailure("lock", e);
    }
  }

  /**
   * After a remove that found no entry: deletes a refused entry the integrity policy keeps on disk, so that it
   * cannot outlive the caller's remove (an older application version would read it again, stale).
   */
  private void deleteHidden(StoredKey storedKey) {
    try {
      store.deleteKeptRefusal(storedKey);
    } catch (SealedStoreException e) {
      throw storageFailure("delete", e);
    }
  }

  private void delete(StoredKey storedKey) {
    try {
      store.delete(storedKey);
    } catch (SealedStoreException e) {
      throw storageFailure("delete", e);
    }
  }

  private List<StoredKey> storedKeys() {
    try {
      return store.keys();
    } catch (SealedStoreException e) {
      throw storageFailure("list", e);
    }
  }

  private StoredKey stored(K key) {
    try {
      return store.key(key);
    } catch (SealedStoreException e) {
      throw new CacheException("Cache " + name + ": " + e.getMessage(), e);
    }
  }

  /**
   * What the caller sees of a storage failure: the failure, or, if the cache was closed meanwhile (its store is
   * closed after it), the IllegalStateException JCache specifies for a closed cache.
   */
  private RuntimeException storageFailure(String action, SealedStoreException e) {
    if (closed) {
      return new IllegalStateException("Cache " + name + " was closed while it tried to " + action + " an entry", e);
    }
    return new CacheException("Cache " + name + ": cannot " + action + " an entry: " + e.getMessage(), e);
  }

  private V load(K key) {
    try {
      return loader.load(key);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("CacheLoader.load failed for cache " + name, e);
    }
  }

  private Map<K, V> loadAllFromLoader(List<K> keys) {
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (CacheLoaderException e) {
      throw e;
    } catch (Exception e) {
      throw new CacheLoaderException("CacheLoader.loadAll failed for cache " + name, e);
    }
    if (loaded == null) {
      return Map.of();
    }
    Map<K, V> copy = new HashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : loaded.entrySet()) {
      if (entry.getKey() != null && entry.getValue() != null) {
        copy.put(entry.getKey(), entry.getValue());
      }
    }
    return copy;
  }

  private void writeThrough(K key, V value) {
    if (!isWriteThrough()) {
      return;
    }
    try {
      writer.write(new CachetEntry<>(key, value));
    } catch (Exception e) {
      throw asWriterException(e);
    }
  }

  private void deleteThrough(K key) {
    if (!isWriteThrough()) {
      return;
    }
    try {
      writer.delete(key);
    } catch (Exception e) {
      throw asWriterException(e);
    }
  }

  private static CacheWriterException asWriterException(Exception e) {
    return e instanceof CacheWriterException cwe ? cwe : new CacheWriterException("CacheWriter failed", e);
  }

  private boolean isReadThrough() {
    return loader != null && configuration.isReadThrough();
  }

  private boolean isWriteThrough() {
    return writer != null && configuration.isWriteThrough();
  }

  @SuppressWarnings("unchecked")
  private V valueOf(SealedEntry entry) {
    return (V) entry.value();
  }

  @SuppressWarnings("unchecked")
  private K keyOf(StoredKey storedKey) {
    return (K) storedKey.key();
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache " + name + " is closed");
    }
  }

  private void requireKey(K key) {
    Objects.requireNonNull(key, "key");
  }

  private void requireKeys(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "keys contains null");
    }
  }

  private void requireEntry(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    Class<K> keyType = configuration.getKeyType();
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("Cache " + name + " takes keys of type " + keyType.getName() + ", not "
          + key.getClass().getName());
    }
    requireValueType(value);
  }

  private void requireValueType(V value) {
    Class<V> valueType = configuration.getValueType();
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("Cache " + name + " takes values of type " + valueType.getName() + ", not "
          + value.getClass().getName());
    }
  }
}
