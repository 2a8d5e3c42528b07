package io.cachet.store;

import java.util.List;

/**
 * Rows of sealed entries, addressed by namespace and key hash, plus the records of the namespaces.
 *
 * <p>Thread-safe; each method is atomic, also against other processes sharing the same storage. Stores
 * rows as given and verifies nothing. Every method throws {@link StorageException} if storage fails or the
 * store is closed.
 */
public interface EntryStore extends AutoCloseable {

  /** The row under this key, or null. */
  StoredRow get(String namespace, String cacheKey);

  /** Inserts the row or replaces the row under the same key, and reports what it replaced. */
  Displaced upsert(StoredRow row);

  /** Deletes the row under this key, and reports what it deleted. */
  Displaced delete(String namespace, String cacheKey);

  /**
   * Deletes the row under this key only if its signature is still {@code expectedSignature} (null matches
   * an unsigned row), so that refusing a bad row never deletes a good one written meanwhile.
   */
  Displaced deleteIfSignature(String namespace, String cacheKey, String expectedSignature);

  /**
   * Sets a row's expiry time and signature only if its signature is still {@code expectedSignature}.
   *
   * @param expiresAt epoch milliseconds or null for eternal
   * @return whether the row was updated
   */
  boolean updateExpiryIfSignature(String namespace, String cacheKey, String expectedSignature, Long expiresAt,
      String signature);

  /** Deletes every row of the namespace; returns the non-null {@code blob_id}s of the deleted rows. */
  List<String> deleteAll(String namespace);

  /** A snapshot of the namespace's rows, without payloads: {@code inlineValue} is always null. */
  List<StoredRow> scan(String namespace);

  /** Whether any row of the namespace names this blob. */
  boolean blobReferenced(String namespace, String blobId);

  /** The record of this namespace, or null. */
  NamespaceRecord namespace(String name);

  /** Inserts the record unless one with this name exists. @return whether it was inserted */
  boolean insertNamespace(NamespaceRecord record);

  /** Inserts or replaces the record with this name. */
  void replaceNamespace(NamespaceRecord record);

  /** All namespace records. */
  List<NamespaceRecord> namespaces();

  /**
   * Deletes the namespace's record and all its rows in one transaction; returns the non-null
   * {@code blob_id}s of the deleted rows.
   */
  List<String> deleteNamespace(String name);

  /**
   * Whether some namespace recorded as signed with this key file holds signed rows, i.e. whether losing the
   * file would lose data.
   */
  boolean keyFileSigns(String keyFile);

  /** Sets the (unsigned) last-access time of a row, if it exists. */
  void touch(String namespace, String cacheKey, long accessedAt);

  /**
   * Deletes least-recently-accessed rows of the namespace (by {@code accessed_at}, then write order) until
   * it holds at most {@code maxEntries} rows and {@code maxBytes} bytes of {@code file_size}, never the row
   * under {@code keep}. A limit of 0 is no limit.
   *
   * @return what was deleted, one element per row
   */
  List<Displaced> evict(String namespace, long maxEntries, long maxBytes, String keep);

  /** Releases connections. Idempotent. */
  @Override
  void close();
}
