package io.cachet.jcache;

import static io.cachet.jcache.KeyedMutations.Reading.COUNTED;
import static io.cachet.jcache.KeyedMutations.Reading.UNCOUNTED;

import io.cachet.CachetConfiguration;
import io.cachet.IntegrityEvent;
import io.cachet.IntegrityListener;
import io.cachet.SealInfo;
import io.cachet.SealedCache;
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

  private final CachetCacheManager manager;
  private final String name;
  private final MutableConfiguration<K, V> configuration;
  private final EntryStorage storage;
  private final LiveEntries<K, V> entries;
  private final KeyedMutations<K, V> mutations;
  private final EntryLoader<K, V> readThrough;
  private final LoadAll<K, V> loadAll;
  private final ExpirySweep<K, V> expirySweep;
  private final CacheArguments<K, V> argumentChecks;
  private final EventDispatcher<K, V> dispatcher;
  private final CacheStatistics statistics = new CacheStatistics();
  private final CacheMXBeans mxBeans;
  private final IntegrityMonitor integrity;
  private final Map<String, String> options;
  private final boolean deletesRefused;
  /** The user's objects that may hold resources, closed with the cache. */
  private final List<Object> parts;
  private volatile boolean closed;

  CachetCache(CacheFactory<K, V> factory) {
    this.manager = factory.manager;
    this.name = factory.name;
    this.configuration = factory.configuration;
    this.integrity = factory.integrity;
    this.options = factory.options.values().perCacheTexts();
    this.deletesRefused = factory.options.deletesRefused();
    JsrExceptions failures = new JsrExceptions(name, this::isClosed);
    this.storage = new EntryStorage(factory.namespace, failures);
    ExpiryTimes expiry = new ExpiryTimes(factory.expiryPolicy);
    this.entries = new LiveEntries<>(storage, expiry, factory.clock);
    EntryLoader<K, V> loader = EntryLoader.of(factory.loader, failures);
    this.readThrough = configuration.isReadThrough() ? loader : EntryLoader.none();
    this.argumentChecks = new CacheArguments<>(name, configuration.getKeyType(), configuration.getValueType());
    EntryWriter<K, V> writer = configuration.isWriteThrough() ? EntryWriter.of(factory.writer) : EntryWriter.none();
    this.dispatcher = new EventDispatcher<>(this, new RemoteEvents<>(storage));
    this.mutations = new KeyedMutations<>(storage, entries, expiry, writer, dispatcher, statistics);
    this.loadAll = new LoadAll<>(loader, storage, this::containsKey, mutations, factory.loadExecutor, name);
    this.expirySweep = new ExpirySweep<>(storage, entries, dispatcher, this::isClosed);
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
    argumentChecks.requireKey(key);
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
    argumentChecks.requireKeys(keys);
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
      if (value != null && loadAll.store(key, storedKeys.get(key), value, false, effects)) {
        found.put(key, value);
      }
    }
    effects.finish();
    return found;
  }

  @Override
  public boolean containsKey(K key) {
    requireOpen();
    argumentChecks.requireKey(key);
    return entries.contains(storage.key(key));
  }

  @Override
  public void loadAll(Set<? extends K> keys, boolean replaceExistingValues, CompletionListener completionListener) {
    requireOpen();
    argumentChecks.requireKeys(keys);
    loadAll.start(keys, replaceExistingValues, completionListener);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public void put(K key, V value) {
    requireOpen();
    argumentChecks.requireEntry(key, value);
    mutations.applyRegardless(key, UNCOUNTED, Decision.put(value));
  }

  /** Also a read of the previous value in the statistics, as the specification's statistics require. */
  @Override
  public V getAndPut(K key, V value) {
    requireOpen();
    argumentChecks.requireEntry(key, value);
    return mutations.applyRegardless(key, COUNTED, Decision.put(value)).previous();
  }

  @Override
  public void putAll(Map<? extends K, ? extends V> map) {
    requireOpen();
    Objects.requireNonNull(map, "map");
    Map<K, V> values = new LinkedHashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : map.entrySet()) {
      argumentChecks.requireEntry(entry.getKey(), entry.getValue());
      values.put(entry.getKey(), entry.getValue());
    }
    mutations.putAll(values).rethrow();
  }

  @Override
  public boolean putIfAbsent(K key, V value) {
    requireOpen();
    argumentChecks.requireEntry(key, value);
    return mutations.apply(key, COUNTED, current -> current == null ? Decision.put(value) : Decision.keep())
        .stored();
  }

  /** The writer is told of the delete whether or not an entry exists. */
  @Override
  public boolean remove(K key) {
    requireOpen();
    argumentChecks.requireKey(key);
    return mutations.applyRegardless(key, UNCOUNTED, Decision.remove()).removed();
  }

  @Override
  public boolean remove(K key, V oldValue) {
    requireOpen();
    argumentChecks.requireKey(key);
    Objects.requireNonNull(oldValue, "oldValue");
    return mutations.apply(key, COUNTED, current -> current == null ? Decision.keep()
        : current.equals(oldValue) ? Decision.remove() : Decision.access()).removed();
  }

  @Override
  public V getAndRemove(K key) {
    requireOpen();
    argumentChecks.requireKey(key);
    return mutations.applyRegardless(key, COUNTED, Decision.remove()).previous();
  }

  @Override
  public boolean replace(K key, V oldValue, V newValue) {
    requireOpen();
    argumentChecks.requireEntry(key, newValue);
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
    requireOpen();
    argumentChecks.requireEntry(key, value);
    return mutations.apply(key, COUNTED, current -> current == null ? Decision.keep() : Decision.put(value))
        .previous();
  }

  @Override
  public void removeAll(Set<? extends K> keys) {
    requireOpen();
    argumentChecks.requireKeys(keys);
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
    argumentChecks.requireKey(key);
    Objects.requireNonNull(entryProcessor, "entryProcessor");
    OperationEffects<K, V> effects = mutations.begin();
    T result = invokeOne(key, entryProcessor, arguments, effects);
    effects.finish();
    return result;
  }

  private <T> T invokeOne(K key, EntryProcessor<K, V, T> processor, Object[] arguments,
      OperationEffects<K, V> effects) {
    ProcessorInvocation<K, V, T> invocation = new ProcessorInvocation<>(key, processor, arguments, readThrough,
        argumentChecks::requireValueType);
    mutations.apply(key, storage.key(key), COUNTED, invocation::decide, effects);
    return invocation.result();
  }

  @Override
  public <T> Map<K, EntryProcessorResult<T>> invokeAll(Set<? extends K> keys, EntryProcessor<K, V, T> entryProcessor,
      Object... arguments) {
    requireOpen();
    argumentChecks.requireKeys(keys);
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

  /** Removes the entries expired by now, firing their expired events (called by the manager's sweeper). */
  void removeExpiredEntries() {
    expirySweep.run();
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
  public Map<String, String> options() {
    return options;
  }

  @Override
  public long rotateSigningKey(String newKeyFile) {
    requireOpen();
    return manager.rotateSigningKey(name, newKeyFile, deletesRefused);
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


  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache " + name + " is closed");
    }
  }
}
