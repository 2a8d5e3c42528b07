package io.cachet.store.jdbc;

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
    T run(SqlSession session, Ledger ledger) throws SQLException;
  }

  /**
   * A ledger and the lock its transactions in this process take, in addition to whatever lock the session takes
   * ({@link SqlSession#lockLedger}): a lock on the server orders them there, this one also orders them in the
   * Java memory model, so that each transaction's thread sees what the one before told the ledger.
   */
  private record Kept(Ledger ledger, ReentrantLock lock) {}

  private final Transactions transactions;
  private final LedgerTables tables;
  private final Map<String, Kept> ledgers = new ConcurrentHashMap<>();

  LedgeredWrites(Transactions transactions, LedgerTables tables) {
    this.transactions = transactions;
    this.tables = tables;
  }

  /** The ledger tables its transactions read and write. */
  LedgerTables tables() {
    return tables;
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
   * ledger lock, so that its ledgered writes, from every process, run one at a time as the ledger requires; the
   * ledger begins with the stored state, is told of every row the work removes or writes, and its new state is
   * committed with them. A transaction the backend runs again begins the ledger again.
   */
  <T> T write(String operation, String namespace, Work<T> work) {
    Kept kept = ledgers.get(namespace);
    if (kept == null) {
      return transactions.write(operation, namespace, session -> work.run(session, LedgerTables.NO_LEDGER));
    }
    Ledger ledger = kept.ledger();
    ledger.beforeTransaction();
    kept.lock().lock();
    try {
      return transactions.write(operation, namespace, session -> {
        session.lockLedger(namespace);
        T result;
        try (LedgerTables.Reads reads = tables.reads(session, namespace)) {
          ledger.begin(LedgerTables.read(session, namespace), reads);
          result = work.run(session, ledger);
        }
        tables.store(session, namespace, ledger.end());
        return result;
      }, ledger);
    } finally {
      kept.lock().unlock();
    }
  }
}
