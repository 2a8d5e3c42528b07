package io.cachet.jcache;

import java.util.Objects;
import java.util.Set;

/** The checks JCache asks of a cache's arguments: no nulls, keys and values of the configured types. */
final class CacheArguments<K, V> {
  private final String cacheName;
  private final Class<K> keyType;
  private final Class<V> valueType;

  CacheArguments(String cacheName, Class<K> keyType, Class<V> valueType) {
    this.cacheName = cacheName;
    this.keyType = keyType;
    this.valueType = valueType;
  }

  void requireKey(K key) {
    Objects.requireNonNull(key, "key");
  }

  void requireKeys(Set<? extends K> keys) {
    Objects.requireNonNull(keys, "keys");
    for (K key : keys) {
      Objects.requireNonNull(key, "keys contains null");
    }
  }

  void requireEntry(K key, V value) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    if (keyType != Object.class && !keyType.isInstance(key)) {
      throw new ClassCastException("Cache " + cacheName + " takes keys of type " + keyType.getName() + ", not "
          + key.getClass().getName());
    }
    requireValueType(value);
  }

  void requireValueType(V value) {
    if (valueType != Object.class && !valueType.isInstance(value)) {
      throw new ClassCastException("Cache " + cacheName + " takes values of type " + valueType.getName() + ", not "
          + value.getClass().getName());
    }
  }
}
