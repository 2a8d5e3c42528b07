package io.cachet.store;

/** Rows for the store tests, with plain defaults for whatever a test does not set. */
public final class TestRow {
  private TestRow() {}

  /** An inline, unsigned, eternal row of 3 bytes created and accessed at 10. */
  public static StoredRow.Builder of(String namespace, String cacheKey) {
    return StoredRow.builder(namespace, cacheKey).keyBytes(new byte[] {1, 2}).dataType("object").prefix(namespace)
        .fileSize(3).fileHash("h").objectType("java.lang.String").storageFormat(StoredRow.INLINE)
        .serializer("kryo5").compressionCodec("none").encryption(StoredRow.NO_ENCRYPTION).createdAt(10)
        .inlineValue(new byte[] {7, 8, 9}).accessedAt(10);
  }

  /** {@code row} stored in this blob instead of inline. */
  public static StoredRow.Builder inBlob(StoredRow.Builder row, String blobId) {
    return row.storageFormat(StoredRow.BLOB).inlineValue(null).blobId(blobId);
  }

  /** The row most store tests use: inline unless it has a blob id. */
  public static StoredRow row(String namespace, String cacheKey, String signature, String blobId, Long expiresAt) {
    StoredRow.Builder row = of(namespace, cacheKey).entrySignature(signature).expiresAt(expiresAt);
    return (blobId == null ? row : inBlob(row, blobId)).build();
  }
}
