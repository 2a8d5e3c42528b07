package io.cachet.store.postgres;

import io.cachet.store.Ledger;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/** The ledgers kept for namespaces, and write transactions on a namespace's rows that keep its ledger in step. */
final class LedgeredWrites {

  /** A unit of work in a write transaction that changes rows of one namespace and tells its ledger. */
  @FunctionalInterface
  interface Work<T> {
    T run(PostgresSession session, Ledger ledger) throws SQLException;
  }

  /**
   * A ledger and the lock its transactions in this process take, in addition to the namespace's advisory lock:
   * the advisory lock orders them on the server, this one also orders them in the Java memory model, so that
   * each transaction's thread sees what the one before told the ledger.
   */
  private record Kept(Ledger ledger, ReentrantLock lock) {}

  private final PostgresTransactions transactions;
  private final Map<String, Kept> ledgers = new ConcurrentHashMap<>();

  LedgeredWrites(PostgresTransactions transactions) {
    this.transactions = transactions;
  }

  /** Keeps the ledger for the namespace from now on; null keeps none. */
  void keep(String namespace, Ledger ledger) {
    if (ledger == null) {
      ledgers.remove(namespace);
    } else {
      ledgers.put(namespace, new Kept(ledger, new ReentrantLock()));
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
    Kept kept = ledgers.get(namespace);
    if (kept == null) {
      return transactions.write(operation, namespace, session -> work.run(session, LedgerTables.NO_LEDGER));
    }
    Ledger ledger = kept.ledger();
    kept.lock().lock();
    try {
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
    } finally {
      kept.lock().unlock();
    }
  }

  /** A write transaction that no ledgered write of the namespace comes between, for an audit. */
  <T> T exclusive(String operation, String namespace, PostgresTransactions.Work<T> work) {
    return transactions.write(operation, namespace, session -> {
      session.lockLedger(namespace);
      return work.run(session);
    });
  }
}
