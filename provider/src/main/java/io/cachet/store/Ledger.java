package io.cachet.store;

/**
 * Kept in step with one namespace's rows by the store: told of every row a transaction removes or writes, it
 * returns the state to store in the same transaction. An {@link EntryStore} given a ledger for a namespace
 * (see {@link EntryStore#keepLedger}) calls it in every transaction that deletes, writes or re-signs rows of
 * that namespace, one transaction at a time, from the thread running it.
 */
public interface Ledger {

  /**
   * A transaction that changes the namespace's rows begins.
   *
   * @param stored the ledger state as stored, or null if there is none
   */
  void begin(LedgerState stored);

  /** The generation for a row about to be written in place of {@code current} (null if none). */
  long nextGeneration(StoredRow current);

  /** A row of the namespace is deleted or replaced. */
  void removed(String cacheKey, Long generation, String signature);

  /** A row of the namespace is written. */
  void written(String cacheKey, Long generation, String signature);

  /** Every row of the namespace is deleted. */
  void cleared();

  /** The transaction is about to commit: the state to store with it. */
  LedgerState end();

  /** The transaction committed. Not called when it rolled back or its outcome is unknown. */
  void committed();

  /** Reads a namespace's ledger and rows for {@link EntryStore#audit}. */
  @FunctionalInterface
  interface Audit {
    /**
     * @param stored the ledger state as stored, or null if there is none
     * @param rows every row of the namespace, once each, as (cache key, generation, signature)
     * @return the state to store, or {@code stored} to leave it
     */
    LedgerState audit(LedgerState stored, Iterable<RowStamp> rows);
  }

  /** What a ledger needs of a row. */
  record RowStamp(String cacheKey, Long generation, String signature) {}
}
