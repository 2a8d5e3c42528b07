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
    this.cache = Providers.openCache(provider, manager);
    for (int k = 0; k < keys; k++) {
      cache.put(k, Providers.value(size, k));
    }
    for (int k = 0; k < keys; k++) {
      if (cache.get(k) == null) {
        throw new IllegalStateException(provider + ": preloaded key " + k + " missing");
      }
    }
  }

  /**
   * A store of {@code entries} values of {@code size} bytes, filled by {@code putAll} of 1,000 (as a warm-up or
   * a bulk load would), then checked at a thousand keys spread over it.
   */
  static CacheState filled(String provider, int entries, int size) {
    CacheState state = new CacheState(provider, 0, size);
    try {
      Providers.fill(state.cache, entries, size);
      for (int k = 0; k < entries; k += Math.max(1, entries / 1_000)) {
        if (state.cache.get(k) == null) {
          throw new IllegalStateException(provider + ": filled key " + k + " missing");
        }
      }
      return state;
    } catch (RuntimeException e) {
      state.close();
      throw e;
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
