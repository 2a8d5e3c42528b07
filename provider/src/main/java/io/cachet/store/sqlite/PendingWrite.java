package io.cachet.store.sqlite;

import io.cachet.store.Ledger;
import io.cachet.store.jdbc.Transactions;
import java.sql.SQLException;

/**
 * A write waiting for the writer's next transaction, and its outcome once that transaction committed or failed.
 * Its fields are written by the thread that ran the transaction and read by the waiting thread, each holding the
 * writer's lock, which orders them.
 */
final class PendingWrite<T> {
  final String operation;
  final String namespace;
  private final Transactions.Work<T> work;
  private final Ledger ledger;
  private boolean done;
  private T result;
  private Throwable failure;

  PendingWrite(String operation, String namespace, Transactions.Work<T> work, Ledger ledger) {
    this.operation = operation;
    this.namespace = namespace;
    this.work = work;
    this.ledger = ledger;
  }

  /** Runs the work in the writer's open transaction, keeping its result until the commit. */
  void run(SqliteSession writer) throws SQLException {
    result = work.run(writer);
  }

  /** The transaction holding this write committed: tells its ledger, then acknowledges the write. */
  void committed() {
    try {
      if (ledger != null) {
        ledger.committed();
      }
    } catch (RuntimeException | Error e) {
      failure = e;
    }
    done = true;
  }

  /** The write failed: its work threw, or its transaction rolled back or could not be run. */
  void failed(Throwable e) {
    failure = e;
    result = null;
    done = true;
  }

  boolean done() {
    return done;
  }

  /** The work's result, or its failure rethrown as it was: a storage failure, or the work's own exception. */
  T outcome() {
    if (failure instanceof RuntimeException e) {
      throw e;
    }
    if (failure instanceof Error e) {
      throw e;
    }
    if (failure != null) {
      throw new IllegalStateException("A write failed with a checked exception", failure);
    }
    return result;
  }
}

