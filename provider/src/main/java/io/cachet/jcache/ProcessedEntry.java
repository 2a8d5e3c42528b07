package io.cachet.jcache;

import javax.cache.processor.MutableEntry;

/**
 * The entry an {@link javax.cache.processor.EntryProcessor} sees: the current value (loaded through the
 * cache loader on first read if absent and read-through is on), and the single net operation its calls add
 * up to, which the cache applies once the processor returns.
 */
final class ProcessedEntry<K, V> implements MutableEntry<K, V> {
  /** The net effect of a processor's calls on the entry. */
  enum Operation {
    NONE,
    ACCESS,
    LOAD,
    CREATE,
    UPDATE,
    REMOVE
  }

  private final K key;
  private final V existing;
  private final EntryLoader<K, V> loader;
  private V value;
  private Operation operation = Operation.NONE;

  /**
   * @param existing the live value before the processor runs, or null
   * @param loader loads a missing value (read-through; {@link EntryLoader#none()} without it)
   */
  ProcessedEntry(K key, V existing, EntryLoader<K, V> loader) {
    this.key = key;
    this.existing = existing;
    this.loader = loader;
  }

  @Override
  public K getKey() {
    return key;
  }

  @Override
  public V getValue() {
    if (operation == Operation.NONE) {
      if (existing != null) {
        value = existing;
        operation = Operation.ACCESS;
      } else {
        value = loader.load(key);
        if (value != null) {
          operation = Operation.LOAD;
        }
      }
    }
    return value;
  }

  @Override
  public boolean exists() {
    return operation == Operation.NONE ? existing != null : value != null;
  }

  @Override
  public void remove() {
    operation = operation == Operation.CREATE || operation == Operation.LOAD
        ? Operation.NONE : Operation.REMOVE;
    value = null;
  }

  @Override
  public void setValue(V newValue) {
    if (newValue == null) {
      throw new NullPointerException("MutableEntry.setValue(null) for key " + key);
    }
    operation = existing == null ? Operation.CREATE : Operation.UPDATE;
    value = newValue;
  }

  @Override
  public <T> T unwrap(Class<T> clazz) {
    throw new IllegalArgumentException("Cannot unwrap an entry processor's entry to " + clazz.getName());
  }

  Operation operation() {
    return operation;
  }

  V value() {
    return value;
  }
}
