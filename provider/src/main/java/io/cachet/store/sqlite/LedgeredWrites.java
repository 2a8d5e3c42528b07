package io.cachet.store.sqlite;

import io.cachet.store.Ledger;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The ledgers kept for namespaces, and write transactions on a namespace's rows that keep its ledger in step. */
final class LedgeredWrites {

  /** A unit of work on the writer's session that changes rows of one namespace and tells its ledger. */
  @FunctionalInterface
  interface Work<T> {
    T run(SqliteSession session, Ledger ledger) throws SQLException;
  }

  private final SqliteTransactions transactions;
  private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();

  LedgeredWrites(SqliteTransactions transactions) {
    this.transactions = transactions;
  }

  /** Keeps the ledger for the namespace from now on; null keeps none. */
  void keep(String namespace, Ledger ledger) {
    if (ledger == null) {
      ledgers.remove(namespace);
    } else {
      ledgers.put(namespace, ledger);
    }
  }

  /** Whether a ledger is kept for the namespace. */
  boolean keeps(String namespace) {
    return ledgers.containsKey(namespace);
  }

  /**
   * A write transaction on rows of a namespace: its ledger, if it keeps one, begins with the stored state, is
   * told of every row the work removes or writes, and its new state is committed with them.
   */
  <T> T write(String operation, String namespace, Work<T> work) {
    Ledger ledger = ledgers.get(namespace);
    if (ledger == null) {
      return transactions.write(operation, namespace, session -> work.run(session, LedgerTables.NO_LEDGER));
    }
    return transactions.write(operation, namespace, session -> {
      T result;
      try (LedgerTables.Reads reads = new LedgerTables.Reads(session, namespace)) {
        ledger.begin(LedgerTables.read(session, namespace), reads);
        result = work.run(session, ledger);
      }
      LedgerTables.store(session, namespace, ledger.end());
      return result;
    }, ledger);
  }
}
