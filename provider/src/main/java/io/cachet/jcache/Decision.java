package io.cachet.jcache;

/**
 * What a keyed operation does with the live entry under its key, which {@link KeyedMutations} then carries
 * out: leave it, store a value, or remove it.
 */
sealed interface Decision<V> {

  /** Leaves the entry as it is; {@code accessed}: the operation read its value, so the access expiry applies. */
  record Keep<V>(boolean accessed) implements Decision<V> {}

  /**
   * Stores the caller's value, created or updated: told to the writer first (unless {@code writtenThrough}:
   * a batch told it already), counted as a put.
   */
  record Put<V>(V value, boolean writtenThrough) implements Decision<V> {}

  /** Stores a value the loader gave: no writer call, no put statistic. */
  record Load<V>(V value) implements Decision<V> {}

  /** Removes the entry: told to the writer first (unless {@code writtenThrough}), counted as a removal. */
  record Remove<V>(boolean writtenThrough) implements Decision<V> {}

  static <V> Decision<V> keep() {
    return new Keep<>(false);
  }

  /** Keeps an entry the operation read: its access expiry applies. */
  static <V> Decision<V> access() {
    return new Keep<>(true);
  }

  static <V> Decision<V> put(V value) {
    return new Put<>(value, false);
  }

  /** A loaded value to store, or nothing to do if the loader had none. */
  static <V> Decision<V> load(V value) {
    return value == null ? keep() : new Load<>(value);
  }

  static <V> Decision<V> remove() {
    return new Remove<>(false);
  }

  /** This decision for a batch whose writer call was made for all its keys at once. */
  default Decision<V> asWrittenThrough() {
    if (this instanceof Put<V> put) {
      return new Put<>(put.value(), true);
    }
    if (this instanceof Remove<V>) {
      return new Remove<>(true);
    }
    return this;
  }
}
