package io.cachet.sealed;

import io.cachet.SealInfo;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * One namespace of a {@link SealedStore}: sealed entries addressed by key.
 *
 * <p>Every read verifies the row's signature, the key bytes against the key hash, and the payload's size
 * and SHA-256 before anything is deserialized; an entry failing any check is reported as absent and
 * handled by the store's integrity policy (deleted by default). Thread-safe; individual calls are atomic;
 * a sequence of calls on a key is atomic, also against other processes sharing the store, when every writer
 * of the key makes it under {@link #lock}.
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
   * {@link #read} for several keys, their rows loaded in one transaction: the verified entries by key; absent
   * and refused keys are left out.
   */
  Map<StoredKey, SealedEntry> readAll(Collection<StoredKey> keys);

  /** Returned by an {@link ExpiryRule}: leave the key as it is. */
  long DO_NOT_WRITE = Long.MIN_VALUE;

  /** Chooses the expiry time of an entry being written from the entry it replaces. */
  @FunctionalInterface
  interface ExpiryRule {
    /**
     * @param replaced the verified entry under the key, unexpired at the new entry's creation time, with a
     *     null value (its payload is neither read nor checked); or null if there is none
     * @return epoch milliseconds after which the new entry is expired, {@link SealedEntry#ETERNAL}, or
     *     {@link #DO_NOT_WRITE}
     */
    long expiresAt(SealedEntry replaced);
  }

  /**
   * What a write did.
   *
   * @param stored how many of the entries were written
   * @param evictions how many other entries were evicted to keep the namespace within its limits
   */
  record Written(int stored, int evictions) {}

  /**
   * Stores each value under its key, replacing any entry, all in one transaction. The values are serialized
   * before this returns, so later changes to the objects do not reach the store.
   *
   * <p>The entries under the keys are read, their expiry times chosen and the new entries written in that
   * one transaction: no other writer, also in another process, comes between. {@code expiry} runs inside it,
   * once per key in the map's order, so it must be quick and must not use this store. A replaced row that
   * fails its checks is reported as a read would report it, and {@code expiry} sees no entry for it.
   *
   * @param values by key; two keys with the same stored form are one entry, the later value winning
   * @throws NullPointerException if a value is null
   * @throws SealedStoreException naming the offending class if a value cannot be serialized or is not
   *     allowed, if it is larger than the namespace's maximum value size, or if the write fails; nothing is
   *     then written
   */
  Written writeAll(Map<StoredKey, ?> values, long createdAt, ExpiryRule expiry);

  /** {@link #writeAll} for one entry. */
  default Written write(StoredKey key, Object value, long createdAt, ExpiryRule expiry) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(value, "value");
    return writeAll(Map.of(key, value), createdAt, expiry);
  }

  /**
   * {@link #writeAll} for one entry with a fixed expiry time.
   *
   * @param expiresAt epoch milliseconds after which the entry is expired, or {@link SealedEntry#ETERNAL}
   * @return how many other entries were evicted to keep the namespace within its limits
   */
  default int write(StoredKey key, Object value, long createdAt, long expiresAt) {
    return write(key, value, createdAt, replaced -> expiresAt).evictions();
  }

  /** A hold on keys, from {@link #lock}; closing it releases them. */
  interface KeyLock extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Blocks until this thread holds the keys against every other thread and process using this store's
   * locks, so that what it reads and then writes under them is one atomic step. Reentrant; several keys
   * are taken in one global order, so two holders never wait on each other.
   *
   * @throws SealedStoreException if the keys cannot be locked
   */
  KeyLock lock(Collection<StoredKey> keys);

  /**
   * Changes the expiry time of an entry (re-signing it) without rewriting its payload, if it is still the
   * entry read: a write since then wins.
   *
   * @param entry an entry read from this namespace
   * @return false if the key holds no entry or another one now
   */
  boolean updateExpiry(SealedEntry entry, long expiresAt);

  /**
   * For a caller removing a key that read as absent: deletes the row under it if that row failed its checks
   * and the integrity policy kept it on disk, so that the removed value cannot be read again later (by a
   * reader that can decode it, say an older application version). Nothing to do, and nothing done, when the
   * policy deletes refused rows.
   *
   * @return whether a row was deleted
   */
  boolean deleteKeptRefusal(StoredKey key);

  /** Deletes the entry under the key. @return whether a row existed */
  boolean delete(StoredKey key);

  /**
   * Deletes an entry if it is still the entry read: a write since then wins.
   *
   * @param entry an entry read from this namespace
   * @return whether it was deleted
   */
  boolean deleteIfUnchanged(SealedEntry entry);

  /**
   * Deletes up to {@code limit} entries expired at {@code now}, each only if it is still the entry found, and
   * returns them. Rows failing their checks are handled as reads handle them, and not returned.
   *
   * @param withValues whether the returned entries carry their values (verified and deserialized), or only
   *     their keys
   */
  List<SealedEntry> removeExpired(long now, int limit, boolean withValues);

  /** A listener's subscription; closing it stops the delivery. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }

  /**
   * Tells the listener of the changes other hosts sharing the store make to this namespace from now on, verified
   * ({@link RemoteChange}), on a background thread, once each: never of this store's own changes, and nothing
   * where the store has no change feed (the embedded store) or the namespace is unsigned. Best effort: changes
   * made while the feed is disconnected are not told.
   *
   * @param listener must be quick: it holds up the changes after it
   */
  default Subscription onRemoteChange(Consumer<RemoteChange> listener) {
    return () -> { };
  }

  /** Deletes every entry of the namespace, keeping the namespace. */
  void clear();

  /** A snapshot of the keys of all entries whose rows verify, in no particular order. */
  List<StoredKey> keys();

  /** How this namespace seals its entries. */
  SealInfo diagnostics();
}
