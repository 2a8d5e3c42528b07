package io.cachet.jcache;

import static io.cachet.jcache.KeyedMutations.Reading.COUNTED;
import static io.cachet.jcache.KeyedMutations.Reading.UNCOUNTED;

import io.cachet.CachetConfiguration;
import io.cachet.IntegrityEvent;
import io.cachet.IntegrityListener;
import io.cachet.SealInfo;
import io.cachet.SealedCache;
import io.cachet.sealed.SealedEntry;
import io.cachet.sealed.SealedNamespace;
import io.cachet.sealed.StoredKey;
import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Executor;
import javax.cache.Cache;
import javax.cache.CacheManager;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.integration.CompletionListener;
import javax.cache.processor.EntryProcessor;
import javax.cache.processor.EntryProcessorResult;

/**
 * A JCache cache whose entries live in a {@link SealedNamespace}: every value is serialized on write and
 * deserialized afresh on read (store-by-value), and survives the process.
 *
 * <p>Each keyed operation is a {@link Decision} on the key's live value, carried out by
 * {@link KeyedMutations} under the key's lock (atomic per key, also across processes); lookups take no lock
 * ({@link LiveEntries}). Built by {@link CacheFactory}.
 */
public final class CachetCache<K, V> implements SealedCache<K, V> {
  private static final System.Logger LOG = System.getLogger(CachetCache.class.getName());
  // Small enough that a sweep never holds up writers for long, as each batch is its own transactions.
  private static final int EXPIRY_SWEEP_BATCH = 256;

  private final CachetCacheManager manager;
  private final String name;
  private final MutableConfiguration<K, V> configuration;
  private final EntryStorage storage;
  private final LiveEntries<K, V> entries;
  private final KeyedMutations<K, V> mutations;
  private final EntryLoader<K, V> loader;
  private final EntryLoader<K, V> readThrough;
  private final EventDispatcher<K, V> dispatcher;
  private final CacheStatistics statistics = new CacheStatistics();
  private final CacheMXBeans mxBeans;
  private final IntegrityMonitor integrity;
  private final Executor loadExecutor;
  /** The user's objects that may hold resources, closed with the cache. */
  private final List<Object> parts;
  private volatile boolean closed;

