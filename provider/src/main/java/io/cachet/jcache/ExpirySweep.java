package io.cachet.jcache;

import io.cachet.sealed.SealedEntry;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Removes a cache's expired entries, a batch at a time, firing an expired event for each (run by the
 * manager's sweeper). Takes no lock: each removal applies only if the entry is still the expired one.
 */
final class ExpirySweep<K, V> {
  // Small enough that a sweep never holds up writers for long, as each batch is its own transactions.
  private static final int BATCH = 256;

  private final EntryStorage storage;
  private final LiveEntries<K, V> entries;
  private final EventDispatcher<K, V> dispatcher;
  private final BooleanSupplier closed;

  ExpirySweep(EntryStorage storage, LiveEntries<K, V> entries, EventDispatcher<K, V> dispatcher,
      BooleanSupplier closed) {
    this.storage = storage;
    this.entries = entries;
    this.dispatcher = dispatcher;
    this.closed = closed;
  }

  void run() {
    boolean full = true;
    while (full && !closed.getAsBoolean()) {
      boolean withValues = dispatcher.hasListeners();
      List<SealedEntry> removed = storage.removeExpired(entries.now(), BATCH, withValues);
      if (withValues) {
        PendingEvents<K, V> batch = dispatcher.newBatch();
        for (SealedEntry entry : removed) {
          batch.expired(LiveEntries.keyOf(entry.key()), LiveEntries.valueOf(entry));
        }
        dispatcher.dispatch(batch);
      }
      full = removed.size() == BATCH;
    }
  }
}
