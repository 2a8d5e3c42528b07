package io.cachet.store.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** One pooled connection for one operation, and the statements it prepared; confined to one thread. */
final class PostgresSession implements AutoCloseable {
  // The two-key form: its key space is apart from the one-key form of EntryLocks, so a store's write never waits
  // on a hold of EntryLocks, which the same thread may have taken on another connection.
  private static final String LOCK = "SELECT pg_advisory_xact_lock(?, ?)";

  private final Connection connection;
  private final LockIds lockIds;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  PostgresSession(Connection connection, LockIds lockIds) {
    this.connection = connection;
    this.lockIds = lockIds;
  }

  Connection connection() {
    return connection;
  }

  /** The statement for this SQL, prepared on first use in this session. */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /**
   * Waits until this transaction holds the write lock of the key, until it ends. Taken before the key's row is
   * read, it also serializes writers of a key that has no row yet, which no row lock can.
   */
  void lockRow(String namespace, String cacheKey) throws SQLException {
    lock(lockIds.row(namespace, cacheKey));
  }

  /** Waits until this transaction holds the lock of the namespace's ledgered writes, until it ends. */
  void lockLedger(String namespace) throws SQLException {
    lock(lockIds.ledger(namespace));
  }

  /** The id of the key's write lock: keys are locked in ascending order of it, so that writers never deadlock. */
  long rowLockId(String namespace, String cacheKey) {
    return lockIds.row(namespace, cacheKey);
  }

  private void lock(long id) throws SQLException {
    PreparedStatement lock = statement(LOCK);
    lock.setInt(1, (int) (id >>> 32));
    lock.setInt(2, (int) id);
    lock.execute();
  }

  /** Closes the statements and gives the connection back to the pool. */
  @Override
  public void close() throws SQLException {
    SQLException failure = null;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        failure = e;
      }
    }
    statements.clear();
    try {
      connection.close();
    } catch (SQLException e) {
      failure = e;
    }
    if (failure != null) {
      throw failure;
    }
  }
}
