package io.cachet.sealed;

import io.cachet.store.Evicted;
import io.cachet.store.EntryStore;
import io.cachet.store.StoredRow;
import java.time.InstantSource;
import java.util.List;

/**
 * Keeps a namespace with a size limit within it: reads record their access, and writes evict the least
 * recently used entries. Both run after what they follow succeeded, so they are housekeeping: a failure costs
 * eviction order, or leaves the namespace over its limits until a later write evicts, and fails nothing.
 */
final class Eviction {
  // Reads record accesses for eviction, but at most this often per entry.
  private static final long ACCESS_RESOLUTION_MILLIS = 1_000;

  private final String name;
  private final EntryStore entries;
  private final InstantSource clock;
  private final long maxEntries;
  private final long maxBytes;
  private final BlobReclaimer reclaimer;
  private final FailurePolicy failures;
  private final KeyChanges changes;

  Eviction(String name, NamespaceStorage storage, NamespaceOptions options, BlobReclaimer reclaimer,
      FailurePolicy failures) {
    this.name = name;
    this.entries = storage.entries();
    this.clock = storage.clock();
    this.maxEntries = options.maxEntries();
    this.maxBytes = options.maxBytes();
    this.reclaimer = reclaimer;
    this.failures = failures;
    this.changes = new KeyChanges(name, storage.counters());
  }

  /** Whether the namespace has a size limit, so that reads and writes keep the eviction order. */
  boolean limited() {
    return maxEntries > 0 || maxBytes > 0;
  }

  /** Records a verified read; {@code accessed_at} is unsigned, so tampering only reorders evictions. */
  void recordAccess(StoredRow row) {
    recordAccess(row.cacheKey(), row.accessedAt());
  }

  /**
   * Records a read of the entry under the key, unless its last recorded access is recent enough.
   *
   * @param recordedAt when an access of the entry was last recorded
   * @return when an access of the entry is now last recorded
   */
  long recordAccess(String cacheKey, long recordedAt) {
    if (!limited()) {
      return recordedAt;
    }
    long now = clock.millis();
    if (now - recordedAt < ACCESS_RESOLUTION_MILLIS) {
      return recordedAt;
    }
    failures.housekeeping("record an access in", "eviction order only", () -> entries.touch(name, cacheKey, now));
    return now;
  }

  /**
   * After a committed write: evicts least recently used entries, never the one just written, until the
   * namespace is within limits.
   *
   * @return how many entries were evicted
   */
  int evictBeyondLimits(StoredKey written) {
    List<Evicted> evicted = failures.housekeeping("evict from", "after a write; a later write will",
        () -> entries.evict(name, maxEntries, maxBytes, written.hash()), List.of());
    for (Evicted row : evicted) {
      changes.changed(row.cacheKey());
      if (row.blobId() != null) {
        reclaimer.deleteUnreferenced(row.blobId());
      }
    }
    return evicted.size();
  }
}
