package io.cachet.store;

/**
 * Rows for the store tests, with plain defaults for whatever a test does not set. {@link #build()} is the one
 * place the kit constructs a {@link StoredRow}.
 */
public final class TestRow {
  private final String namespace;
  private final String cacheKey;
  private byte[] keyBytes = {1, 2};
  private String objectType = "java.lang.String";
  private long fileSize = 3;
  private String fileHash = "h";
  private long createdAt = 10;
  private Long expiresAt;
  private Long generation;
  private String signature;
  private byte[] inlineValue = {7, 8, 9};
  private String blobId;
  private long accessedAt = 10;

  private TestRow(String namespace, String cacheKey) {
    this.namespace = namespace;
    this.cacheKey = cacheKey;
  }

  /** An inline, unsigned, eternal row of 3 bytes created and accessed at 10. */
  public static TestRow of(String namespace, String cacheKey) {
    return new TestRow(namespace, cacheKey);
  }

  /** The row most store tests use: inline unless it has a blob id. */
  public static StoredRow row(String namespace, String cacheKey, String signature, String blobId, Long expiresAt) {
    return of(namespace, cacheKey).signature(signature).blob(blobId).expiresAt(expiresAt).build();
  }

  public TestRow keyBytes(byte[] bytes) {
    keyBytes = bytes;
    return this;
  }

  public TestRow objectType(String type) {
    objectType = type;
    return this;
  }

  public TestRow fileSize(long size) {
    fileSize = size;
    return this;
  }

  public TestRow fileHash(String hash) {
    fileHash = hash;
    return this;
  }

  public TestRow createdAt(long millis) {
    createdAt = millis;
    return this;
  }

  public TestRow expiresAt(Long millis) {
    expiresAt = millis;
    return this;
  }

  public TestRow generation(Long value) {
    generation = value;
    return this;
  }

  public TestRow signature(String value) {
    signature = value;
    return this;
  }

  public TestRow inlineValue(byte[] bytes) {
    inlineValue = bytes;
    return this;
  }

  /** Stored in this blob (no inline value), or inline if the id is null. */
  public TestRow blob(String id) {
    blobId = id;
    return this;
  }

  public TestRow accessedAt(long millis) {
    accessedAt = millis;
    return this;
  }

  public StoredRow build() {
    boolean inline = blobId == null;
    return new StoredRow(namespace, cacheKey, keyBytes, "object", namespace, fileSize, fileHash, objectType,
        inline ? StoredRow.INLINE : StoredRow.BLOB, "kryo5", "none", StoredRow.NO_ENCRYPTION, createdAt, expiresAt,
        generation, signature, inline ? inlineValue : null, blobId, accessedAt);
  }
}
