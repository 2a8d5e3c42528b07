package io.cachet.jcache;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import javax.cache.integration.CacheLoader;

/**
 * A cache's loader as the cache calls it: failures as {@code CacheLoaderException}s, null keys and values of
 * {@code loadAll} dropped. {@link #none()} stands for a cache without one (or without read-through): it
 * loads nothing.
 */
final class EntryLoader<K, V> {
  private static final EntryLoader<?, ?> NONE = new EntryLoader<>(null, null);

  private final CacheLoader<K, V> loader;
  private final JsrExceptions failures;

  private EntryLoader(CacheLoader<K, V> loader, JsrExceptions failures) {
    this.loader = loader;
    this.failures = failures;
  }

  static <K, V> EntryLoader<K, V> of(CacheLoader<K, V> loader, JsrExceptions failures) {
    return loader == null ? none() : new EntryLoader<>(loader, failures);
  }

  @SuppressWarnings("unchecked")
  static <K, V> EntryLoader<K, V> none() {
    return (EntryLoader<K, V>) NONE;
  }

  /** Whether a loader stands behind this one (a miss is worth taking the key's lock for). */
  boolean loads() {
    return loader != null;
  }

  /** The loaded value, or null. */
  V load(K key) {
    if (loader == null) {
      return null;
    }
    try {
      return loader.load(key);
    } catch (Exception e) {
      throw failures.loader("load", e);
    }
  }

  /** The values loaded for the keys, without nulls; keys the loader had nothing for are absent. */
  Map<K, V> loadAll(Collection<K> keys) {
    if (loader == null || keys.isEmpty()) {
      return Map.of();
    }
    Map<K, V> loaded;
    try {
      loaded = loader.loadAll(keys);
    } catch (Exception e) {
      throw failures.loader("loadAll", e);
    }
    if (loaded == null) {
      return Map.of();
    }
    Map<K, V> copy = new HashMap<>();
    for (Map.Entry<? extends K, ? extends V> entry : loaded.entrySet()) {
      if (entry.getKey() != null && entry.getValue() != null) {
        copy.put(entry.getKey(), entry.getValue());
      }
    }
    return copy;
  }
}
