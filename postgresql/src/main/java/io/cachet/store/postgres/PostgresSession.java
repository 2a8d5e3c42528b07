package io.cachet.store.postgres;

import io.cachet.store.jdbc.SqlSession;
import io.cachet.store.jdbc.StatementCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** One pooled connection for one operation, and the statements it prepared; confined to one thread. */
final class PostgresSession implements SqlSession, AutoCloseable {
  // The two-key form: its key space is apart from the one-key form of EntryLocks, so a store's write never waits
  // on a hold of EntryLocks, which the same thread may have taken on another connection.
  private static final String LOCK = "SELECT pg_advisory_xact_lock(?, ?)";

  private final Connection connection;
  private final LockIds lockIds;
  private final StatementCache statements;

  PostgresSession(Connection connection, LockIds lockIds) {
    this.connection = connection;
    this.lockIds = lockIds;
    this.statements = new StatementCache(connection);
  }

  Connection connection() {
    return connection;
  }

  /** The statement for this SQL, prepared on first use in this session. */
  @Override
  public PreparedStatement statement(String sql) throws SQLException {
    return statements.statement(sql);
  }

  /**
   * Waits until this transaction holds the write locks of the keys, until it ends, taken in ascending order of
   * their ids so that two writers of several keys never deadlock. Taken before the keys' rows are read, they also
   * serialize writers of a key that has no row yet, which no row lock can.
   */
  @Override
  public void lockRows(String namespace, Collection<String> cacheKeys) throws SQLException {
    List<Long> ids = new ArrayList<>(cacheKeys.size());
    for (String cacheKey : cacheKeys) {
      ids.add(lockIds.row(namespace, cacheKey));
    }
    ids.sort(Comparator.naturalOrder());
    for (long id : ids) {
      lock(id);
    }
  }

  /** Waits until this transaction holds the lock of the namespace's ledgered writes, until it ends. */
  @Override
  public void lockLedger(String namespace) throws SQLException {
    lock(lockIds.ledger(namespace));
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
    try {
      statements.closeAll();
    } catch (SQLException e) {
      failure = e;
    }
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
