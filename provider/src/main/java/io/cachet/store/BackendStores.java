package io.cachet.store;

import java.time.InstantSource;
import java.util.Optional;

/** The stores a {@link StoreBackend} opened, with the clock every host of the backend agrees on. */
public interface BackendStores extends AutoCloseable {
  /** {@return the rows} */
  EntryStore entries();

  /** {@return the blobs of payloads above the inline threshold} */
  BlobStore blobs();

  /** {@return the per-key locks every host takes around a decided write} */
  EntryLocks locks();

  /**
   * {@return the clock that stamps writes and decides expiry: the backend's shared clock if
   * {@link BackendSettings#followDatabaseClock()}, else the manager's}
   */
  InstantSource clock();

  /**
   * {@return the feed that tells the other hosts of this backend of changes, or empty if the backend has none
   * (other hosts' listeners then hear only of their own host's changes)}
   */
  default Optional<ChangeFeed> changes() {
    return Optional.empty();
  }

  /** Closes the stores and their connections; idempotent. */
  @Override
  void close();
}
