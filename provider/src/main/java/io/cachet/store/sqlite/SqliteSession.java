package io.cachet.store.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;

/** One SQLite connection and its prepared statements, reused across calls; confined to one thread at a time. */
final class SqliteSession implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  SqliteSession(Connection connection) {
    this.connection = connection;
  }

  /** The cached statement for this SQL, prepared on first use. */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    return statement;
  }

  /**
   * Forgets the prepared statements after a failed execution. sqlite-jdbc finalizes a statement whose step
   * fails with anything but BUSY, LOCKED, CONSTRAINT or MISUSE (an I/O error, a damaged database) while the
   * statement still reports itself open, so a cached one would fail every later call with "statement is not
   * executing" instead of the real error.
   */
  void discardStatements() {
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        // Already finalized by the driver; nothing else holds it.
      }
    }
    statements.clear();
  }

  @Override
  public void close() {
    try {
      for (PreparedStatement statement : statements.values()) {
        statement.close();
      }
      connection.close();
    } catch (SQLException e) {
      System.getLogger(SqliteSession.class.getName())
          .log(System.Logger.Level.WARNING, "Closing an SQLite connection failed", e);
    } finally {
      statements.clear();
    }
  }
}
