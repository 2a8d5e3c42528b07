package io.cachet.store;

import java.util.Objects;

/**
 * One row of the entries table, exactly as stored (DESIGN §3); nothing in it is trusted until verified.
 *
 * <p>Components other than {@code namespace} and {@code cacheKey} may be null when read from a damaged or
 * tampered database. Arrays are handed over, not copied: neither side mutates them after construction.
 *
 * @param encryption {@link #NO_ENCRYPTION} or the cipher of the stored payload; null in rows written before
 *     the column existed
 * @param expiresAt epoch milliseconds, or null for an eternal entry
 * @param generation the write's place in its namespace's ledger, or null in rows written before the column
 *     existed or without signing
 * @param entrySignature {@code v{N}:{hex}}, or null for an unsigned row
 * @param inlineValue the payload when {@code storageFormat} is {@link #INLINE}
 * @param blobId the blob holding the payload when {@code storageFormat} is {@link #BLOB}
 */
public record StoredRow(
    String namespace,
    String cacheKey,
    byte[] keyBytes,
    String dataType,
    String prefix,
    long fileSize,
    String fileHash,
    String objectType,
    String storageFormat,
    String serializer,
    String compressionCodec,
    String encryption,
    long createdAt,
    Long expiresAt,
    Long generation,
    String entrySignature,
    byte[] inlineValue,
    String blobId,
    long accessedAt) {

  /** {@code storage_format} of a row whose payload is in {@code inline_value}. */
  public static final String INLINE = "inline";
  /** {@code storage_format} of a row whose payload is in the blob named by {@code blob_id}. */
  public static final String BLOB = "blob";
  /** {@code encryption} of a row whose payload is plaintext. */
  public static final String NO_ENCRYPTION = "none";

  /**
   * The longest {@code inline_value} a writer stores, 16 MiB: the largest inline threshold allowed. A store
   * reads a longer one as null, without loading it.
   */
  public static final int MAX_INLINE_BYTES = 16 * 1024 * 1024;

  /**
   * The longest serialized key a writer stores, 1 MiB; a store reads longer {@code key_bytes} as null,
   * without loading them.
   */
  public static final int MAX_KEY_BYTES = 1024 * 1024;

  /**
   * The longest text a writer stores in a column other than {@code prefix}, 64 KiB: the longest class name
   * the JVM accepts (an {@code object_type}) is 65,535 bytes. A store reads longer text as null, without
   * loading it; {@code prefix}, which holds the namespace name, may also be as long as that name.
   */
  public static final int MAX_TEXT_BYTES = 64 * 1024;

  public StoredRow {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(cacheKey, "cacheKey");
  }

  /** What identifies this version of the row. */
  public RowVersion version() {
    return new RowVersion(entrySignature, createdAt, fileHash, expiresAt);
  }

  /** This row with another signature. */
  public StoredRow withSignature(String signature) {
    return new StoredRow(namespace, cacheKey, keyBytes, dataType, prefix, fileSize, fileHash, objectType,
        storageFormat, serializer, compressionCodec, encryption, createdAt, expiresAt, generation, signature,
        inlineValue, blobId, accessedAt);
  }

  /** This row with another expiry time and no signature (it must be re-signed). */
  public StoredRow withExpiresAt(Long newExpiresAt) {
    return new StoredRow(namespace, cacheKey, keyBytes, dataType, prefix, fileSize, fileHash, objectType,
        storageFormat, serializer, compressionCodec, encryption, createdAt, newExpiresAt, generation, null,
        inlineValue, blobId, accessedAt);
  }

  /** This row with another generation and no signature (it must be re-signed). */
  public StoredRow withGeneration(Long newGeneration) {
    return new StoredRow(namespace, cacheKey, keyBytes, dataType, prefix, fileSize, fileHash, objectType,
        storageFormat, serializer, compressionCodec, encryption, createdAt, expiresAt, newGeneration, null,
        inlineValue, blobId, accessedAt);
  }
}
