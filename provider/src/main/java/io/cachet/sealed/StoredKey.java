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
  private final String legacyHash;

  StoredKey(Object key, String hash, byte[] bytes) {
    this(key, hash, bytes, null);
  }

  /**
   * @param legacyHash the hash of the bytes this key was stored under before keys were canonical, where it
   *     differs from {@code hash}; null else
   */
  StoredKey(Object key, String hash, byte[] bytes, String legacyHash) {
    this.key = Objects.requireNonNull(key, "key");
    this.hash = Objects.requireNonNull(hash, "hash");
    this.bytes = Objects.requireNonNull(bytes, "bytes");
    this.legacyHash = legacyHash;
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

  /** Where an entry stored before keys were canonical may still sit; null for most keys, whose bytes did not change. */
  String legacyHash() {
    return legacyHash;
  }

  /** This key as the entry stored under its legacy hash addresses it, with that entry's key bytes. */
  StoredKey atLegacyRow(byte[] rowKeyBytes) {
    return new StoredKey(key, legacyHash, rowKeyBytes);
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
