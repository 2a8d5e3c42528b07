package io.cachet.jcache;

import io.cachet.sealed.NamespaceOptions;
import java.util.Optional;
import javax.cache.configuration.CompleteConfiguration;
import javax.cache.configuration.Factory;
import javax.cache.expiry.ExpiryPolicy;

/**
 * What a cache manager knows of its caches' settings beyond their JCache configuration: each cache's sealing
 * and limit options, and the caches its configuration declares by name, with their expiry. Where those come
 * from (an options file, say) is not the manager's concern.
 */
@FunctionalInterface
public interface CacheSettings {
  /**
   * A cache's sealing and limit options.
   *
   * @throws IllegalArgumentException if the cache's options are invalid, naming them
   */
  NamespaceOptions options(String cacheName, CompleteConfiguration<?, ?> configuration);

  /**
   * The expiry policy the manager's configuration sets for the cache, if any: it replaces JCache's default
   * expiry, never one a cache's configuration sets.
   */
  default Optional<Factory<ExpiryPolicy>> declaredExpiry(String cacheName) {
    return Optional.empty();
  }

  /** Whether the manager's configuration declares the cache, so that {@code getCache} creates it. */
  default boolean declares(String cacheName) {
    return false;
  }
}
