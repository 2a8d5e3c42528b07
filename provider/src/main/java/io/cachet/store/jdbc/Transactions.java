package io.cachet.store.jdbc;

import io.cachet.store.Ledger;
import io.cachet.store.StorageException;
import java.sql.SQLException;
import java.util.function.Supplier;

/**
 * How a backend runs work on its sessions: every failure leaves as a {@link StorageException} of the kind the
 * database reported.
 */
public interface Transactions extends AutoCloseable {

  /** A unit of work on one session. */
  @FunctionalInterface
  interface Work<T> {
    T run(SqlSession session) throws SQLException;
  }

  /** Runs reads outside a transaction: each statement sees its own snapshot. */
  <T> T read(String operation, String namespace, Work<T> work);

  /** Runs reads in one read transaction: one snapshot. */
  <T> T readSnapshot(String operation, String namespace, Work<T> work);

  /** Runs the work in a write transaction. */
  <T> T write(String operation, String namespace, Work<T> work);

  /** Runs the work in a write transaction and, once it committed, tells the ledger. */
  <T> T write(String operation, String namespace, Work<T> work, Ledger ledger);

  /** Runs one write statement, in whatever transaction the backend needs for one. */
  <T> T writeStatement(String operation, String namespace, Work<T> work);

  /**
   * Runs work that must not run inside a transaction (an SQLite checkpoint) on the connection the store writes
   * with, no write of this store coming between its statements.
   *
   * @throws StorageException where every write fails ({@link #readOnly()}), before anything runs
   */
  <T> T maintain(String operation, Work<T> work);

  /** Whether every write fails: then an audit only reads. */
  default boolean readOnly() {
    return false;
  }

  /** Runs a delete, and again once if the backend can free space for it after it failed for a full disk. */
  default <T> T freeingSpace(Supplier<T> delete) {
    return delete.get();
  }

  @Override
  void close();
}
