package io.cachet.store.postgres;

import io.cachet.store.Ledger;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The ledgers kept for namespaces, and write transactions on a namespace's rows that keep its ledger in step. */
final class LedgeredWrites {

  /** A unit of work in a write transaction that changes rows of one namespace and tells its ledger. */
  @FunctionalInterface
  interface Work<T> {
    T run(PostgresSession session, Ledger ledger) throws SQLException;
  }

  private final PostgresTransactions transactions;
  private final Map<String, Ledger> ledgers = new ConcurrentHashMap<>();

  LedgeredWrites(PostgresTransactions transactions) {
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
   * A write transaction on rows of a namespace: if it keeps a ledger, the transaction first takes the namespace's
   * ledger lock, so that its ledgered writes, from every host, run one at a time as the ledger requires; the
   * ledger begins with the stored state, is told of every row the work removes or writes, and its new state is
   * committed with them. A transaction run again after a deadlock begins the ledger again.
   */
  <T> T write(String operation, String namespace, Work<T> work) {
    Ledger ledger = ledgers.get(namespace);
    if (ledger == null) {
      return transactions.write(operation, namespace, session -> work.run(session, LedgerTables.NO_LEDGER));
    }
    return transactions.write(operation, namespace, session -> {
      session.lockLedger(namespace);
      T result;
      try (LedgerTables.Reads reads = new LedgerTables.Reads(session, namespace)) {
        ledger.begin(LedgerTables.read(session, namespace), reads);
        result = work.run(session, ledger);
      }
      LedgerTables.store(session, namespace, ledger.end());
      return result;
    }, ledger);
  }

  /** A write transaction that no ledgered write of the namespace comes between, for an audit. */
  <T> T exclusive(String operation, String namespace, PostgresTransactions.Work<T> work) {
    return transactions.write(operation, namespace, session -> {
      session.lockLedger(namespace);
      return work.run(session);
    });
  }
}
