package io.cachet.jcache;

import io.cachet.sealed.StoredKey;
import java.util.Collection;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Striped per-key locks that make each JCache operation atomic per key within this JVM. Reentrant, so a
 * listener or processor that calls back into the cache on the same thread does not deadlock.
 */
final class KeyLocks {
  private static final int STRIPES = 256;

  private final ReentrantLock[] stripes = new ReentrantLock[STRIPES];

  KeyLocks() {
    for (int i = 0; i < STRIPES; i++) {
      stripes[i] = new ReentrantLock();
    }
  }

  /** Locks the stripe of one key; pair with {@link #unlock(StoredKey)}. */
  void lock(StoredKey key) {
    stripes[stripeOf(key)].lock();
  }

  void unlock(StoredKey key) {
    stripes[stripeOf(key)].unlock();
  }

  /**
   * Locks the stripes of several keys in ascending stripe order, so that two bulk operations can never
   * wait on each other. Pair with {@link #unlockAll(boolean[])}.
   */
  boolean[] lockAll(Collection<StoredKey> keys) {
    boolean[] held = new boolean[STRIPES];
    for (StoredKey key : keys) {
      held[stripeOf(key)] = true;
    }
    for (int i = 0; i < STRIPES; i++) {
      if (held[i]) {
        stripes[i].lock();
      }
    }
    return held;
  }

  void unlockAll(boolean[] held) {
    for (int i = STRIPES - 1; i >= 0; i--) {
      if (held[i]) {
        stripes[i].unlock();
      }
    }
  }

  private static int stripeOf(StoredKey key) {
    int h = key.hashCode();
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }
}