  CachetCache(CacheFactory<K, V> factory) {
    this.manager = factory.manager;
    this.name = factory.name;
    this.configuration = factory.configuration;
    this.integrity = factory.integrity;
    this.loadExecutor = factory.loadExecutor;
    JsrExceptions failures = new JsrExceptions(name, this::isClosed);
    this.storage = new EntryStorage(factory.namespace, failures);
    ExpiryTimes expiry = new ExpiryTimes(factory.expiryPolicy);
    this.entries = new LiveEntries<>(storage, expiry, factory.clock);
    this.loader = EntryLoader.of(factory.loader, failures);
    this.readThrough = configuration.isReadThrough() ? loader : EntryLoader.none();
    EntryWriter<K, V> writer = configuration.isWriteThrough() ? EntryWriter.of(factory.writer) : EntryWriter.none();
    this.dispatcher = new EventDispatcher<>(this);
    this.mutations = new KeyedMutations<>(storage, entries, expiry, writer, dispatcher, statistics);
    this.mxBeans = new CacheMXBeans(manager.getURI().toString(), name, statistics,
        new CacheConfigurationMXBean(this), integrity);
    this.parts = new ArrayList<>();
    for (Object part : new Object[] {factory.loader, factory.writer, factory.expiryPolicy}) {
      if (part != null) {
        parts.add(part);
      }
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public V get(K key) {
    requireOpen();
    requireKey(key);
    OperationEffects<K, V> effects = mutations.begin();
    StoredKey storedKey = storage.key(key);
    V value = entries.lookup(key, storedKey, effects);
    // A miss is loaded under the key's lock, re-read first: loading is a write.
    if (value == null && readThrough.loads()) {
      value = mutations.apply(key, storedKey, UNCOUNTED,
          current -> current != null ? Decision.keep() : Decision.load(readThrough.load(key)), effects).value();
    }
    effects.finish();
    return value;
  }

  @Override
  public Map<K, V> getAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    OperationEffects<K, V> effects = mutations.begin();
    Map<K, StoredKey> storedKeys = new LinkedHashMap<>();
    for (K key : keys) {
      storedKeys.put(key, storage.key(key));
    }
    Map<K, V> found = entries.lookupAll(storedKeys, effects);
    List<K> missing = new ArrayList<>(storedKeys.keySet());
    missing.removeAll(found.keySet());
    Map<K, V> loaded = readThrough.loadAll(missing);
    for (K key : missing) {
      V value = loaded.get(key);
      if (value != null && storeLoaded(key, storedKeys.get(key), value, false, effects)) {
        found.put(key, value);
      }
    }
    effects.finish();
    return found;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    requireKey(key);
    return entries.contains(storage.key(key));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    requireOpen();
    requireKeys(keys);
    CompletionListener listener = completionListener != null ? completionListener : new LoggingCompletion(name);
    if (!loader.loads()) {
      listener.onCompletion();
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
        Map<K, V> loaded = loader.loadAll(toLoad);
        OperationEffects<K, V> effects = mutations.begin();
        for (K key : toLoad) {
          V value = loaded.get(key);
          if (value != null) {
            storeLoaded(key, storage.key(key), value, replaceExistingValues, effects);
          }
        }
        effects.finish();
        listener.onCompletion();
      } catch (Exception e) {
        listener.onException(e);
      }
    });
  }

  /** Stores a value that came from the loader: no writer call, no put statistic. */
  private boolean storeLoaded(K key, StoredKey storedKey, V value, boolean replaceExisting,
      OperationEffects<K, V> effects) {
    return mutations.apply(key, storedKey, UNCOUNTED,
        current -> current == null || replaceExisting ? Decision.load(value) : Decision.keep(), effects).stored();
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    requireEntry(key, value);
    mutations.applyRegardless(key, UNCOUNTED, Decision.put(value));
  }

  /** Also a read of the previous value in the statistics, as the specification's statistics require. */
  @Override
  public V getAndPut(K key, V value) {
    requireEntry(key, value);
    return mutations.applyRegardless(key, COUNTED, Decision.put(value)).previous();
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    Map<K, V> values = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      requireEntry(entry.getKey(), entry.getValue());
      values.put(entry.getKey(), entry.getValue());
    }
    mutations.putAll(values).rethrow();
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireEntry(key, value);
    return mutations.apply(key, COUNTED, current -> current == null ? Decision.put(value) : Decision.keep())
        .stored();
  }

  /** The writer is told of the delete whether or not an entry exists. */
  @Override
  public boolean remove(K key) {
    requireOpen();
    requireKey(key);
    return mutations.applyRegardless(key, UNCOUNTED, Decision.remove()).removed();
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    requireKey(key);
    Objects.requireNonNull(oldValue, "oldValue");
    return mutations.apply(key, COUNTED, current -> current == null ? Decision.keep()
        : current.equals(oldValue) ? Decision.remove() : Decision.access()).removed();
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    requireKey(key);
    return mutations.applyRegardless(key, COUNTED, Decision.remove()).previous();
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireEntry(key, newValue);
    Objects.requireNonNull(oldValue, "oldValue");
    return mutations.apply(key, COUNTED, current -> current == null ? Decision.keep()
        : current.equals(oldValue) ? Decision.put(newValue) : Decision.access()).stored();
  }

  @Override
  public boolean replace(K key, V value) {
    return getAndReplace(key, value) != null;
  }

  @Override
  public V getAndReplace(K key, V value) {
    requireEntry(key, value);
    return mutations.apply(key, COUNTED, current -> current == null ? Decision.keep() : Decision.put(value))
        .previous();
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    requireKeys(keys);
    mutations.removeAll(new ArrayList<>(keys)).rethrow();
  }

  @Override
  public void removeAll() {
    requireOpen();
    List<K> keys = new ArrayList<>();
    for (StoredKey storedKey : storage.keys()) {
      keys.add(LiveEntries.keyOf(storedKey));
    }
    mutations.removeAll(keys).rethrow();
  }

  @Override
  public void clear() {
    requireOpen();
    storage.clear();
  }

  // ---------------------------------------------------------------- entry processors

  @Override
  public <T> T invoke(K key, EntryProcessor<K, V, T> entryProcessor, Object... arguments) {
    requireOpen();
    requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    OperationEffects<K, V> effects = mutations.begin();
    T result = invokeOne(key, entryProcessor, arguments, effects);
    effects.finish();
    return result;
  }

  private <T> T invokeOne(K key, EntryProcessor<K, V, T> processor, Object[] arguments,
      OperationEffects<K, V> effects) {
    ProcessorInvocation<K, V, T> invocation = new ProcessorInvocation<>(key, processor, arguments, readThrough,
        this::requireValueType);
    mutations.apply(key, storage.key(key), COUNTED, invocation::decide, effects);
    return invocation.result();
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments) {
    requireOpen();
    requireKeys(keys);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    Map<K, EntryProcessorResult<T>> results = new HashMap<>();
    OperationEffects<K, V> effects = mutations.begin();
    for (K key : keys) {
      try {
        T result = invokeOne(key, entryProcessor, arguments, effects);
        if (result != null) {
          results.put(key, ProcessorResult.of(result));
        }
      } catch (Exception e) {
        results.put(key, ProcessorResult.failed(e));
      }
    }
    effects.finish();
    return results;
  }

  // ---------------------------------------------------------------- expiry sweep, iteration

  /**
   * Removes the entries expired by now, a batch at a time, firing an expired event for each (called by the
   * manager's sweeper). Takes no lock: each removal applies only if the entry is still the expired one.
   */
  void removeExpiredEntries() {
    boolean full = true;
    while (full && !closed) {
      boolean withValues = dispatcher.hasListeners();
      List<SealedEntry> removed = storage.removeExpired(entries.now(), EXPIRY_SWEEP_BATCH, withValues);
      if (withValues) {
        PendingEvents<K, V> batch = dispatcher.newBatch();
        for (SealedEntry entry : removed) {
          batch.expired(LiveEntries.keyOf(entry.key()), LiveEntries.valueOf(entry));
        }
        dispatcher.dispatch(batch);
      }
      full = removed.size() == EXPIRY_SWEEP_BATCH;
    }
  }

  @Override
  public Iterator<Cache.Entry<K, V>> iterator() {
    requireOpen();
    return new EntryIterator<>(storage.keys().iterator(), entries, mutations, statistics, this::requireOpen);
  }

  // ---------------------------------------------------------------- listeners, configuration, lifecycle

  @Override
  public void registerCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      dispatcher.register(listenerConfiguration);
      configuration.addCacheEntryListenerConfiguration(listenerConfiguration);
    }
  }

  @Override
  public void deregisterCacheEntryListener(CacheEntryListenerConfiguration<K, V> listenerConfiguration) {
    requireOpen();
    Objects.requireNonNull(listenerConfiguration, "cacheEntryListenerConfiguration");
    synchronized (configuration) {
      if (dispatcher.deregister(listenerConfiguration)) {
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

  EventDispatcher<K, V> dispatcher() {
    return dispatcher;
  }

  CacheMXBeans mxBeans() {
    return mxBeans;
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
      mxBeans.unregisterAll();
    } catch (RuntimeException e) {
      failure = e;
    }
    for (Object part : parts) {
      if (part instanceof Closeable closeable) {
        try {
          closeable.close();
        } catch (IOException | RuntimeException e) {
          LOG.log(System.Logger.Level.WARNING, "Closing " + part.getClass().getName() + " of cache " + name
              + " failed", e);
        }
      }
    }
    dispatcher.close();
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
    mxBeans.enableStatistics(enabled);
  }

  void setManagementEnabled(boolean enabled) {
    synchronized (configuration) {
      configuration.setManagementEnabled(enabled);
    }
    mxBeans.enableManagement(enabled);
  }

  @Override
  public String toString() {
    return "CachetCache[" + name + "]";
  }

  // ---------------------------------------------------------------- argument checks

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

  /** Also checks that the cache is open. */
  private void requireEntry(K key, V value) {
    requireOpen();
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
