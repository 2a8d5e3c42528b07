package io.cachet.sealed;

import java.time.InstantSource;
import java.util.List;
import java.util.Set;

/**
 * All sealed namespaces under one root. Thread-safe; several instances, in this or other processes, may
 * share a root.
 */
public interface SealedStore extends AutoCloseable {

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
