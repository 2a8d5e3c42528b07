package io.cachet.sealed;

import java.util.List;

/**
 * One namespace of a {@link SealedStore}: sealed entries addressed by key.
 *
 * <p>Every read verifies the row's signature, the key bytes against the key hash, and the payload's size
 * and SHA-256 before anything is deserialized; an entry failing any check is reported as absent and
 * handled by the store's integrity policy (deleted by default). Thread-safe; individual calls are atomic,
 * sequences of calls are not (callers serialize per key).
 */
public interface SealedNamespace {

  /** The namespace's name, as given to {@link SealedStore#attach}. */
  String name();

  /**
   * Serializes a key into its stored form.
   *
   * @throws NullPointerException if key is null
   * @throws SealedStoreException naming the offending class if the key cannot be serialized
   */
  StoredKey key(Object key);

  /** The verified entry under this key, deserialized afresh, or null if absent or refused. */
  SealedEntry read(StoredKey key);

  /**
   * Stores value under the key, replacing any entry. The value is serialized before this returns, so later
   * changes to the object do not reach the store.
   *
   * @param expiresAt epoch milliseconds after which the entry is expired, or {@link SealedEntry#ETERNAL}
   * @return how many other entries were evicted to keep the namespace within its limits
   * @throws NullPointerException if value is null
   * @throws SealedStoreException naming the offending class if the value cannot be serialized or is not
   *     allowed, if it is larger than the namespace's maximum value size, or if the write fails; the
   *     previous entry is then unchanged
   */
  int write(StoredKey key, Object value, long createdAt, long expiresAt);

  /**
   * Changes the expiry time of an existing, verified entry (re-signing it) without rewriting its payload.
   *
   * @return false if there is no verified entry under the key
   */
  boolean updateExpiry(StoredKey key, long expiresAt);

  /** Deletes the entry under the key. @return whether a row existed */
  boolean delete(StoredKey key);

  /** Deletes every entry of the namespace, keeping the namespace. */
  void clear();

  /** A snapshot of the keys of all entries whose rows verify, in no particular order. */
  List<StoredKey> keys();

  /** How this namespace seals its entries. */
  SealDiagnostics diagnostics();
}
