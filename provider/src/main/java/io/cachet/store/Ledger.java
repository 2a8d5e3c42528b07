package io.cachet.store;

import java.util.List;

/**
 * Kept in step with one namespace's rows by the store: told of every row a transaction removes or writes, it
 * returns the state to store, and the journal entries to append, in the same transaction. An
 * {@link EntryStore} given a ledger for a namespace (see {@link EntryStore#keepLedger}) calls it in every
 * transaction that deletes, writes or re-signs rows of that namespace, one transaction at a time, from the
 * thread running it.
 */
public interface Ledger {

  /**
   * A transaction that may change the namespace's rows is about to begin: called before it, outside every transaction
   * and lock of the store, so that the ledger may read what it needs first (the keys that seal it) without holding a
   * connection while it waits for another.
   */
  default void beforeTransaction() {}

  /**
   * A transaction that changes the namespace's rows begins.
   *
   * @param stored the ledger state as stored, or null if there is none
   * @param reads the journal and the rows as this transaction sees them
   */
  void begin(LedgerState stored, Reads reads);

  /** The generation for a row about to be written in place of {@code current} (null if none). */
  long nextGeneration(StoredRow current);

  /** A row of the namespace is deleted or replaced. */
  void removed(String cacheKey, Long generation, String signature);

  /** A row of the namespace is written. */
  void written(String cacheKey, Long generation, String signature);

  /** Every row of the namespace is deleted. */
  void cleared();

  /** The transaction is about to commit: what to store with it, never null. */
  Update end();

  /** The transaction committed. Not called when it rolled back or its outcome is unknown. */
  void committed();

  /**
   * What a transaction stores of the ledger.
   *
   * @param state the new state
   * @param appended journal entries to add, in generation order
   * @param keepFrom journal entries of an older generation are deleted; 0 keeps them all
   */
  record Update(LedgerState state, List<JournalEntry> appended, long keepFrom) {}

  /** The namespace's journal and rows, read in the transaction (one snapshot) that the ledger is part of. */
  interface Reads {
    /** The journal's entries after this generation, in generation order. */
    List<JournalEntry> journalAfter(long generation);

    /** Every row of the namespace, once each. */
    Iterable<RowStamp> rows();
  }

  /** Checks a namespace's rows against its ledger, for {@link EntryStore#audit}. */
  @FunctionalInterface
  interface Audit {
    /**
     * @param stored the ledger state as stored, or null if there is none
     * @return what to store, or null to leave the ledger as it is
     */
    Update audit(LedgerState stored, Reads reads);
  }

  /** Reads a namespace's ledger, for {@link EntryStore#readLedger}. */
  @FunctionalInterface
  interface Reader<T> {
    T read(LedgerState stored, Reads reads);
  }

  /** What a ledger needs of a row. */
  record RowStamp(String cacheKey, Long generation, String signature) {}
}
