package io.cachet.store.postgres;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;

/**
 * The 64-bit ids of PostgreSQL advisory locks: SHA-256 of what is locked, its first 8 bytes. Advisory locks are
 * shared by the whole database, so the schema is part of every id (two schemas never share a lock but by a hash
 * collision), and so is what kind of lock it is: an {@link #entry} lock of {@code EntryLocks}, a {@link #row}
 * lock of a store's write on a key, or a {@link #ledger} lock of a namespace's ledgered writes. A collision only
 * makes two holders exclude each other needlessly.
 */
final class LockIds {
  private static final byte ENTRY = 'e';
  private static final byte ROW = 'r';
  private static final byte LEDGER = 'l';

  private final byte[] schema;

  LockIds(String schema) {
    this.schema = schema.getBytes(StandardCharsets.UTF_8);
  }

  /** The lock of {@code EntryLocks} on a key. */
  long entry(String namespace, String cacheKey) {
    return id(ENTRY, namespace, cacheKey);
  }

  /** The distinct locks of {@code EntryLocks} on these keys, in ascending order: the one global order. */
  long[] entries(String namespace, Collection<String> cacheKeys) {
    return cacheKeys.stream().mapToLong(key -> entry(namespace, key)).sorted().distinct().toArray();
  }

  /** The lock a store's write transaction takes on a key before reading it. */
  long row(String namespace, String cacheKey) {
    return id(ROW, namespace, cacheKey);
  }

  /** The lock a store's write transaction takes on a namespace whose ledger it keeps. */
  long ledger(String namespace) {
    return id(LEDGER, namespace, "");
  }

  private long id(byte kind, String namespace, String cacheKey) {
    MessageDigest sha256 = sha256();
    sha256.update(kind);
    sha256.update(schema);
    sha256.update((byte) 0);
    sha256.update(namespace.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) 0);
    sha256.update(cacheKey.getBytes(StandardCharsets.UTF_8));
    return ByteBuffer.wrap(sha256.digest()).getLong();
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("Every Java platform has SHA-256", e);
    }
  }
}
