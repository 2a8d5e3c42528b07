package io.cachet.benchmarks;

import java.nio.file.Path;
import javax.cache.Cache;
import javax.cache.CacheManager;

/** One provider's manager and cache in a fresh root, preloaded with {@code keys} values of {@code size} bytes. */
final class CacheState {
  final String provider;
  final Path root;
  final CacheManager manager;
  final Cache<Object, Object> cache;

  CacheState(String provider, int keys, int size) {
    this.provider = provider;
    this.root = Providers.newRoot(provider);
    this.manager = Providers.openManager(provider, root);
    this.cache = Providers.openCache(manager);
    for (int k = 0; k < keys; k++) {
      cache.put(k, Providers.value(size, k));
    }
    for (int k = 0; k < keys; k++) {
      if (cache.get(k) == null) {
        throw new IllegalStateException(provider + ": preloaded key " + k + " missing");
      }
    }
  }

  void close() {
    try {
      Providers.close(provider, manager);
    } finally {
      Providers.delete(root);
    }
  }
}
