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
