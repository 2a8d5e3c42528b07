package io.cachet.jcache;

import io.cachet.CachetConfiguration;
import io.cachet.sealed.NamespaceOptions;
import io.cachet.sealed.SealedNamespace;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import javax.cache.CacheException;
import javax.cache.configuration.CacheEntryListenerConfiguration;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Configuration;
import javax.cache.configuration.Factory;
import javax.cache.configuration.MutableConfiguration;
import javax.cache.expiry.EternalExpiryPolicy;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.integration.CacheLoader;
import javax.cache.integration.CacheWriter;

/**
 * Builds a {@link CachetCache} from its configuration, one step at a time: the user's expiry policy, loader
 * and writer from their factories, then the cache, its listeners and its MXBeans. One-shot: one factory
 * builds one cache.
 */
final class CacheFactory<K, V> {
  final CachetCacheManager manager;
  final String name;
  final MutableConfiguration<K, V> configuration;
  final SealedNamespace namespace;
  final IntegrityMonitor integrity;
  final LongSupplier clock;
  final Executor loadExecutor;
  final NamespaceOptions options;
  ExpiryPolicy expiryPolicy;
  CacheLoader<K, V> loader;
  CacheWriter<? super K, ? super V> writer;

  private CacheFactory(CachetCacheManager manager, String name, MutableConfiguration<K, V> configuration,
      SealedNamespace namespace, IntegrityMonitor integrity, NamespaceOptions options, LongSupplier clock,
      Executor loadExecutor) {
    this.manager = manager;
    this.name = name;
    this.configuration = configuration;
    this.namespace = namespace;
    this.integrity = integrity;
    this.options = options;
    this.clock = clock;
    this.loadExecutor = loadExecutor;
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
   * Gives a cache the expiry policy its manager's configuration declares for it, if its own configuration
   * keeps JCache's default: a factory equal to {@link EternalExpiryPolicy#factoryOf()}, which a
   * {@link MutableConfiguration} starts with (compared with {@code equals}, without creating a policy). An
   * expiry policy the application sets, any other, wins.
   */
  static void applyDeclaredExpiry(MutableConfiguration<?, ?> configuration, Factory<ExpiryPolicy> declared) {
    if (EternalExpiryPolicy.factoryOf().equals(configuration.getExpiryPolicyFactory())) {
      configuration.setExpiryPolicyFactory(declared);
    }
  }

  /**
   * Builds a cache over an attached namespace.
   *
   * @param configuration a copy made by {@link #copyOf}, which the cache keeps
   * @param options the cache's Cachet options
   * @param clock the cache's time, epoch milliseconds
   * @param loadExecutor where {@code loadAll} runs
   */
  static <K, V> CachetCache<K, V> build(CachetCacheManager manager, String name,
      MutableConfiguration<K, V> configuration, SealedNamespace namespace, IntegrityMonitor integrity,
      NamespaceOptions options, LongSupplier clock, Executor loadExecutor) {
    return new CacheFactory<>(manager, name, configuration, namespace, integrity, options, clock, loadExecutor)
        .build();
  }

  private CachetCache<K, V> build() {
    configureExpiry();
    configureLoader();
    configureWriter();
    CachetCache<K, V> cache = new CachetCache<>(this);
    configureListeners(cache);
    configureManagement(cache);
    return cache;
  }

  private void configureExpiry() {
    expiryPolicy = create(configuration.getExpiryPolicyFactory(), "ExpiryPolicy");
  }

  private void configureLoader() {
    Factory<CacheLoader<K, V>> factory = configuration.getCacheLoaderFactory();
    loader = factory == null ? null : create(factory, "CacheLoader");
  }

  private void configureWriter() {
    Factory<CacheWriter<? super K, ? super V>> factory = configuration.getCacheWriterFactory();
    writer = factory == null ? null : create(factory, "CacheWriter");
  }

  private void configureListeners(CachetCache<K, V> cache) {
    for (CacheEntryListenerConfiguration<K, V> listener : configuration.getCacheEntryListenerConfigurations()) {
      cache.dispatcher().register(listener);
    }
  }

  private void configureManagement(CachetCache<K, V> cache) {
    cache.setStatisticsEnabled(configuration.isStatisticsEnabled());
    cache.setManagementEnabled(configuration.isManagementEnabled());
    cache.mxBeans().registerIntegrity();
  }

  private static <T> T create(Factory<T> factory, String what) {
    T created;
    try {
      created = factory.create();
    } catch (RuntimeException e) {
      throw JsrExceptions.factory(what, factory, e);
    }
    if (created == null) {
      throw new CacheException("The " + what + " factory " + factory.getClass().getName() + " returned null");
    }
    return created;
  }
}
