package io.cachet.store;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Immutable value blobs, grouped by namespace id. A blob is written once under a fresh id and never
 * overwritten; ids are chosen by the store, never reused, and stay valid for every instance of the store on
 * the same storage. A namespace id is a {@link NamespaceRecord#id}: 32 lowercase hex digits.
 *
 * <p>Thread-safe. Namespace ids and blob ids that are not well formed are refused with
 * {@link IllegalArgumentException} before any file system access; I/O failures throw
 * {@link StorageException}.
 */
public interface BlobStore {

  /** Whether this string is a blob id this store could have issued; ids read from rows are untrusted. */
  boolean isValidBlobId(String blobId);

  /** Stores the bytes as a new blob, visible only once complete. @return the new blob's id */
  String putNew(String namespaceId, byte[] bytes);

  /**
   * Reads at most {@code limit} bytes of the blob: a caller expecting n bytes passes n + 1 to detect a
   * longer file without reading all of it. A blob of another namespace is no blob of this one.
   *
   * <p>Never blocks on what is at the blob's place and never follows a link: anything but a regular file
   * there (a FIFO, socket, directory, device or link) is no blob.
   *
   * @return the bytes, or null if there is no such blob
   */
  byte[] read(String namespaceId, String blobId, int limit);

  /**
   * Deletes the blob if it exists, and whatever else is at its place (a directory with its content, a FIFO, a
   * link, never what a link points to).
   */
  void delete(String namespaceId, String blobId);

  /** Deletes every blob of the namespace. */
  void deleteNamespace(String namespaceId);

  /**
   * Deletes the namespace's blobs that {@code referenced} does not claim, and its unfinished temporary
   * files, if last modified before {@code olderThan}: what a crash or a failed delete left behind. Files of
   * other names are left alone.
   *
   * @return how many files were deleted
   */
  int sweep(String namespaceId, Instant olderThan, Predicate<String> referenced);

  /**
   * The ids of the namespace's complete blobs stored (last modified) before {@code olderThan}, in no particular
   * order: what an audit compares with the ids its rows name. Never a temporary or unfinished file, never anything
   * that is not a regular blob (a directory, link, FIFO at a blob's place is left out). Changes nothing.
   *
   * <p>Every id listed is one {@link #isValidBlobId} accepts and {@link #read} and {@link #delete} find: whatever
   * else is stored under the namespace (a planted object or row under a malformed id) is left out.
   */
  List<String> list(String namespaceId, Instant olderThan);

  /** The namespace ids under which blobs (or unfinished temporary files) are stored. Changes nothing. */
  Set<String> namespaceIds();
}
