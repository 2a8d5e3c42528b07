package io.cachet.store.s3;

import java.time.Instant;
import java.util.List;
import java.util.function.Function;

/**
 * The list of every object an {@link S3BlobStore} may have written, kept outside the bucket: a blob is recorded
 * before its object is written and forgotten only once its object is deleted. Namespace deletes and the orphan
 * collector find objects here, never by listing the bucket, so an object planted by anyone else is never deleted
 * and the bucket needs no list permission.
 *
 * <p>Thread-safe. Failures throw {@link io.cachet.store.StorageException}.
 */
public interface BlobJournal {

  /**
   * A recorded blob.
   *
   * @param namespaceId its namespace id
   * @param blobId its blob id
   */
  record Blob(String namespaceId, String blobId) {}

  /**
   * Records a blob about to be written, durably, before its object is.
   *
   * @param namespaceId the blob's namespace id
   * @param blobId the blob's fresh id
   * @return false if the id is recorded already (the caller draws another)
   */
  boolean record(String namespaceId, String blobId);

  /**
   * Restarts the blob's grace once its object is written, so the grace covers the time from the upload's end to
   * the commit of the row that names it.
   *
   * @param namespaceId the blob's namespace id
   * @param blobId the blob's id
   * @return false if the blob is no longer recorded: the collector took it while the upload outlived the grace
   */
  boolean confirm(String namespaceId, String blobId);

  /**
   * Forgets blobs whose objects are deleted, or were never written.
   *
   * @param namespaceId the blobs' namespace id
   * @param blobIds the blobs' ids
   */
  void forget(String namespaceId, List<String> blobIds);

  /**
   * {@return up to {@code limit} recorded blob ids of the namespace}
   *
   * @param namespaceId the namespace id
   * @param limit the most ids to return
   */
  List<String> recorded(String namespaceId, int limit);

  /**
   * Claims up to {@code limit} recorded blobs that no row names and that are older than the journal's grace
   * (and than {@code olderThan}, if given), lets {@code deleteObjects} delete their objects, and forgets those it
   * returns, in one transaction: blobs another collector holds are skipped, and a failure of
   * {@code deleteObjects} leaves every claimed blob recorded for the next collection.
   *
   * @param namespaceId the namespace to collect in, or null for every namespace
   * @param olderThan a further bound on the recording time, or null for the grace alone
   * @param limit the most blobs to claim
   * @param deleteObjects deletes the claimed blobs' objects and returns those it deleted
   * @return how many blobs were claimed: fewer than {@code limit} means no more were collectable
   */
  int collect(String namespaceId, Instant olderThan, int limit, Function<List<Blob>, List<Blob>> deleteObjects);
}
