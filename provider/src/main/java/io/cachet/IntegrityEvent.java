package io.cachet;

import java.util.Objects;

/**
 * A stored entry Cachet refused to return because a check failed. It carries the entry's key hash, never
 * its key or value.
 *
 * @param cacheName the cache the entry belongs to
 * @param keyHash the entry's {@code cache_key}: lowercase hex SHA-256 of its serialized key
 * @param reason which check failed
 * @param deleted whether the entry's row and blob were deleted (false under {@code storageMode} or
 *     {@code deleteInvalidSignatures=false})
 */
public record IntegrityEvent(String cacheName, String keyHash, Reason reason, boolean deleted) {

  /**
   * An event; every component but {@code deleted} is required.
   *
   * @param cacheName the cache the entry belongs to
   * @param keyHash the entry's {@code cache_key}
   * @param reason which check failed
   * @param deleted whether the entry's row and blob were deleted
   */
  public IntegrityEvent {
    Objects.requireNonNull(cacheName, "cacheName");
    Objects.requireNonNull(keyHash, "keyHash");
    Objects.requireNonNull(reason, "reason");
  }

  /** Why an entry was refused. */
  public enum Reason {
    /** The signature does not match the row. */
    BAD_SIGNATURE,
    /** The row was signed for another cache and copied here. */
    FOREIGN_NAMESPACE,
    /** The row carries no signature and unsigned entries are not allowed. */
    UNSIGNED,
    /** The signature's version is older than the minimum accepted. */
    OLD_VERSION,
    /**
     * The row names a signing key the cache does not hold (signature version 6 on): signed with a key that was
     * retired or replaced, or brought from another store.
     */
    UNKNOWN_KEY,
    /** The row's key bytes do not hash to its cache key: it was moved onto another key. */
    KEY_MISMATCH,
    /** The row names a serializer, codec or storage format Cachet does not write. */
    UNSUPPORTED_FORMAT,
    /** The row names a blob that is not a well-formed blob id. */
    BAD_BLOB_ID,
    /** The row's blob file is gone, or something other than a regular file (a FIFO, directory, link) is there. */
    MISSING_BLOB,
    /** The payload's length differs from the signed size. */
    SIZE_MISMATCH,
    /** The payload's SHA-256 differs from the signed hash. */
    HASH_MISMATCH,
    /** The payload cannot be decrypted: wrong key, or altered ciphertext. */
    DECRYPTION_FAILED,
    /** The payload verified but cannot be deserialized, e.g. its class changed shape or is gone. */
    UNDECODABLE,
    /** The payload names a class outside the cache's allow-list. */
    CLASS_NOT_ALLOWED,
    /**
     * The row is an older write of its key, or of a removed key, put back in the store: genuine, but no longer
     * current.
     */
    REPLAYED,
    /**
     * A message telling of a change on another host sharing the store failed its seal, was stale or was a replay
     * (its key hash is the one the message names, or {@code -}): no listener was told. Nothing is deleted.
     */
    FORGED_CHANGE
  }
}
