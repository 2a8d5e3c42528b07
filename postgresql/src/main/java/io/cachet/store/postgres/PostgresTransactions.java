package io.cachet.store.postgres;

import com.zaxxer.hikari.HikariDataSource;
import io.cachet.store.Ledger;
import io.cachet.store.StorageException;
import io.cachet.store.jdbc.Transactions;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Runs each operation of a store in its own transaction on a pooled connection. Writes run at READ COMMITTED:
 * they take the advisory locks of the keys and namespaces they change before reading them, and lock the rows
 * they read, so that no other writer comes between their reads and their writes; a transaction that still meets
 * another in a deadlock or a serialization failure is run again a few times. Reads that need one snapshot run at
 * REPEATABLE READ, read-only. Every failure leaves as a {@link StorageException}.
 */
final class PostgresTransactions implements Transactions {
  private static final int ATTEMPTS = 3;
  private static final String SNAPSHOT = "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY";

  private final HikariDataSource pool;
  private final LockIds lockIds;
  private final String password;
  private volatile boolean closed;

  PostgresTransactions(HikariDataSource pool, PostgresSettings settings) {
    this.pool = pool;
    this.lockIds = new LockIds(settings.schema());
    this.password = settings.password();
  }

  /** Runs the work outside a transaction: each statement sees its own snapshot, and commits on its own. */
  @Override
  public <T> T read(String operation, String namespace, Work<T> work) {
    try (PostgresSession session = session(operation, namespace)) {
      return work.run(session);
    } catch (SQLException e) {
      throw failure(operation, namespace, e);
    }
  }

  /** Runs the work outside a transaction: the statement commits on its own. */
  @Override
  public <T> T writeStatement(String operation, String namespace, Work<T> work) {
    return read(operation, namespace, work);
  }

  /** Runs the work outside a transaction, on a pooled connection like any other: PostgreSQL has no single writer. */
  @Override
  public <T> T maintain(String operation, Work<T> work) {
    return read(operation, null, work);
  }

  /** Runs the work in one read-only transaction: one snapshot. */
  @Override
  public <T> T readSnapshot(String operation, String namespace, Work<T> work) {
    try (PostgresSession session = session(operation, namespace)) {
      Connection connection = session.connection();
      connection.setAutoCommit(false);
      try {
        session.statement(SNAPSHOT).execute();
        T result = work.run(session);
        connection.commit();
        return result;
      } catch (SQLException | RuntimeException e) {
        rollback(connection, e);
        throw e;
      }
    } catch (SQLException e) {
      throw failure(operation, namespace, e);
    }
  }

  /** Runs the work in a write transaction. */
  @Override
  public <T> T write(String operation, String namespace, Work<T> work) {
    return write(operation, namespace, work, null);
  }

  /**
   * Runs the work in a write transaction and, once it committed, tells the ledger, if any. A transaction that
   * rolled back for a deadlock or a serialization failure is run again from the start, work and all.
   */
  @Override
  public <T> T write(String operation, String namespace, Work<T> work, Ledger ledger) {
    for (int attempt = 1; ; attempt++) {
      try (PostgresSession session = session(operation, namespace)) {
        Connection connection = session.connection();
        connection.setAutoCommit(false);
        T result;
        try {
          result = work.run(session);
          connection.commit();
        } catch (SQLException | RuntimeException e) {
          rollback(connection, e);
          throw e;
        }
        if (ledger != null) {
          ledger.committed();
        }
        return result;
      } catch (SQLException e) {
        if (attempt >= ATTEMPTS || !PostgresFailures.isRetryable(e)) {
          throw failure(operation, namespace, e);
        }
      }
    }
  }

  private PostgresSession session(String operation, String namespace) throws SQLException {
    if (closed) {
      throw PostgresFailures.closed(operation, namespace);
    }
    // Namespace names are text columns, which cannot hold U+0000: said here, before the server answers with an
    // encoding error. Keys are stored as bytes and hashes, so they may hold it.
    if (namespace != null && namespace.indexOf('\u0000') >= 0) {
      throw StorageException.of(StorageException.Kind.IO, operation).namespace(namespace)
          .because("a cache name on the PostgreSQL store cannot contain the character U+0000");
    }
    return new PostgresSession(pool.getConnection(), lockIds);
  }

  private static void rollback(Connection connection, Exception failure) {
    try {
      connection.rollback();
    } catch (SQLException e) {
      // The pool closes a connection whose rollback failed, which ends the transaction on the server.
      failure.addSuppressed(e);
    }
  }

  private StorageException failure(String operation, String namespace, SQLException e) {
    if (closed) {
      return PostgresFailures.closed(operation, namespace);
    }
    return PostgresFailures.failure(operation, namespace, e, password);
  }

  /** Closes the pool: its connections, and with them whatever transactions are open. Idempotent. */
  @Override
  public void close() {
    closed = true;
    pool.close();
  }
}
