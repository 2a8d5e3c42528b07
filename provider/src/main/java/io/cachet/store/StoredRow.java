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

  /** A builder of a row under this namespace and key; every other component starts null or 0. */
  public static Builder builder(String namespace, String cacheKey) {
    return new Builder(namespace, cacheKey);
  }

  /** What identifies this version of the row. */
  public RowVersion version() {
    return new RowVersion(entrySignature, createdAt, fileHash, expiresAt);
  }

  /** A builder holding this row's components. */
  public Builder toBuilder() {
    return builder(namespace, cacheKey).keyBytes(keyBytes).dataType(dataType).prefix(prefix).fileSize(fileSize)
        .fileHash(fileHash).objectType(objectType).storageFormat(storageFormat).serializer(serializer)
        .compressionCodec(compressionCodec).encryption(encryption).createdAt(createdAt).expiresAt(expiresAt)
        .generation(generation).entrySignature(entrySignature).inlineValue(inlineValue).blobId(blobId)
        .accessedAt(accessedAt);
  }

  /** This row with another signature. */
  public StoredRow withSignature(String signature) {
    return toBuilder().entrySignature(signature).build();
  }

  /** This row with another expiry time and no signature (it must be re-signed). */
  public StoredRow withExpiresAt(Long newExpiresAt) {
    return toBuilder().expiresAt(newExpiresAt).entrySignature(null).build();
  }

  /**
   * This row with another payload (re-encrypted under another key, say) and no signature (it must be re-signed).
   *
   * @param inlineValue the payload if stored inline, else null
   * @param blobId the blob holding the payload, else null
   */
  public StoredRow withPayload(long newFileSize, String newFileHash, byte[] inlineValue, String blobId) {
    return toBuilder().fileSize(newFileSize).fileHash(newFileHash).inlineValue(inlineValue).blobId(blobId)
        .entrySignature(null).build();
  }

  /** This row with another generation and no signature (it must be re-signed). */
  public StoredRow withGeneration(Long newGeneration) {
    return toBuilder().generation(newGeneration).entrySignature(null).build();
  }

  /** Sets a row's components by name; {@link #build()} checks them as the record does. */
  public static final class Builder {
    private final String namespace;
    private final String cacheKey;
    private byte[] keyBytes;
    private String dataType;
    private String prefix;
    private long fileSize;
    private String fileHash;
    private String objectType;
    private String storageFormat;
    private String serializer;
    private String compressionCodec;
    private String encryption;
    private long createdAt;
    private Long expiresAt;
    private Long generation;
    private String entrySignature;
    private byte[] inlineValue;
    private String blobId;
    private long accessedAt;

    private Builder(String namespace, String cacheKey) {
      this.namespace = namespace;
      this.cacheKey = cacheKey;
    }

    public Builder keyBytes(byte[] keyBytes) {
      this.keyBytes = keyBytes;
      return this;
    }

    public Builder dataType(String dataType) {
      this.dataType = dataType;
      return this;
    }

    public Builder prefix(String prefix) {
      this.prefix = prefix;
      return this;
    }

    public Builder fileSize(long fileSize) {
      this.fileSize = fileSize;
      return this;
    }

    public Builder fileHash(String fileHash) {
      this.fileHash = fileHash;
      return this;
    }

    public Builder objectType(String objectType) {
      this.objectType = objectType;
      return this;
    }

    public Builder storageFormat(String storageFormat) {
      this.storageFormat = storageFormat;
      return this;
    }

    public Builder serializer(String serializer) {
      this.serializer = serializer;
      return this;
    }

    public Builder compressionCodec(String compressionCodec) {
      this.compressionCodec = compressionCodec;
      return this;
    }

    public Builder encryption(String encryption) {
      this.encryption = encryption;
      return this;
    }

    public Builder createdAt(long createdAt) {
      this.createdAt = createdAt;
      return this;
    }

    public Builder expiresAt(Long expiresAt) {
      this.expiresAt = expiresAt;
      return this;
    }

    public Builder generation(Long generation) {
      this.generation = generation;
      return this;
    }

    public Builder entrySignature(String entrySignature) {
      this.entrySignature = entrySignature;
      return this;
    }

    public Builder inlineValue(byte[] inlineValue) {
      this.inlineValue = inlineValue;
      return this;
    }

    public Builder blobId(String blobId) {
      this.blobId = blobId;
      return this;
    }

    public Builder accessedAt(long accessedAt) {
      this.accessedAt = accessedAt;
      return this;
    }

    public StoredRow build() {
      return new StoredRow(namespace, cacheKey, keyBytes, dataType, prefix, fileSize, fileHash, objectType,
          storageFormat, serializer, compressionCodec, encryption, createdAt, expiresAt, generation, entrySignature,
          inlineValue, blobId, accessedAt);
    }
  }
}
