package io.cachet.jcache;

import io.cachet.ExpirySweepSchedule;
import io.cachet.sealed.NamespaceOptions;
import io.cachet.sealed.SealedNamespace;
import io.cachet.sealed.SealedStore;
import io.cachet.sealed.RotationProgress;
import io.cachet.sealed.SealedStoreException;
import java.net.URI;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javax.cache.Cache;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.spi.CachingProvider;

/**
 * A JCache cache manager over one {@link SealedStore}: the caches it creates re-attach whatever an earlier
 * process stored under the same names, and {@link #destroyCache} deletes that data.
 */
public final class CachetCacheManager implements CacheManager {
  private static final System.Logger LOG = System.getLogger(CachetCacheManager.class.getName());

  private final CachingProvider provider;
  private final URI uri;
  private final ClassLoader classLoader;
  private final Properties properties;
  private final SealedStore store;
  private final CacheSettings cacheSettings;
  private final Consumer<CachetCacheManager> onClose;
  private final Map<String, CachetCache<?, ?>> caches = new LinkedHashMap<>();
  private final InstantSource clock;
  private final ExecutorService loadExecutor;
  private final ExpirySweepSchedule.Sweeps expirySweeps;
  private volatile boolean closed;

  /**
   * Creates a manager; called by the caching provider, which owns the manager's lifecycle.
   *
   * @param store the store the manager's caches live in; the manager closes it on {@link #close()}
   * @param cacheSettings each cache's sealing and limit options, and the caches the manager's configuration
   *     declares by name
   * @param clock the time every cache of the manager reads: expiry, and the sweep's notion of now
   * @param expirySweepMillis how often the manager removes its caches' expired entries, firing expired
   *     events; 0 for never (expired entries are then removed when next read or written)
   * @param sweepSchedule runs the sweep every {@code expirySweepMillis}
   * @param onClose told when the manager closes, so the provider can forget it
   */
  public CachetCacheManager(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      SealedStore store, CacheSettings cacheSettings,
      InstantSource clock, long expirySweepMillis, ExpirySweepSchedule sweepSchedule,
      Consumer<CachetCacheManager> onClose) {
    this.provider = Objects.requireNonNull(provider, "provider");
    this.uri = Objects.requireNonNull(uri, "uri");
    this.classLoader = Objects.requireNonNull(classLoader, "classLoader");
    this.properties = new Properties();
    if (properties != null) {
      this.properties.putAll(properties);
    }
    this.store = Objects.requireNonNull(store, "store");
    this.cacheSettings = Objects.requireNonNull(cacheSettings, "cacheSettings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.onClose = Objects.requireNonNull(onClose, "onClose");
    this.loadExecutor = Executors.newCachedThreadPool(runnable -> {
      Thread thread = new Thread(runnable, "cachet-loadAll");
      thread.setDaemon(true);
      return thread;
    });
    Objects.requireNonNull(sweepSchedule, "sweepSchedule");
    this.expirySweeps =
        expirySweepMillis > 0 ? sweepSchedule.start(this::removeExpiredEntries, expirySweepMillis) : null;
  }

  /** One sweep: a failing cache is logged and retried next time, never stops the sweeper. */
  private void removeExpiredEntries() {
    List<CachetCache<?, ?>> open;
    synchronized (caches) {
      open = new ArrayList<>(caches.values());
    }
    for (CachetCache<?, ?> cache : open) {
      try {
        cache.removeExpiredEntries();
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "Cannot remove the expired entries of cache " + cache.getName(), e);
      }
    }
  }

  @Override
  public CachingProvider getCachingProvider() {
    return provider;
  }

  @Override
  public URI getURI() {
    return uri;
  }

  @Override
  public ClassLoader getClassLoader() {
    return classLoader;
  }

  @Override
  public Properties getProperties() {
    return properties;
  }

