package io.cachet.sealed;

import io.cachet.store.StoredRow;

/**
 * Tells a namespace's current rows from genuine older ones put back (DESIGN §6, freshness): gives each write
 * its generation, which its signature covers, and refuses a row older than what is known of its key.
 */
interface Freshness {

  /** The generation of a row about to be written in place of {@code current} (null if none). */
  long nextGeneration(StoredRow current);

  /**
   * Refuses a row whose signature verified unless it is current.
   *
   * @param ledgerGeneration the ledger's generation in the snapshot the row was read from, or -1 if unknown
   */
  void check(StoredRow row, long ledgerGeneration) throws RefusedEntry;

  /** A row that verified was read. */
  void sawRead(StoredRow row);

  /** This process's write of the key, of this generation, committed. */
  void sawWrite(String cacheKey, long generation);

  /**
   * This process removed the key's row of this generation.
   *
   * @param generation the removed row's generation, or null if it had none
   */
  void sawRemoval(String cacheKey, Long generation);

  /** A generation older than any row written from now on, to pass to {@link #sawClear} after a clear. */
  long now();

  /** This process removed every row written before {@code now}. */
  void sawClear(long now);
}
