package io.cachet.jcache;

import javax.cache.Cache;

/** An immutable cache entry, as returned by iteration and handed to cache writers. */
public final class CachetEntry<K, V> implements Cache.Entry<K, V> {
  private final K key;
  private final V value;

  CachetEntry(K key, V value) {
    this.key = key;
    this.value = value;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    return value;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    if (clazz.isInstance(this)) {
      return clazz.cast(this);
    }
    throw new IllegalArgumentException("Cannot unwrap a cache entry to " + clazz.getName());
  }

  @Override
  public String toString() {
    return "CachetEntry[" + key + "]";
  }
}
