package io.cachet.store.sqlite;

import io.cachet.store.jdbc.SqlSession;
import io.cachet.store.jdbc.StatementCache;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/** One SQLite connection and its prepared statements, reused across calls; confined to one thread at a time. */
final class SqliteSession implements SqlSession, AutoCloseable {
  private final Connection connection;
  private final StatementCache statements;

  SqliteSession(Connection connection) {
    this.connection = connection;
    this.statements = new StatementCache(connection);
  }

  /** The cached statement for this SQL, prepared on first use. */
  @Override
  public PreparedStatement statement(String sql) throws SQLException {
    return statements.statement(sql);
  }

  /**
   * Forgets the prepared statements after a failed execution. sqlite-jdbc finalizes a statement whose step
   * fails with anything but BUSY, LOCKED, CONSTRAINT or MISUSE (an I/O error, a damaged database) while the
   * statement still reports itself open, so a cached one would fail every later call with "statement is not
   * executing" instead of the real error.
   */
  void discardStatements() {
    try {
      statements.closeAll();
    } catch (SQLException e) {
      // Already finalized by the driver; nothing else holds it.
    }
  }

  @Override
  public void close() {
    try {
      statements.closeAll();
      connection.close();
    } catch (SQLException e) {
      System.getLogger(SqliteSession.class.getName())
          .log(System.Logger.Level.WARNING, "Closing an SQLite connection failed", e);
    }
  }
}
