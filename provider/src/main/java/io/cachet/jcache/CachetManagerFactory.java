package io.cachet.jcache;

import io.cachet.CachetOptions;
import io.cachet.ExpirySweepSchedule;
import io.cachet.ManagerFactory;
import io.cachet.ManagerSettings;
import io.cachet.sealed.NamespaceOptions;
import io.cachet.sealed.SealedStore;
import io.cachet.sealed.SealedStoreException;
import io.cachet.sealed.SealedStoreSettings;
import io.cachet.sealed.SealedStores;
import java.net.URI;
import java.time.InstantSource;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;
import javax.cache.spi.CachingProvider;

/**
 * Opens a {@link CachetCacheManager} over the sealed store its options name; the provider finds it through
 * {@code META-INF/services/io.cachet.ManagerFactory}. Public only for that service entry.
 */
public final class CachetManagerFactory implements ManagerFactory {
  /** The service entry's instance. */
  public CachetManagerFactory() {}

  @Override
  public CacheManager open(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      ManagerSettings settings, InstantSource clock, ExpirySweepSchedule sweepSchedule,
      Consumer<CacheManager> onClose) {
    SealedStore store;
    try {
      store = SealedStores.open(SealedStoreSettings.of(settings, classLoader), clock);
    } catch (SealedStoreException e) {
      throw new CacheException("Cannot open cache manager " + uri + ": " + e.getMessage(), e);
    }
    return new CachetCacheManager(provider, uri, classLoader, properties, store,
        new ResolvedCacheSettings(settings), store.clock(), settings.options().get(CachetOptions.EXPIRY_SWEEP_MILLIS),
        sweepSchedule, onClose::accept);
  }

  /** The manager's settings as its caches see them. */
  private record ResolvedCacheSettings(ManagerSettings settings) implements CacheSettings {
    @Override
    public NamespaceOptions options(String cacheName, CompleteConfiguration<?, ?> configuration) {
      return new NamespaceOptions(settings.forCache(cacheName, configuration));
    }

    @Override
    public Optional<Factory<ExpiryPolicy>> declaredExpiry(String cacheName) {
      return settings.declaredExpiry(cacheName);
    }

    @Override
    public boolean declares(String cacheName) {
      return settings.declares(cacheName);
    }
  }
}
