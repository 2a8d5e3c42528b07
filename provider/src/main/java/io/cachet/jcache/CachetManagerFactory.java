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
import java.util.Properties;
import java.util.function.Consumer;
import javax.cache.CacheException;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

/**
 * Opens a {@link CachetCacheManager} over an embedded sealed store; the provider finds it through
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
      store = SealedStores.openEmbedded(SealedStoreSettings.of(settings, classLoader), clock);
    } catch (SealedStoreException e) {
      throw new CacheException("Cannot open cache manager " + uri + ": " + e.getMessage(), e);
    }
    return new CachetCacheManager(provider, uri, classLoader, properties, store,
        configuration -> new NamespaceOptions(settings.forCache(configuration)),
        clock, settings.options().get(CachetOptions.EXPIRY_SWEEP_MILLIS), sweepSchedule, onClose::accept);
  }
}
