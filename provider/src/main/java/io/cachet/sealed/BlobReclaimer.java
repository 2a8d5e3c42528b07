package io.cachet.sealed;

import io.cachet.store.BlobStore;
import io.cachet.store.EntryStore;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.time.InstantSource;

/**
 * Deletes one namespace's blob files that no row names: the blob a replaced or deleted row named, a failed
 * write's new blob, and, swept, what crashes and failed deletes left behind. All of it is housekeeping: a
 * failure leaves the file to the next sweep, which asks the same question again, and never fails an operation.
 */
final class BlobReclaimer {
  private static final System.Logger LOG = System.getLogger("io.cachet.sealed");
  // Longer than any write takes from its blob to its commit, busy timeout included, also in another process.
  static final Duration ORPHAN_BLOB_GRACE = Duration.ofMinutes(1);
  private static final String LEFT_TO_SWEEP = "left to the orphan sweep";

  private final String name;
  private final String namespaceId;
  private final EntryStore entries;
  private final BlobStore blobs;
  private final InstantSource clock;
  private final FailurePolicy failures;

  BlobReclaimer(String name, String namespaceId, NamespaceStorage storage, FailurePolicy failures) {
    this.name = name;
    this.namespaceId = namespaceId;
    this.entries = storage.entries();
    this.blobs = storage.blobs();
    this.clock = storage.clock();
    this.failures = failures;
  }

  /**
   * Deletes the blob a replaced or deleted row named, or a failed write's new blob, unless a row names it
   * still (a tampered blob_id may; so may a write whose commit reported a failure).
   */
  void deleteUnreferenced(String blobId) {
    if (blobs.isValidBlobId(blobId)) {
      failures.housekeeping("reclaim a superseded blob of", LEFT_TO_SWEEP, () -> {
        if (!entries.blobReferenced(name, blobId)) {
          blobs.delete(namespaceId, blobId);
        }
      });
    }
  }

  /** Deletes a blob no row can name: the row that named it is gone, or was never committed. */
  void delete(String blobId) {
    if (blobs.isValidBlobId(blobId)) {
      failures.housekeeping("delete a superseded blob of", LEFT_TO_SWEEP, () -> blobs.delete(namespaceId, blobId));
    }
  }

  /**
   * Deletes this namespace's blob files that no row names and that are older than the grace: blobs of writes
   * that crashed before their commit, and superseded blobs whose delete failed. The grace keeps the blob of a
   * write in flight (written, its row not yet committed, maybe in another process).
   *
   * @return how many files were deleted
   */
  int sweep() {
    int swept = failures.housekeeping("sweep the orphan blobs of", "the next attach sweeps again",
        () -> blobs.sweep(namespaceId, clock.instant().minus(ORPHAN_BLOB_GRACE),
            blobId -> entries.blobReferenced(name, blobId)), 0);
    if (swept > 0) {
      LOG.log(Level.INFO, "Deleted " + swept + " orphan blob files of namespace \"" + name + "\"");
    }
    return swept;
  }
}
