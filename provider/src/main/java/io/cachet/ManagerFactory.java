package io.cachet;

import java.net.URI;
import java.time.InstantSource;
import java.util.Properties;
import java.util.function.Consumer;
import javax.cache.CacheManager;
import javax.cache.spi.CachingProvider;

/**
 * Opens a cache manager for {@link CachetCachingProvider}. Internal, not for applications: the one
 * implementation ({@code io.cachet.jcache.CachetManagerFactory}) is found through
 * {@code META-INF/services/io.cachet.ManagerFactory}, so that this package, which the layers below use for
 * Cachet's public types and options, imports none of them.
 */
public interface ManagerFactory {
  /**
   * Opens a manager over the store its settings name.
   *
   * @param provider the provider the manager reports as its own
   * @param uri the manager's URI
   * @param classLoader the class loader of the manager's caches
   * @param properties the properties the application passed, which the manager reports back
   * @param clock what the manager's caches and its store read time from
   * @param settings the manager's options, resolved
   * @param sweepSchedule when the manager sweeps expired entries
   * @param onClose told when the manager closes, so that the provider can forget it
   * @return the open manager
   * @throws javax.cache.CacheException if the manager's store cannot be opened
   */
  CacheManager open(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      ManagerSettings settings, InstantSource clock, ExpirySweepSchedule sweepSchedule,
      Consumer<CacheManager> onClose);
}
