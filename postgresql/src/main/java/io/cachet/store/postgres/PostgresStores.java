package io.cachet.store.postgres;

import io.cachet.store.BackendStores;
import io.cachet.store.BlobStore;
import io.cachet.store.ChangeFeed;
import io.cachet.store.EntryLocks;
import io.cachet.store.EntryStore;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** What {@link PostgresBackend} opened; closing it closes the blob store, clock and locks, then the rows' pool. */
final class PostgresStores implements BackendStores {
  private final PostgresEntryStore entries;
  private final BlobStore blobs;
  private final EntryLocks locks;
  private final InstantSource clock;
  private final ChangeFeed changes;
  private final List<AutoCloseable> resources;
  private final AtomicBoolean closed = new AtomicBoolean();

  /**
   * @param changes the change feed, also among the resources; null for none (a read-only store)
   * @param resources what to close before the entry store, in the order opened (closed in reverse)
   */
  PostgresStores(PostgresEntryStore entries, BlobStore blobs, EntryLocks locks, InstantSource clock,
      ChangeFeed changes, List<AutoCloseable> resources) {
    this.entries = entries;
    this.blobs = blobs;
    this.locks = locks;
    this.clock = clock;
    this.changes = changes;
    this.resources = resources;
  }

  @Override
  public EntryStore entries() {
    return entries;
  }

  @Override
  public BlobStore blobs() {
    return blobs;
  }

  @Override
  public EntryLocks locks() {
    return locks;
  }

  @Override
  public InstantSource clock() {
    return clock;
  }

  @Override
  public Optional<ChangeFeed> changes() {
    return Optional.ofNullable(changes);
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    RuntimeException failure = null;
    for (int i = resources.size() - 1; i >= 0; i--) {
      try {
        resources.get(i).close();
      } catch (Exception e) {
        failure = failure == null ? new IllegalStateException("Closing the PostgreSQL store failed", e) : failure;
      }
    }
    entries.close();
    if (failure != null) {
      throw failure;
    }
  }

  /** Closes a resource while another failure is being thrown, keeping its failure with that one. */
  static void closeQuietly(AutoCloseable resource, Exception primary) {
    try {
      resource.close();
    } catch (Exception e) {
      primary.addSuppressed(e);
    }
  }
}