  @Override
  public <K, V, C extends Configuration<K, V>> Cache<K, V> createCache(String cacheName, C configuration) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(configuration, "configuration");
    return create(cacheName, configuration, false);
  }

  /**
   * Creates a cache, or with {@code orExisting} returns the one already open under that name (whatever its
   * types: the caller checks them).
   *
   * @throws CacheException if the cache is open already and {@code orExisting} is false
   */
  private <K, V> CachetCache<K, V> create(String cacheName, Configuration<K, V> configuration,
      boolean orExisting) {
    MutableConfiguration<K, V> copy = CacheFactory.copyOf(configuration);
    cacheSettings.declaredExpiry(cacheName).ifPresent(expiry -> CacheFactory.applyDeclaredExpiry(copy, expiry));
    IntegrityMonitor integrity = new IntegrityMonitor(cacheName);
    NamespaceOptions options = cacheSettings.options(cacheName, copy).withObserver(integrity);
    synchronized (caches) {
      requireOpen();
      CachetCache<?, ?> existing = caches.get(cacheName);
      if (existing != null) {
        if (orExisting) {
          @SuppressWarnings("unchecked") // the caller checks the types, as getCache does for any open cache
          CachetCache<K, V> typed = (CachetCache<K, V>) existing;
          return typed;
        }
        throw new CacheException("A cache named " + cacheName + " already exists in cache manager " + uri);
      }
      SealedNamespace namespace;
      try {
        namespace = store.attach(cacheName, options);
      } catch (SealedStoreException e) {
        throw JsrExceptions.attaching(cacheName, e);
      }
      integrity.diagnosticsFrom(namespace::diagnostics);
      CachetCache<K, V> cache = CacheFactory.build(this, cacheName, copy, namespace, integrity,
          options, clock::millis, loadExecutor);
      caches.put(cacheName, cache);
      return cache;
    }
  }

  /**
   * The open cache of that name; a cache the manager's configuration declares but that is not open yet is
   * created with these types and a default {@link MutableConfiguration}, which the declared options then
   * complete.
   */
  private <K, V> CachetCache<?, ?> openOrDeclared(String cacheName, Class<K> keyType, Class<V> valueType) {
    CachetCache<?, ?> cache = openCache(cacheName);
    if (cache != null || !cacheSettings.declares(cacheName)) {
      return cache;
    }
    return create(cacheName, new MutableConfiguration<K, V>().setTypes(keyType, valueType), true);
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName, Class<K> keyType, Class<V> valueType) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyType, "keyType");
    Objects.requireNonNull(valueType, "valueType");
    CachetCache<?, ?> cache = openOrDeclared(cacheName, keyType, valueType);
    if (cache == null) {
      return null;
    }
    Configuration<?, ?> configuration = cache.liveConfiguration();
    if (!configuration.getKeyType().equals(keyType)) {
      throw new ClassCastException("Cache " + cacheName + " has key type " + configuration.getKeyType().getName()
          + ", not " + keyType.getName());
    }
    if (!configuration.getValueType().equals(valueType)) {
      throw new ClassCastException("Cache " + cacheName + " has value type "
          + configuration.getValueType().getName() + ", not " + valueType.getName());
    }
    @SuppressWarnings("unchecked")
    Cache<K, V> typed = (Cache<K, V>) cache;
    return typed;
  }

  @Override
  public <K, V> Cache<K, V> getCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    @SuppressWarnings("unchecked")
    Cache<K, V> cache = (Cache<K, V>) openOrDeclared(cacheName, Object.class, Object.class);
    return cache;
  }

  @Override
  public Iterable<String> getCacheNames() {
    requireOpen();
    synchronized (caches) {
      return Collections.unmodifiableSet(new LinkedHashSet<>(caches.keySet()));
    }
  }

  @Override
  public void destroyCache(String cacheName) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CachetCache<?, ?> cache;
    synchronized (caches) {
      cache = caches.get(cacheName);
    }
    if (cache != null) {
      cache.close();
    }
    try {
      store.destroy(cacheName);
    } catch (SealedStoreException e) {
      throw JsrExceptions.destroying(cacheName, e);
    }
  }

  /**
   * See {@link io.cachet.SealedCache#rotateSigningKey}.
   *
   * @param deleteRefused whether the cache's integrity policy deletes an entry that fails its checks
   */
  long rotateSigningKey(String cacheName, String newKeyFile, boolean deleteRefused) {
    try {
      return store.rotateKey(cacheName, newKeyFile, SealedStore.ROTATION_BATCH, deleteRefused, RotationProgress.NONE)
          .resigned();
    } catch (SealedStoreException e) {
      throw new CacheException("Cannot rotate the signing key of cache " + cacheName + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void enableManagement(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CachetCache<?, ?> cache = openCache(cacheName);
    if (cache != null) {
      cache.setManagementEnabled(enabled);
    }
  }

  @Override
  public void enableStatistics(String cacheName, boolean enabled) {
    requireOpen();
    Objects.requireNonNull(cacheName, "cacheName");
    CachetCache<?, ?> cache = openCache(cacheName);
    if (cache != null) {
      cache.setStatisticsEnabled(enabled);
    }
  }

  private CachetCache<?, ?> openCache(String cacheName) {
    synchronized (caches) {
      return caches.get(cacheName);
    }
  }

  /** Forgets a cache that closed itself. */
  void release(CachetCache<?, ?> cache) {
    synchronized (caches) {
      caches.remove(cache.getName(), cache);
    }
  }

  @Override
  public void close() {
    List<CachetCache<?, ?>> open;
    synchronized (caches) {
      if (closed) {
        return;
      }
      closed = true;
      open = new ArrayList<>(caches.values());
    }
    onClose.accept(this);
    RuntimeException failure = null;
    for (CachetCache<?, ?> cache : open) {
      try {
        cache.close();
      } catch (RuntimeException e) {
        failure = chain(failure, e);
      }
    }
    loadExecutor.shutdown();
    try {
      if (expirySweeps != null && !expirySweeps.stop(Duration.ofSeconds(10))) {
        LOG.log(System.Logger.Level.WARNING, "The expiry sweep still running after 10 s; closing the store anyway");
      }
      if (!loadExecutor.awaitTermination(10, TimeUnit.SECONDS)) {
        LOG.log(System.Logger.Level.WARNING, "loadAll tasks still running after 10 s; closing the store anyway");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    try {
      store.close();
    } catch (RuntimeException e) {
      failure = chain(failure, e);
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static RuntimeException chain(RuntimeException first, RuntimeException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isAssignableFrom(getClass())) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap cache manager " + uri + " to " + clazz.getName());
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException("Cache manager " + uri + " is closed");
    }
  }

  @Override
  public String toString() {
    return "CachetCacheManager[" + uri + "]";
  }
}
