package io.cachet.sealed;

import java.util.Objects;

/**
 * A key in stored form: the key object (a private copy when read back from the store) and the hex SHA-256
 * that addresses it. Equal keys have equal hashes, so the hash is what identifies an entry.
 */
public final class StoredKey {
  private final Object key;
  private final String hash;
  private final byte[] bytes;

  StoredKey(Object key, String hash, byte[] bytes) {
    this.key = Objects.requireNonNull(key, "key");
    this.hash = Objects.requireNonNull(hash, "hash");
    this.bytes = Objects.requireNonNull(bytes, "bytes");
  }

  /** The key object. */
  public Object key() {
    return key;
  }

  /** Lowercase hex SHA-256 of the key's serialized bytes, the entry's address. */
  public String hash() {
    return hash;
  }

  byte[] bytes() {
    return bytes;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof StoredKey that && hash.equals(that.hash);
  }

  @Override
  public int hashCode() {
    return hash.hashCode();
  }

  @Override
  public String toString() {
    return "StoredKey[" + hash + "]";
  }
}
