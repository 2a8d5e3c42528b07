package io.cachet;

import java.net.URI;
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
   * @param properties the properties the application passed, which the manager reports back
   * @param onClose told when the manager closes, so that the provider can forget it
   * @throws javax.cache.CacheException if the manager's store cannot be opened
   */
  CacheManager open(CachingProvider provider, URI uri, ClassLoader classLoader, Properties properties,
      ManagerSettings settings, Consumer<CacheManager> onClose);
}
