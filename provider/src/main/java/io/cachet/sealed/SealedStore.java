package io.cachet.sealed;

import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * All sealed namespaces under one root. Thread-safe; several instances, in this or other processes, may
 * share a root.
 */
public interface SealedStore extends AutoCloseable {
  /** How many entries one transaction of a key rotation re-signs, unless told otherwise. */
  int ROTATION_BATCH = 500;

  /**
   * Opens the namespace with this name, re-attaching whatever an earlier process stored in it, or
   * creating it (and recording it durably) if it does not exist yet.
   *
   * @param options how the namespace seals, verifies and limits its entries
   * @throws SealedStoreException if the namespace cannot be recorded, or its signing key file is damaged,
   *     unsafe, or missing while the namespace holds signed entries (the message names the file)
   */
  SealedNamespace attach(String name, NamespaceOptions options);

  /** Whether a namespace with this name has been recorded under the root (by any process). */
  boolean exists(String name);

  /** The names of all namespaces recorded under the root. */
  Set<String> names();

  /**
   * Every recorded namespace with what its rows hold, counted as stored (nothing is verified or loaded), by name:
   * what an operator lists.
   *
   * @throws SealedStoreException if the store cannot be read
   */
  List<CacheSummary> summarize();

  /**
   * Checks every row of one cache, or of all and the store as a whole, as an application would read it, short of
   * deserializing, and changes nothing: for operators, beside the applications using the store. Meant for a store
   * instance that has no namespace attached.
   *
   * @param cache the cache to audit, or null for every cache and the store as a whole
   * @throws IllegalArgumentException if the named cache is not recorded
   * @throws SealedStoreException if the store cannot be read
   */
  StoreAudit audit(String cache, AuditProgress progress);

  /**
   * A cache's rows with their signed metadata and what checking each finds, as {@link #audit} checks them; keys and
   * values are decoded only when asked for, only from rows that verified, and only through the class filter.
   * Changes nothing.
   *
   * @param keyHash the one row to inspect, or null for the first {@code limit} rows by key hash
   * @param values whether to decode keys and values
   * @param allowedClasses patterns of classes allowed beyond the defaults, as the {@code allowedClasses} option
   * @throws IllegalArgumentException if the cache is not recorded
   * @throws SealedStoreException if the store cannot be read
   */
  List<InspectedRow> inspect(String cache, String keyHash, int limit, boolean values, List<String> allowedClasses);

  /**
   * {@link #audit} of the whole store that deletes what it finds: rows an application would refuse (each only if
   * still the version found), orphan blobs, rows and blobs of caches without a record, caches whose rows cannot be
   * verified; then compacts the database. Meant for a store instance that has no namespace attached.
   *
   * @return what was found, each finding saying whether it was removed
   * @throws SealedStoreException if the store cannot be read or written
   */
  StoreAudit repair(AuditProgress progress);

  /**
   * Rotates a namespace's signing key to the key in {@code newKeyFile} (a plain file name in the root, created with
   * mode 0600 if missing) without losing its entries, while processes keep using it: each entry is checked and
   * re-signed with the new key (re-encrypted if encrypted), the old key is accepted until then, and every process
   * writes with the new key from a quarter of a second after the rotation begins. Resumes a rotation to the same key
   * that was stopped. Blocks until done.
   *
   * @param batch how many entries one transaction re-signs
   * @param deleteRefused whether an entry that fails its checks is deleted (else it is kept as it is, signed with the
   *     old key: a miss, as every refused entry, that {@code verify} reports)
   * @throws IllegalArgumentException if the namespace is not recorded, not signed with a key file, or is being
   *     rotated to another key
   * @throws SealedStoreException if a key file cannot be loaded, the record does not verify, or the store fails
   */
  KeyRotationResult rotateKey(String name, String newKeyFile, int batch, boolean deleteRefused,
      RotationProgress progress);

  /**
   * Deletes every row and blob of a namespace and keeps its record, so that applications using it go on with an
   * empty cache. Meant for a store instance that has no namespace attached.
   *
   * @return the rows there were
   * @throws IllegalArgumentException if the namespace is not recorded
   * @throws SealedStoreException if the store cannot be read or written
   */
  long purge(String name);

  /**
   * Deletes the namespace: its record, every row and every blob. A no-op if it does not exist.
   * {@link SealedNamespace} handles already attached to it must not be used afterwards.
   */
  void destroy(String name);

  /**
   * {@return the clock that stamps writes and decides expiry: the manager's, or, for a store shared by several
   * hosts, the clock they all follow}
   */
  InstantSource clock();

  /** Releases connections and files. Idempotent. Stored data stays. */
  @Override
  void close();
}
