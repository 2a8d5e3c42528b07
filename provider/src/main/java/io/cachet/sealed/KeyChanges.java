package io.cachet.sealed;

import io.cachet.store.ChangeCounters;
import java.util.function.Supplier;

/**
 * Brackets every change this process makes to a namespace's rows with the store's change counters, so that
 * the heap tiers of every process sharing the store see it (see {@link ChangeCounters}).
 */
final class KeyChanges {
  private final String namespace;
  private final ChangeCounters counters;

  KeyChanges(String namespace, ChangeCounters counters) {
    this.namespace = namespace;
    this.counters = counters;
  }

  /** Makes a change of the key's row inside a bracket. */
  <T> T change(String cacheKey, Supplier<T> change) {
    long token = begin(cacheKey);
    try {
      return change.get();
    } finally {
      end(cacheKey, token);
    }
  }

  /** Makes a change of every row of the namespace inside a bracket. */
  void changeAll(Runnable change) {
    counters.beginChangeOfAll();
    try {
      change.run();
    } finally {
      counters.endChangeOfAll();
    }
  }

  /** A change of the key's row begins; see {@link ChangeCounters#beginChange}. */
  long begin(String cacheKey) {
    try {
      return counters.beginChange(namespace, cacheKey);
    } catch (InternalError e) {
      return unstableAfter(e);
    }
  }

  /** Ends a change begun with {@link #begin}: the stamp to keep the written entry under, or UNSTABLE. */
  long end(String cacheKey, long token) {
    try {
      return counters.endChange(namespace, cacheKey, token);
    } catch (InternalError e) {
      return unstableAfter(e);
    }
  }

  /** A fault of the counters, which then stop giving current stamps, is no failure of the change; see faulted. */
  private long unstableAfter(InternalError error) {
    if (!counters.faulted(error)) {
      throw error;
    }
    return ChangeCounters.UNSTABLE;
  }

  /** A change of the key's row that was not bracketed committed. */
  void changed(String cacheKey) {
    counters.changed(namespace, cacheKey);
  }

  /** The stamp to keep with a row of the key loaded after this call. */
  long stamp(String cacheKey) {
    return counters.stamp(namespace, cacheKey);
  }

  /**
   * Whether the error is a fault of the change counters' memory, which then stop giving current stamps; false
   * for any other internal error.
   */
  boolean faulted(InternalError error) {
    return counters.faulted(error);
  }

  /** Whether nothing has changed the key's row since the stamp. */
  boolean current(String cacheKey, long stamp) {
    return counters.current(namespace, cacheKey, stamp);
  }
}
