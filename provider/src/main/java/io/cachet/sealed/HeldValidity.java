package io.cachet.sealed;

import io.cachet.store.ChangeCounters;

/**
 * How a heap tier tells that an entry it holds is still its key's current entry: by the change counters every
 * process on an embedded root keeps ({@link #counted}), or, where there are none or only the store's ledger can
 * tell a current row from one put back, by loading the key's row and checking it is the same row, signed and
 * current ({@link #probed}), which spares the payload's transfer, digest and decoding but not the row's read.
 */
interface HeldValidity {

  /** The stamp to keep with an entry about to be loaded, or {@link ChangeCounters#UNSTABLE} to keep nothing. */
  long stamp(String cacheKey);

  /** Whether an entry read or written under this stamp may be held. */
  boolean keeps(long stamp);

  /** Whether the held entry is still its key's current entry. */
  boolean current(HeapTier.Entry held);

  /** Whether the error is a fault of the change counters, after which they keep nothing; see KeyChanges. */
  boolean faulted(InternalError error);

  /** By the change counters: a held entry is current while its key's slot has not moved since its stamp. */
  static HeldValidity counted(KeyChanges changes) {
    return new HeldValidity() {
      @Override
      public long stamp(String cacheKey) {
        return changes.stamp(cacheKey);
      }

      @Override
      public boolean keeps(long stamp) {
        return stamp != ChangeCounters.UNSTABLE;
      }

      @Override
      public boolean current(HeapTier.Entry held) {
        return changes.current(held.cacheKey(), held.stamp());
      }

      @Override
      public boolean faulted(InternalError error) {
        return changes.faulted(error);
      }
    };
  }

  /** By the store: a held entry is current while its key's row is the same version and still checks out. */
  static HeldValidity probed(EntryVerifier verifier) {
    return new HeldValidity() {
      @Override
      public long stamp(String cacheKey) {
        return 0;
      }

      @Override
      public boolean keeps(long stamp) {
        return true;
      }

      @Override
      public boolean current(HeapTier.Entry held) {
        return verifier.isCurrent(held.cacheKey(), held.version());
      }

      @Override
      public boolean faulted(InternalError error) {
        return false;
      }
    };
  }
}
